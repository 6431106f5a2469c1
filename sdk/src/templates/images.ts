import type { GameTemplateSpec, TemplateImage } from './schema.ts';

const lastWord = (label: string) => label.trim().split(/\s+/).pop() ?? '';

/**
 * The image a server runs, chosen by the value of the template's `imageParameter` (in
 * environment form, as `parameterEnvironment` gives it): the image whose `value` equals it;
 * else the one whose label equals it, or ends with it as a word ("Java 17" for `17`), case aside;
 * else, and for a template without an image parameter, the first image.
 */
export function chooseImage(
  template: Pick<GameTemplateSpec, 'images' | 'imageParameter'>,
  environment: Readonly<Record<string, string>>,
): TemplateImage {
  const first = template.images[0] as TemplateImage;
  const name = template.imageParameter;
  const value = name === undefined ? undefined : environment[name]?.trim().toLowerCase();
  if (!value) return first;
  const byValue = template.images.find((i) => i.value?.toLowerCase() === value);
  const byLabel = template.images.find(
    (i) =>
      i.value === undefined &&
      (i.label.toLowerCase() === value || lastWord(i.label).toLowerCase() === value),
  );
  return byValue ?? byLabel ?? first;
}
