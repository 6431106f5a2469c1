import { describe, expect, it } from 'vitest';
import { diffJson, sameJson } from './diff.ts';

describe('diffJson', () => {
  it('reports nothing for equal documents, whatever the key order', () => {
    expect(diffJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
  });

  it('names added, removed and changed leaves by JSON path', () => {
    expect(
      diffJson(
        { game: { name: 'A' }, ports: [{ n: 1 }], gone: true, 'odd key': 1 },
        { game: { name: 'B' }, ports: [{ n: 1 }, { n: 2 }], fresh: 'x', 'odd key': 2 },
      ),
    ).toEqual([
      { path: '$.game.name', op: 'changed', before: 'A', after: 'B' },
      { path: '$.ports[1]', op: 'added', after: { n: 2 } },
      { path: '$.gone', op: 'removed', before: true },
      { path: '$["odd key"]', op: 'changed', before: 1, after: 2 },
      { path: '$.fresh', op: 'added', after: 'x' },
    ]);
  });

  it('reports removed array items and a change of type as one entry', () => {
    expect(diffJson({ a: [1, 2, 3] }, { a: [1] })).toEqual([
      { path: '$.a[1]', op: 'removed', before: 2 },
      { path: '$.a[2]', op: 'removed', before: 3 },
    ]);
    expect(diffJson({ a: { b: 1 } }, { a: [1] })).toEqual([
      { path: '$.a', op: 'changed', before: { b: 1 }, after: [1] },
    ]);
    expect(diffJson(null, 1)).toEqual([{ path: '$', op: 'changed', before: null, after: 1 }]);
  });
});
