import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('renders variables as quoted expansions of their environment variable and leaves unknown ones', () => {
    const command =
      'java -Xmx{{SERVER_MEMORY}}M -jar {{ SERVER_JARFILE }} --auto={{AUTO}} --x={{EMPTY}} {{UNKNOWN}} ${SHELL_VAR}';
    expect(
      renderStartup(command, {
        SERVER_MEMORY: 2048,
        SERVER_JARFILE: 'server.jar',
        AUTO: true,
        EMPTY: null,
      }),
    ).toBe(
      'java -Xmx"${SERVER_MEMORY}"M -jar "${SERVER_JARFILE}" --auto="${AUTO}" --x="${EMPTY}" {{UNKNOWN}} ${SHELL_VAR}',
    );
  });

  it('writes the expansion to fit the quotes around the placeholder', () => {
    const values = { A: 'a', B: 'b' };
    expect(renderStartup('echo "{{A}} and {{ B }}"', values)).toBe('echo "${A} and ${B}"');
    expect(renderStartup("echo '--a={{A}}' '${A}'", values)).toBe(`echo '--a='"\${A}"'' '\${A}'`);
    expect(renderStartup('echo "\\"{{A}}\\"" \\\'{{B}}', values)).toBe(
      'echo "\\"${A}\\"" \\\'"${B}"',
    );
    expect(renderStartup('x "$(cat {{A}})" $(echo \'{{B}}\') `echo {{A}}`', values)).toBe(
      'x "$(cat "${A}")" $(echo \'\'"${B}"\'\') `echo "${A}"`',
    );
    expect(renderStartup('echo $( (echo {{A}}) ) {{B}}', values)).toBe(
      'echo $( (echo "${A}") ) "${B}"',
    );
  });

  describe('under a real /bin/sh', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'pn-startup-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** Runs the rendered command as the entrypoint does: `sh -c "$STARTUP"` with the values in the environment. */
    function run(command: string, values: Record<string, string>): string[] {
      const startup = renderStartup(command, values);
      const result = spawnSync('/bin/sh', ['-c', startup], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...values, STARTUP: startup },
        encoding: 'utf8',
      });
      expect(result.status).toBe(0);
      // One line per argument the program got, each between brackets (values may hold newlines).
      return [...result.stdout.matchAll(/<([^>]*)>/g)].map((m) => m[1] as string);
    }

    const hostile = (marker: string) => [
      `x.jar; touch ${marker}-semicolon`,
      `$(touch ${marker}-dollar)`,
      `\`touch ${marker}-backtick\``,
      `"; touch ${marker}-double; echo "`,
      `'; touch ${marker}-single; echo '`,
      `x\ntouch ${marker}-newline`,
      `x && touch ${marker}-and | touch ${marker}-pipe`,
      `\${IFS}$(touch\${IFS}${marker}-ifs)`,
    ];

    it('never runs a value, wherever the placeholder stands, and passes it as one argument', () => {
      const marker = join(dir, 'pwned');
      for (const value of hostile(marker)) {
        const values = { SERVER_JARFILE: value, MOTD: value, NAME: value };
        const args = run(
          "printf '<%s>\\n' {{SERVER_JARFILE}} \"{{MOTD}}\" '{{NAME}}' --jar={{SERVER_JARFILE}}",
          values,
        );
        expect(args).toEqual([value, value, value, `--jar=${value}`]);
      }
      expect(readdirSync(dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
    });

    it('passes any value through any quoting as the same one argument (property)', () => {
      const marker = join(dir, 'pwned-fc');
      // Values made of the characters that mean something to a shell, and the marker command.
      const shellish = fc.string({
        unit: fc.constantFrom(...' \t\n;&|<>()$`\\"\'*?[]{}~#=%!^x'.split(''), ` touch ${marker} `),
        maxLength: 40,
      });
      const commands = [
        "printf '<%s>\\n' {{V}}",
        'printf \'<%s>\\n\' "{{V}}"',
        "printf '<%s>\\n' '{{V}}'",
        'printf \'<%s>\\n\' "$(printf %s {{V}})"',
      ];
      fc.assert(
        fc.property(shellish, fc.constantFrom(...commands), (value, command) => {
          // `<` and `>` frame the arguments in the output; a value holding them is framed apart.
          const framed = value.replace(/[<>]/g, '_');
          const args = run(command, { V: framed });
          // A command substitution drops trailing newlines, as it does for any output.
          const expected = command.includes('$(') ? framed.replace(/\n+$/, '') : framed;
          return args.length === 1 && args[0] === expected;
        }),
        { numRuns: 150, seed: 4242 },
      );
      expect(readdirSync(dir).filter((f) => f.startsWith('pwned-fc'))).toEqual([]);
    });

    it('keeps a value with spaces the one argument the egg wrote it as', () => {
      const values = { SERVER_NAME: 'My  Server *', WORLD: 'Dedicated World', MEMORY: '2048' };
      expect(
        run(
          "printf '<%s>\\n' -name \"{{SERVER_NAME}}\" -world {{WORLD}} -Xmx{{MEMORY}}M '-motd={{SERVER_NAME}}'",
          values,
        ),
      ).toEqual([
        '-name',
        'My  Server *',
        '-world',
        'Dedicated World',
        '-Xmx2048M',
        '-motd=My  Server *',
      ]);
    });
  });

  it('does not read inherited properties as values', () => {
    expect(renderStartup('{{toString}}', {})).toBe('{{toString}}');
  });

  it('lists the variables a command uses', () => {
    expect(startupVariables('{{A}} {{ B }} {{A}} {{server.port}} ${C}')).toEqual(['A', 'B']);
  });
});
