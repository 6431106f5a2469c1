import { describe, expect, it, vi } from 'vitest';
import { shallowRef } from 'vue';
import type { RoleMapping, TenantRole } from '../../api/access.ts';
import { ApiError } from '../../api/errors.ts';
import { useRoleDrafts, type RoleDraft } from './roleDrafts.ts';

function role(id: string, permissions: string[] | null, serverIds: string[] | null = null) {
  return {
    id,
    name: id,
    color: 0,
    position: 1,
    managed: false,
    everyone: false,
    discordAdmin: false,
    editable: true,
    mapping:
      permissions === null
        ? null
        : {
            roleId: id,
            permissions,
            serverIds,
            updatedAt: '2026-01-01T00:00:00.000Z',
            updatedBy: null,
          },
  } satisfies TenantRole;
}

const saved = (roleId: string, draft: RoleDraft): RoleMapping => ({
  roleId,
  ...draft,
  updatedAt: '2026-02-01T00:00:00.000Z',
  updatedBy: '7',
});

describe('role drafts', () => {
  it('shows a role as edited until its grants and scope are back to what is saved', () => {
    const roles = shallowRef<TenantRole[] | null>([role('a', ['server.read'])]);
    const drafts = useRoleDrafts(roles, vi.fn());
    const a = roles.value![0]!;

    drafts.edit(a, { permissions: ['server.read', 'server.start'] });
    expect(drafts.current(a)).toEqual(['server.read', 'server.start']);
    expect(drafts.dirty.value).toBe(true);

    // The same set in another order is no change.
    drafts.edit(a, { permissions: ['server.read'] });
    expect(drafts.dirty.value).toBe(false);

    drafts.edit(a, { serverIds: ['s1'] });
    expect(drafts.currentScope(a)).toEqual(['s1']);
    expect(drafts.dirtyRoles.value.map((item) => item.id)).toEqual(['a']);
    drafts.discard();
    expect(drafts.dirty.value).toBe(false);
  });

  it('will not save a grant narrowed to no server at all', async () => {
    const roles = shallowRef<TenantRole[] | null>([role('a', [])]);
    const saveMapping = vi.fn();
    const drafts = useRoleDrafts(roles, saveMapping);
    drafts.edit(roles.value![0]!, { permissions: ['server.read'], serverIds: [] });
    expect(drafts.incomplete.value).toHaveLength(1);

    await drafts.save();
    expect(saveMapping).not.toHaveBeenCalled();
    expect(drafts.dirty.value).toBe(true);
  });

  it('shows the new mappings as saved at once, then as core answered', async () => {
    const roles = shallowRef<TenantRole[] | null>([role('a', ['server.read'], ['s1'])]);
    let answer: (mapping: RoleMapping) => void = () => undefined;
    const saveMapping = vi.fn(
      (roleId: string, draft: RoleDraft) =>
        new Promise<RoleMapping>((resolve) => (answer = () => resolve(saved(roleId, draft)))),
    );
    const drafts = useRoleDrafts(roles, saveMapping);

    // Taking every grant away needs no scope.
    drafts.edit(roles.value![0]!, { permissions: [] });
    const saving = drafts.save();
    expect(drafts.saving.value).toBe(true);
    expect(roles.value![0]!.mapping).toMatchObject({ permissions: [], serverIds: null });
    expect(drafts.dirty.value).toBe(false);
    expect(saveMapping).toHaveBeenCalledWith('a', { permissions: [], serverIds: null });

    answer(saved('a', { permissions: [], serverIds: null }));
    await saving;
    expect(roles.value![0]!.mapping?.updatedBy).toBe('7');
    expect(drafts.savedNote.value).toBe(true);
    expect(drafts.savedVersion.value).toBe(1);
  });

  it('puts back what core refused and keeps those edits, keeping what it accepted', async () => {
    const roles = shallowRef<TenantRole[] | null>([role('a', []), role('b', ['server.read'])]);
    const refusal = new ApiError({ code: 'PN_NOPE', message: 'no', status: 403 });
    const drafts = useRoleDrafts(roles, async (roleId, draft) => {
      if (roleId === 'b') throw refusal;
      return saved(roleId, draft);
    });
    const [a, b] = roles.value!;
    drafts.edit(a!, { permissions: ['server.start'] });
    drafts.edit(b!, { permissions: [] });

    await drafts.save();
    const [savedA, savedB] = roles.value!;
    expect(savedA!.mapping?.permissions).toEqual(['server.start']);
    expect(savedB!.mapping?.permissions).toEqual(['server.read']);
    expect(drafts.dirtyRoles.value.map((item) => item.id)).toEqual(['b']);
    expect(drafts.current(savedB!)).toEqual([]);
    expect(drafts.saveError.value).toBe(refusal);
    expect(drafts.savedNote.value).toBe(false);
    expect(drafts.savedVersion.value).toBe(1);
  });
});
