import { describe, expect, it } from 'vitest';
import {
  isKnownPlaceholder,
  placeholdersIn,
  renderPlaceholders,
  type PlaceholderContext,
} from './placeholders.ts';

const ctx: PlaceholderContext = {
  server: {
    ip: '0.0.0.0',
    port: 27015,
    memory: 2048,
    disk: 10240,
    cpu: 150,
    uuid: 'abc-123',
    name: 'My server',
  },
  node: { ip: '10.1.2.3' },
  ports: { query: 27016 },
  env: { MAX_PLAYERS: '16', EMPTY: '' },
};

describe('placeholders', () => {
  it('renders every placeholder of the vocabulary', () => {
    const text =
      '{{server.ip}}:{{server.port}} {{server.memory}}M {{server.disk}} {{server.cpu}} {{server.uuid}} {{server.name}} {{node.ip}} {{port.query}} {{env.MAX_PLAYERS}} [{{env.EMPTY}}] {{ env.MAX_PLAYERS }}';
    expect(renderPlaceholders(text, ctx)).toBe(
      '0.0.0.0:27015 2048M 10240 150 abc-123 My server 10.1.2.3 27016 16 [] 16',
    );
  });

  it('leaves what it cannot resolve as written', () => {
    const text =
      '{{env.NOPE}} {{port.nope}} {{server.nope}} {{node.name}} {{other.x}} {{server.build.default.port}}';
    expect(renderPlaceholders(text, ctx)).toBe(text);
  });

  it('lists placeholders once, in order', () => {
    expect(placeholdersIn('{{b.x}} {{a}} {{ b.x }}')).toEqual(['b.x', 'a']);
  });

  it.each([
    ['server.port', true],
    ['env.MAX_PLAYERS', true],
    ['port.query', true],
    ['node.ip', true],
    ['server.build.default.port', false],
    ['env.1X', false],
    ['port.Query', false],
  ])('knows whether %s is ours', (name, known) => {
    expect(isKnownPlaceholder(name)).toBe(known);
  });
});
