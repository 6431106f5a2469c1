import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { shallowRef } from 'vue';
import { jsonResponse } from '../../__fixtures__/registry.ts';
import { sampleServer } from '../../__fixtures__/servers.ts';
import { shippedPage, templateWithVersion } from '../../__fixtures__/templates.ts';
import { useCreateWizard } from './createWizard.ts';

const [first, second] = shippedPage.items;

/** Core's answers: each template's version (after `delay` when given), and the create. */
function answer(create: (count: number) => Response, delays: Record<string, Promise<void>> = {}) {
  const posts: Array<{ key: string | undefined }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const path = new URL(input, 'http://panel.test').pathname;
      for (const summary of [first!, second!]) {
        if (path !== `/api/v1/tenants/100/templates/${summary.id}`) continue;
        await delays[summary.id];
        const loaded = templateWithVersion();
        loaded.template = { ...loaded.template, id: summary.id, name: summary.name };
        return jsonResponse(loaded);
      }
      if (path === '/api/v1/tenants/100/servers' && init?.method === 'POST') {
        posts.push({ key: (init.headers as Record<string, string>)['idempotency-key'] });
        return create(posts.length);
      }
      return jsonResponse({ error: { code: 'PN_NOT_FOUND', message: 'no' } }, 404);
    }),
  );
  return posts;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('create wizard', () => {
  it('will not leave the first step without a template and a name, nor skip ahead', async () => {
    answer(() => jsonResponse({}, 500));
    const wizard = useCreateWizard(shallowRef('100'), () => true);
    wizard.next();
    expect(wizard.step.value).toBe('template');
    expect(wizard.checked.template).toBe(true);
    expect(wizard.reached('parameters')).toBe(false);

    wizard.draft.templateId = first!.id;
    wizard.chooseTemplate(first!);
    await flushPromises();
    // The template's name stands in for an empty one.
    expect(wizard.draft.name).toBe(first!.name);
    wizard.next();
    expect(wizard.step.value).toBe('parameters');
    expect(wizard.reached('parameters')).toBe(true);
  });

  it('keeps the user on the parameters while the form says they are wrong', async () => {
    answer(() => jsonResponse({}, 500));
    let valid = false;
    const wizard = useCreateWizard(shallowRef('100'), () => valid);
    wizard.draft.templateId = first!.id;
    wizard.chooseTemplate(first!);
    await flushPromises();
    wizard.next();
    wizard.next();
    expect(wizard.step.value).toBe('parameters');
    expect(wizard.checked.parameters).toBe(true);
    valid = true;
    wizard.next();
    expect(wizard.step.value).toBe('resources');

    wizard.draft.resources.cpu = 'lots';
    wizard.next();
    expect(wizard.step.value).toBe('resources');
    wizard.back();
    expect(wizard.step.value).toBe('parameters');
  });

  it('starts another template from its defaults, and drops a slower answer for the first', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    answer(() => jsonResponse({}, 500), { [first!.id]: slow });
    const wizard = useCreateWizard(shallowRef('100'), () => true);

    wizard.draft.templateId = first!.id;
    wizard.chooseTemplate(first!);
    wizard.draft.parameters = { MOTD: 'hi' };
    wizard.draft.resources.cpu = '500';
    wizard.draft.templateId = second!.id;
    wizard.chooseTemplate(second!);
    expect(wizard.draft.parameters).toEqual({});
    expect(wizard.draft.resources).toEqual({ cpu: '', memory: '', disk: '' });
    await flushPromises();
    release();
    await flushPromises();
    expect(wizard.template.value?.template.id).toBe(second!.id);
  });

  it('sends once, goes back to the step a refusal is about, and retries with the same key', async () => {
    const posts = answer((count) =>
      count === 1
        ? jsonResponse(
            { error: { code: 'PN_SERVER_PARAMETERS_INVALID', message: 'bad', details: {} } },
            400,
          )
        : jsonResponse({ revision: 1, server: sampleServer('s9'), desired: {} }, 202),
    );
    const wizard = useCreateWizard(shallowRef('100'), () => true);
    wizard.draft.templateId = first!.id;
    wizard.chooseTemplate(first!);
    await flushPromises();

    const sending = wizard.submit();
    void wizard.submit();
    await sending;
    expect(posts).toHaveLength(1);
    expect(wizard.stepError.value).toBe('parameters');
    expect(wizard.step.value).toBe('parameters');

    await wizard.submit();
    expect(posts).toHaveLength(2);
    expect(posts[1]?.key).toBe(posts[0]?.key);
    expect(wizard.created.value?.id).toBe('s9');

    wizard.restart();
    expect(wizard.created.value).toBeNull();
    expect(wizard.draft.templateId).toBe('');
    expect(wizard.step.value).toBe('template');
  });
});
