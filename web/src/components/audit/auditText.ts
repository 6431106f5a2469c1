import type { AuditEntry } from '../../api/access.ts';

type Translate = (key: string) => string;

const knownActors: ReadonlySet<string> = new Set(['user', 'bot', 'system']);

/** Who acted: their name, else their id, else the kind of actor in words. */
export function auditActorName(entry: Pick<AuditEntry, 'actor'>, t: Translate): string {
  const { type, id, name } = entry.actor;
  if (name !== null && name !== '') return name;
  if (id !== null && id !== '') return id;
  return knownActors.has(type) ? t(`audit.actorType.${type}`) : type;
}

/** What was acted on, as `type name` (or `type id`); empty when nothing was. */
export function auditTargetText(entry: Pick<AuditEntry, 'target'>): string {
  const target = entry.target;
  if (target === null) return '';
  const label = target.name ?? target.id ?? '';
  return label === '' ? target.type : `${target.type} ${label}`;
}
