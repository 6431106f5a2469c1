import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  target: 'node24',
  dts: process.env.PN_BUILD_DTS !== '0' ? { entry: { index: 'src/index.ts' } } : false,
  clean: true,
  sourcemap: true,
});
