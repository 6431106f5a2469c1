import { describe, expect, it } from 'vitest';
import {
  BUILTIN_VARIABLES,
  isBuiltinVariable,
  renderStartup,
  startupVariables,
} from './startup.ts';

describe('startup', () => {
  it('names the built-in variables eggs rely on', () => {
    expect(BUILTIN_VARIABLES.map((v) => v.name)).toEqual(
      expect.arrayContaining([
        'SERVER_MEMORY',
        'SERVER_IP',
        'SERVER_PORT',
        'P_SERVER_LOCATION',
        'P_SERVER_UUID',
        'P_SERVER_ALLOCATION_LIMIT',
        'TZ',
      ]),
    );
    expect(isBuiltinVariable('SERVER_PORT')).toBe(true);
    expect(isBuiltinVariable('MAX_PLAYERS')).toBe(false);
  });

  it('renders variables in their environment form and leaves unknown ones', () => {
    const command =
      'java -Xmx{{SERVER_MEMORY}}M -jar {{ SERVER_JARFILE }} --auto={{AUTO}} --x={{EMPTY}} {{UNKNOWN}} ${SHELL_VAR}';
    expect(
      renderStartup(command, {
        SERVER_MEMORY: 2048,
        SERVER_JARFILE: 'server.jar',
        AUTO: true,
        EMPTY: null,
      }),
    ).toBe('java -Xmx2048M -jar server.jar --auto=1 --x= {{UNKNOWN}} ${SHELL_VAR}');
  });

  it('does not read inherited properties as values', () => {
    expect(renderStartup('{{toString}}', {})).toBe('{{toString}}');
  });

  it('lists the variables a command uses', () => {
    expect(startupVariables('{{A}} {{ B }} {{A}} {{server.port}} ${C}')).toEqual(['A', 'B']);
  });
});
