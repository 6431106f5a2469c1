import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  target: 'node24',
  dts: process.env.PN_BUILD_DTS !== '0',
  clean: true,
  sourcemap: true,
});
