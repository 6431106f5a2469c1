export { SDK_VERSION } from './version.ts';
