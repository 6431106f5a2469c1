import type { TenantQuotas, TenantSettings, TenantSettingsPatch } from '../../api/tenants.ts';

/** The quota fields, in the order the form shows them. */
export const quotaKeys = ['servers', 'cpuMillicores', 'memoryMb', 'diskGb'] as const;
export type QuotaKey = (typeof quotaKeys)[number];

/** The settings form as typed: every field a string, empty meaning "not set". */
export interface SettingsDraft {
  nameOverride: string;
  notificationChannelId: string;
  defaultClusterId: string;
  quotas: Record<QuotaKey, string>;
}

/** Why a field cannot be saved, with the limit the message names. */
export interface FieldProblem {
  kind: 'tooLong' | 'channelId' | 'wholeNumber' | 'tooLarge';
  max?: number;
}

/** The draft's fields by name; quota fields as `quotas.<key>`. */
export type DraftField =
  'nameOverride' | 'notificationChannelId' | 'defaultClusterId' | `quotas.${QuotaKey}`;

// The same bounds core's schema enforces, so the form says no before core does.
export const limits = {
  nameOverride: 100,
  defaultClusterId: 64,
  quota: 1_000_000_000,
} as const;
const channelId = /^\d{5,25}$/;
const wholeNumber = /^\d+$/;

/** The form for saved settings. */
export function draftOf(settings: TenantSettings): SettingsDraft {
  const quotas = settings.quotas ?? {};
  return {
    nameOverride: settings.nameOverride ?? '',
    notificationChannelId: settings.notificationChannelId ?? '',
    defaultClusterId: settings.defaultClusterId ?? '',
    quotas: Object.fromEntries(quotaKeys.map((key) => [key, String(quotas[key] ?? '')])) as Record<
      QuotaKey,
      string
    >,
  };
}

/** Whether nothing is set: every setting follows its default. */
export function allDefaults(settings: TenantSettings): boolean {
  const quotas = settings.quotas ?? {};
  return (
    settings.nameOverride === undefined &&
    settings.notificationChannelId === undefined &&
    settings.defaultClusterId === undefined &&
    quotaKeys.every((key) => (quotas[key] ?? null) === null)
  );
}

/** What is wrong with each field that cannot be saved as typed. */
export function validate(draft: SettingsDraft): Partial<Record<DraftField, FieldProblem>> {
  const problems: Partial<Record<DraftField, FieldProblem>> = {};
  if (draft.nameOverride.trim().length > limits.nameOverride) {
    problems.nameOverride = { kind: 'tooLong', max: limits.nameOverride };
  }
  const channel = draft.notificationChannelId.trim();
  if (channel !== '' && !channelId.test(channel))
    problems.notificationChannelId = { kind: 'channelId' };
  if (draft.defaultClusterId.trim().length > limits.defaultClusterId) {
    problems.defaultClusterId = { kind: 'tooLong', max: limits.defaultClusterId };
  }
  for (const key of quotaKeys) {
    const value = draft.quotas[key].trim();
    if (value === '') continue;
    if (!wholeNumber.test(value)) problems[`quotas.${key}`] = { kind: 'wholeNumber' };
    else if (Number(value) > limits.quota) {
      problems[`quotas.${key}`] = { kind: 'tooLarge', max: limits.quota };
    }
  }
  return problems;
}

function text(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function quota(value: string): number | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : Number(trimmed);
}

/**
 * Only what changed against the saved settings, `null` for a field emptied; an empty patch
 * means nothing to save. Assumes the draft passed {@link validate}.
 */
export function patchOf(saved: TenantSettings, draft: SettingsDraft): TenantSettingsPatch {
  const patch: TenantSettingsPatch = {};
  for (const key of ['nameOverride', 'notificationChannelId', 'defaultClusterId'] as const) {
    const next = text(draft[key]);
    if (next !== (saved[key] ?? null)) patch[key] = next;
  }
  const savedQuotas: TenantQuotas = saved.quotas ?? {};
  const quotas: NonNullable<TenantSettingsPatch['quotas']> = {};
  for (const key of quotaKeys) {
    const next = quota(draft.quotas[key]);
    if (next !== (savedQuotas[key] ?? null)) quotas[key] = next;
  }
  if (Object.keys(quotas).length > 0) patch.quotas = quotas;
  return patch;
}
