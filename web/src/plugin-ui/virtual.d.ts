declare module 'virtual:pteronimbus/plugin-ui' {
  /** One installed package with web UI, keyed by plugin id; `load` imports its web entry. */
  export const pluginUiSources: Record<
    string,
    { packageName: string; version: string; load: () => Promise<Record<string, unknown>> }
  >;
}
