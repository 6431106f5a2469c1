import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { mountInPanel } from '../../__fixtures__/mount.ts';
import { i18n } from '../../i18n/instance.ts';
import SchemaForm from './SchemaForm.vue';
import type { FieldValue, ObjectSchema } from './schema.ts';

const schema: ObjectSchema = {
  type: 'object',
  properties: {
    SERVER_NAME: {
      type: 'string',
      title: 'Server name',
      description: 'Shown in the server list.',
      minLength: 3,
      maxLength: 20,
    },
    MAX_PLAYERS: { type: 'integer', title: 'Max players', minimum: 1, maximum: 100, default: 20 },
    DIFFICULTY: { type: 'string', title: 'Difficulty', enum: ['easy', 'hard'], default: 'easy' },
    PVP: { type: 'boolean', title: 'PvP', description: 'Players may fight.' },
    VERSION: { const: 'latest', title: 'Version' },
    SECRET: { type: 'string', title: 'Secret', userViewable: false },
  },
  required: ['SERVER_NAME'],
};

afterEach(() => {
  document.body.innerHTML = '';
});

async function mountForm() {
  const values = ref<Record<string, FieldValue>>({});
  const form = ref<InstanceType<typeof SchemaForm> | null>(null);
  const host = defineComponent({
    setup: () => () =>
      h(SchemaForm, {
        ref: form,
        schema,
        showNames: true,
        'onUpdate:modelValue': (next: Record<string, FieldValue>) => (values.value = next),
      }),
  });
  const { wrapper } = await mountInPanel(host);
  return { wrapper, values, form };
}

describe('schema form', () => {
  it('renders a control for each visible property with label and help', async () => {
    const { wrapper } = await mountForm();
    const kinds = wrapper.findAll('[data-testid^="field-"]').map((f) => f.attributes('data-kind'));
    expect(kinds).toEqual(['string', 'integer', 'enum', 'boolean', 'const']);
    expect(wrapper.find('[data-testid="field-SECRET"]').exists()).toBe(false);
    const name = wrapper.get('[data-testid="field-SERVER_NAME"]');
    expect(name.text()).toContain('Server name (required)');
    expect(name.text()).toContain('Shown in the server list.');
    expect(name.text()).toContain('SERVER_NAME');
    expect(wrapper.get('[data-testid="field-MAX_PLAYERS"] input').element).toHaveProperty(
      'value',
      '20',
    );
    expect(wrapper.get('[data-testid="field-VERSION"] input').attributes('readonly')).toBeDefined();
    expect(wrapper.get('[data-testid="field-PVP"]').text()).toContain('Players may fight.');
  });

  it('shows no error on a fresh form, then every problem once it is checked', async () => {
    const { wrapper, form } = await mountForm();
    expect(wrapper.text()).not.toContain('This field is required.');
    expect(form.value?.validate()).toBe(false);
    await flushPromises();
    expect(wrapper.get('[data-testid="field-SERVER_NAME"]').text()).toContain(
      'This field is required.',
    );
  });

  it('validates as the user types and emits typed values', async () => {
    const { wrapper, values, form } = await mountForm();
    const name = wrapper.get('[data-testid="field-SERVER_NAME"] input');
    await name.setValue('ab');
    await flushPromises();
    expect(wrapper.get('[data-testid="field-SERVER_NAME"]').text()).toContain(
      'Enter at least 3 characters.',
    );
    const players = wrapper.get('[data-testid="field-MAX_PLAYERS"] input');
    await players.setValue('500');
    await flushPromises();
    expect(wrapper.get('[data-testid="field-MAX_PLAYERS"]').text()).toContain('Enter 100 or less.');
    expect(values.value.MAX_PLAYERS).toBe(500);

    await name.setValue('My server');
    await players.setValue('10');
    await flushPromises();
    expect(form.value?.validate()).toBe(true);
    expect(values.value).toMatchObject({
      SERVER_NAME: 'My server',
      MAX_PLAYERS: 10,
      DIFFICULTY: 'easy',
    });
  });

  it('translates validation messages', async () => {
    i18n.global.locale.value = 'fr';
    const { wrapper, form } = await mountForm();
    form.value?.validate();
    await flushPromises();
    expect(wrapper.get('[data-testid="field-SERVER_NAME"]').text()).toContain(
      'Ce champ est obligatoire.',
    );
    expect(wrapper.get('[data-testid="field-SERVER_NAME"]').text()).toContain('(obligatoire)');
  });
});
