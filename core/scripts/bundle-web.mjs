// `prepack`: copies the built web panel (the workspace's web/dist/spa) into this package's web/
// folder, so a core installed from its tarball serves the panel without the workspace.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const pkg = new URL('..', import.meta.url).pathname;
const built = join(pkg, '..', 'web', 'dist', 'spa');
const target = join(pkg, 'web');

rmSync(target, { recursive: true, force: true });
if (existsSync(join(built, 'index.html'))) {
  cpSync(built, target, { recursive: true });
  // stderr: `npm pack --json` prints its report on stdout.
  console.error(`bundled the web panel from ${built}`);
} else {
  console.warn(
    'the web panel is not built (npm run build -w @pteronimbus/web): this package ships the API ' +
      'only; set PTERONIMBUS_WEB_ROOT where it runs, or build the panel and pack again',
  );
}
