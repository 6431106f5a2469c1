import { computed, reactive, shallowRef, type Ref } from 'vue';
import { toApiError, type ApiError } from '../../api/errors.ts';
import { createServersApi, type Server, type ServerResources } from '../../api/servers.ts';
import {
  createTemplatesApi,
  tenantTemplatesBase,
  type TemplateSummary,
  type TemplateWithVersion,
} from '../../api/templates.ts';
import { describeFields } from '../schema-form/schema.ts';
import {
  createBody,
  emptyDraft,
  idempotencyKeys,
  parameterIssues,
  resourceKeys,
  resourceValue,
  stepOfError,
  wizardSteps,
  type WizardStep,
} from './wizard.ts';

/**
 * The create wizard's state and steps: the draft, the template it is made from, how far the
 * user got (headers may not skip steps not filled in), and sending it once (a retry reuses the
 * idempotency key of the same request). `validateParameters` asks the parameter form whether it
 * may be left.
 */
export function useCreateWizard(tenantId: Ref<string>, validateParameters: () => boolean) {
  const step = shallowRef<WizardStep>('template');
  const furthest = shallowRef<WizardStep>('template');
  const draft = reactive(emptyDraft());
  const checked = reactive({ template: false, parameters: false });
  const template = shallowRef<TemplateWithVersion | null>(null);
  const templateError = shallowRef<ApiError | null>(null);
  const templateLoading = shallowRef(false);
  const submitError = shallowRef<ApiError | null>(null);
  const submitting = shallowRef(false);
  const created = shallowRef<Server | null>(null);
  const keys = idempotencyKeys();

  const reached = (name: WizardStep) =>
    wizardSteps.indexOf(furthest.value) >= wizardSteps.indexOf(name);
  const stepError = computed(() =>
    submitError.value === null ? null : stepOfError(submitError.value),
  );
  const issues = computed(() =>
    submitError.value === null ? [] : parameterIssues(submitError.value),
  );

  const fields = computed(() =>
    template.value === null ? [] : describeFields(template.value.version.spec.parameters),
  );
  const body = computed(() => createBody(draft, fields.value));
  const defaults = computed<ServerResources | null>(
    () => template.value?.version.spec.resources ?? null,
  );
  const effectiveResources = computed<ServerResources>(() => ({
    cpu: body.value.resources?.cpu ?? defaults.value?.cpu ?? 0,
    memory: body.value.resources?.memory ?? defaults.value?.memory ?? 0,
    disk: body.value.resources?.disk ?? defaults.value?.disk ?? 0,
  }));

  async function loadTemplate(templateId: string): Promise<void> {
    templateError.value = null;
    templateLoading.value = true;
    try {
      const loaded = await createTemplatesApi(tenantTemplatesBase(tenantId.value)).get(templateId);
      if (draft.templateId !== templateId) return;
      template.value = loaded;
      draft.templateVersion = loaded.version.version;
    } catch (cause) {
      if (draft.templateId === templateId) templateError.value = toApiError(cause);
    } finally {
      templateLoading.value = false;
    }
  }

  function chooseTemplate(summary: TemplateSummary): void {
    if (template.value?.template.id === summary.id) return;
    // Another template asks other questions: start its form from its defaults.
    template.value = null;
    draft.templateVersion = null;
    draft.parameters = {};
    draft.resources = { cpu: '', memory: '', disk: '' };
    if (draft.name.trim() === '') draft.name = summary.name;
    // Its steps have not been filled in yet: the headers may not skip them.
    furthest.value = 'template';
    void loadTemplate(summary.id);
  }

  function go(next: WizardStep): void {
    step.value = next;
    if (wizardSteps.indexOf(next) > wizardSteps.indexOf(furthest.value)) furthest.value = next;
  }

  function stepValid(current: WizardStep): boolean {
    switch (current) {
      case 'template':
        checked.template = true;
        return draft.name.trim() !== '' && template.value !== null;
      case 'parameters': {
        const valid = validateParameters();
        checked.parameters = !valid;
        return valid;
      }
      case 'resources':
        return resourceKeys.every((key) => resourceValue(draft.resources[key]) !== 'invalid');
      default:
        return true;
    }
  }

  function next(): void {
    if (!stepValid(step.value)) return;
    const index = wizardSteps.indexOf(step.value);
    const following = wizardSteps[index + 1];
    if (following !== undefined) go(following);
  }

  function back(): void {
    const previous = wizardSteps[wizardSteps.indexOf(step.value) - 1];
    if (previous !== undefined) step.value = previous;
  }

  async function submit(): Promise<void> {
    // A second click while the first is on its way would be a second request.
    if (submitting.value) return;
    submitting.value = true;
    submitError.value = null;
    const request = body.value;
    try {
      const accepted = await createServersApi(tenantId.value).create(request, {
        idempotencyKey: keys.keyFor(request),
      });
      created.value = accepted.server;
    } catch (cause) {
      const failure = toApiError(cause);
      submitError.value = failure;
      step.value = stepOfError(failure);
    } finally {
      submitting.value = false;
    }
  }

  function restart(): void {
    Object.assign(draft, emptyDraft());
    template.value = null;
    created.value = null;
    submitError.value = null;
    checked.template = false;
    checked.parameters = false;
    step.value = 'template';
    furthest.value = 'template';
  }

  return {
    step,
    draft,
    checked,
    template,
    templateError,
    templateLoading,
    submitError,
    submitting,
    created,
    reached,
    stepError,
    issues,
    body,
    defaults,
    effectiveResources,
    loadTemplate,
    chooseTemplate,
    next,
    back,
    submit,
    restart,
  };
}
