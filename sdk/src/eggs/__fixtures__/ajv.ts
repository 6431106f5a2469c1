import { Ajv, type Options } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';

// ajv-formats is CommonJS: depending on the loader its function is the default import itself or
// sits on its `default` property.
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin);

/** An Ajv instance with the standard formats, as a consumer of parameter schemas would set it up. */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, ...options });
  addFormats(ajv);
  return ajv;
}
