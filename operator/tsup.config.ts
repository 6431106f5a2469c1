import { defineConfig } from 'tsup';

export default defineConfig({
  // `main` is the operator process (the container's entry point), `index` the library.
  entry: { index: 'src/index.ts', main: 'src/main.ts' },
  format: ['esm'],
  target: 'node24',
  dts: process.env.PN_BUILD_DTS !== '0' ? { entry: { index: 'src/index.ts' } } : false,
  clean: true,
  sourcemap: true,
});
