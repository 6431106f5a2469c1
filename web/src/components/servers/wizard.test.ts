import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { describeFields } from '../schema-form/schema.ts';
import { connectAddress, filtersFromQuery, queryFromFilters } from './serverList.ts';
import {
  createBody,
  emptyDraft,
  idempotencyKeys,
  parameterIssues,
  quotasOf,
  resourceValue,
  stepOfError,
} from './wizard.ts';

const refusal = (code: string, details?: Record<string, unknown>) =>
  new ApiError({ code, message: code, status: 409, ...(details ? { details } : {}) });

describe('create wizard logic', () => {
  it('reads resource inputs: empty is the default, only whole numbers above zero pass', () => {
    expect(resourceValue('')).toBeNull();
    expect(resourceValue(' 2048 ')).toBe(2048);
    expect(resourceValue('0')).toBe('invalid');
    expect(resourceValue('1.5')).toBe('invalid');
    expect(resourceValue('-3')).toBe('invalid');
  });

  it('sends only values that differ from the template defaults, and no empty resources', () => {
    const fields = describeFields({
      type: 'object',
      properties: {
        MAX: { type: 'integer', default: 20 },
        MOTD: { type: 'string' },
        LOCKED: { type: 'string', default: 'a', userEditable: false },
        PVP: { type: 'boolean' },
        VERSION: { type: 'string', const: 'latest' },
      },
      required: ['PVP', 'VERSION'],
    });
    const draft = {
      ...emptyDraft(),
      name: '  Survival ',
      templateId: 't1',
      templateVersion: 3,
      parameters: { MAX: 20, MOTD: 'hi', LOCKED: 'b' },
      resources: { cpu: '1500', memory: '', disk: 'x' },
    };
    expect(createBody(draft, fields)).toEqual({
      name: 'Survival',
      templateId: 't1',
      templateVersion: 3,
      // The switch was never touched: it shows unchecked, and is sent as such; so is a constant.
      parameters: { MOTD: 'hi', PVP: false, VERSION: 'latest' },
      resources: { cpu: 1500 },
      exposure: 'ClusterIP',
      start: true,
    });
  });

  it('keeps one key per distinct request', () => {
    let n = 0;
    const keys = idempotencyKeys(() => `k${++n}`);
    expect(keys.keyFor({ a: 1 })).toBe('k1');
    expect(keys.keyFor({ a: 1 })).toBe('k1');
    expect(keys.keyFor({ a: 2 })).toBe('k2');
    expect(keys.keyFor({ a: 1 })).toBe('k3');
  });

  it('sends each refusal to the step that can fix it', () => {
    const quota = (q: string) =>
      refusal('PN_QUOTA_EXCEEDED', { quota: q, limit: 1, used: 1, requested: 1 });
    expect(stepOfError(quota('memory'))).toBe('resources');
    expect(stepOfError(quota('servers'))).toBe('review');
    expect(stepOfError(refusal('PN_SERVER_PARAMETERS_INVALID'))).toBe('parameters');
    expect(stepOfError(refusal('PN_SERVER_TEMPLATE_NOT_FOUND'))).toBe('template');
    expect(stepOfError(refusal('PN_SERVER_CLUSTER_REQUIRED'))).toBe('resources');
    expect(stepOfError(refusal('PN_WEB_NETWORK'))).toBe('review');
  });

  it('reads the quotas and parameter issues of a refusal', () => {
    const exceeded = [
      { quota: 'cpu', limit: 2000, used: 1000, requested: 1500 },
      { quota: 'disk', limit: 1024, used: 0, requested: 2048 },
    ];
    expect(quotasOf(refusal('PN_QUOTA_EXCEEDED', { ...exceeded[0], exceeded }))).toEqual(exceeded);
    expect(quotasOf(refusal('PN_QUOTA_EXCEEDED', { quota: 'nope', limit: 1 }))).toEqual([]);
    expect(
      parameterIssues(
        refusal('PN_SERVER_PARAMETERS_INVALID', {
          issues: [
            { path: '/parameters/A~1B', message: 'bad' },
            { nothing: true },
            { path: '/parameters/TYPO', message: 'is not…', code: 'unknown', params: {} },
            {
              path: '/parameters/MOTD',
              message: 'too short',
              code: 'minLength',
              params: { limit: 3 },
            },
            { path: '/parameters/X', message: 'odd', code: 'multipleOf', params: {} },
          ],
        }),
      ),
    ).toEqual([
      { name: 'A/B', message: 'bad', problem: null },
      { name: 'TYPO', message: 'is not…', problem: { key: 'unknown', params: {} } },
      {
        name: 'MOTD',
        message: 'too short',
        problem: { key: 'minLength', params: { n: 3 }, count: 3 },
      },
      { name: 'X', message: 'odd', problem: null },
    ]);
  });
});

describe('server list logic', () => {
  it('reads filters from the query string and writes back only the set ones', () => {
    expect(filtersFromQuery({ q: 'x', status: 'Nope', game: ['g', 'h'] })).toEqual({
      q: 'x',
      status: '',
      game: 'g',
    });
    expect(queryFromFilters({ q: ' ', status: 'Running', game: '' })).toEqual({
      status: 'Running',
    });
  });

  it('shows where players connect', () => {
    const status = {
      address: '2001:db8::1',
      ports: [
        { name: 'query', port: 27016, protocol: 'UDP' },
        { name: 'game', port: 27015, protocol: 'UDP', nodePort: 30015 },
      ],
    };
    const server = (exposure: 'NodePort' | 'LoadBalancer', s = status) => ({
      exposure,
      status: { ...s } as never,
    });
    expect(connectAddress(server('LoadBalancer'))).toBe('[2001:db8::1]:27015');
    expect(connectAddress(server('NodePort'))).toBe('[2001:db8::1]:30015');
    expect(connectAddress(server('NodePort', { address: '10.0.0.1', ports: [] }))).toBe('10.0.0.1');
    expect(connectAddress(server('NodePort', { address: null as never, ports: [] }))).toBeNull();
  });
});
