import { computed, ref, shallowRef, type ShallowRef } from 'vue';
import type { RoleMapping, TenantRole } from '../../api/access.ts';
import { toApiError, type ApiError } from '../../api/errors.ts';

/** An unsaved mapping: what it grants, and where (`null`: on every server). */
export interface RoleDraft {
  permissions: string[];
  serverIds: string[] | null;
}

/** Sends one role's mapping to core; answers what core saved. */
export type SaveMapping = (roleId: string, draft: RoleDraft) => Promise<RoleMapping | null>;

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((item) => set.has(item));
}

function sameScope(a: readonly string[] | null, b: readonly string[] | null): boolean {
  return a === null || b === null ? a === b : sameSet(a, b);
}

/** What a role grants as saved. */
export const savedPermissions = (role: TenantRole): string[] => role.mapping?.permissions ?? [];
const savedScope = (role: TenantRole): string[] | null => role.mapping?.serverIds ?? null;

/**
 * The role mappings being edited: unsaved drafts by role, what each role shows (its draft, else
 * what is saved), and saving them all at once.
 */
export function useRoleDrafts(roles: ShallowRef<TenantRole[] | null>, saveMapping: SaveMapping) {
  /** Unsaved mappings by role id; a role without an entry shows what is saved. */
  const drafts = ref<Record<string, RoleDraft>>({});
  const saving = shallowRef(false);
  const saveError = shallowRef<ApiError | null>(null);
  const savedNote = shallowRef(false);
  /** Bumped after each save that core accepted in part or whole. */
  const savedVersion = shallowRef(0);

  const current = (role: TenantRole): string[] =>
    drafts.value[role.id]?.permissions ?? savedPermissions(role);
  const currentScope = (role: TenantRole): string[] | null => {
    const draft = drafts.value[role.id];
    return draft === undefined ? savedScope(role) : draft.serverIds;
  };

  const isDirty = (role: TenantRole) =>
    !sameSet(current(role), savedPermissions(role)) ||
    !sameScope(currentScope(role), savedScope(role));
  const dirtyRoles = computed(() => (roles.value ?? []).filter(isDirty));
  const dirty = computed(() => dirtyRoles.value.length > 0);
  /** Roles narrowed to no server at all: core refuses them, so saving waits for a choice. */
  const incomplete = computed(() =>
    dirtyRoles.value.filter((role) => current(role).length > 0 && currentScope(role)?.length === 0),
  );

  function edit(role: TenantRole, change: Partial<RoleDraft>): void {
    savedNote.value = false;
    const draft = { permissions: current(role), serverIds: currentScope(role), ...change };
    drafts.value = { ...drafts.value, [role.id]: draft };
  }

  function discard(): void {
    drafts.value = {};
    saveError.value = null;
  }

  /**
   * Shows the new mappings as saved at once and sends them; if core refuses any, the saved state
   * goes back to what it was and the edits stay as unsaved, so nothing typed is lost.
   */
  async function save(): Promise<void> {
    const before = roles.value;
    if (before === null || saving.value) return;
    const changed = before.filter(isDirty);
    if (changed.length === 0 || incomplete.value.length > 0) return;
    // What each changed role is saved as; a mapping granting nothing needs no scope.
    const pending: Record<string, RoleDraft> = {};
    for (const role of changed) {
      const permissions = current(role);
      pending[role.id] = {
        permissions,
        serverIds: permissions.length === 0 ? null : currentScope(role),
      };
    }
    const now = new Date().toISOString();
    roles.value = before.map((role) => {
      const draft = pending[role.id];
      return draft === undefined
        ? role
        : { ...role, mapping: { roleId: role.id, ...draft, updatedAt: now, updatedBy: null } };
    });
    drafts.value = {};
    saving.value = true;
    saveError.value = null;
    savedNote.value = false;
    const results = await Promise.allSettled(
      changed.map((role) =>
        saveMapping(role.id, pending[role.id] ?? { permissions: [], serverIds: null }),
      ),
    );
    saving.value = false;
    const failed = results.find((result) => result.status === 'rejected');
    const answers = new Map(
      changed.flatMap((role, index) => {
        const result = results[index];
        return result?.status === 'fulfilled' ? [[role.id, result.value] as const] : [];
      }),
    );
    // Roles core accepted keep its answer; the others go back to their previous mapping.
    roles.value = (roles.value ?? []).map((role) => {
      if (answers.has(role.id)) return { ...role, mapping: answers.get(role.id) ?? null };
      const previous = before.find((item) => item.id === role.id);
      return previous ?? role;
    });
    if (failed !== undefined) {
      const kept: Record<string, RoleDraft> = {};
      for (const role of changed) {
        const draft = pending[role.id];
        if (!answers.has(role.id) && draft !== undefined) kept[role.id] = draft;
      }
      drafts.value = { ...kept, ...drafts.value };
      saveError.value = toApiError(failed.reason);
    } else {
      savedNote.value = true;
    }
    if (answers.size > 0) savedVersion.value += 1;
  }

  return {
    drafts,
    saving,
    saveError,
    savedNote,
    savedVersion,
    current,
    currentScope,
    isDirty,
    dirtyRoles,
    dirty,
    incomplete,
    edit,
    discard,
    save,
  };
}
