import pkg from '../package.json' with { type: 'json' };

/** The version of this core. */
export const CORE_VERSION: string = pkg.version;
/** The HTTP API version, the `v1` in `/api/v1`. */
export const API_VERSION = 'v1' as const;
