import type { LocationQuery, LocationQueryRaw } from 'vue-router';

/** The audit log filters the page keeps in its query string. */
export interface AuditFilters {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  /** ISO times. */
  from: string;
  to: string;
}

export const filterNames = ['actor', 'action', 'targetType', 'targetId', 'from', 'to'] as const;

/** Reads the filters from a route's query; unknown or repeated values are ignored. */
export function filtersFromQuery(query: LocationQuery): AuditFilters {
  const read = (name: string): string => {
    const value = query[name];
    return typeof value === 'string' ? value : '';
  };
  return {
    actor: read('actor'),
    action: read('action'),
    targetType: read('targetType'),
    targetId: read('targetId'),
    from: read('from'),
    to: read('to'),
  };
}

/** Only the filters that are set, so a shared link stays short. */
export function queryFromFilters(filters: AuditFilters): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  for (const name of filterNames) {
    const value = filters[name].trim();
    if (value !== '') query[name] = value;
  }
  return query;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** An ISO time as a `datetime-local` input shows it, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  if (iso === '') return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time) as the ISO time core expects. */
export function fromLocalInput(local: string): string {
  if (local === '') return '';
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
