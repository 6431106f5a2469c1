// The shell scripts the reconciler ships in each server's ConfigMap. They need only a POSIX `sh`,
// `awk`, `mkfifo` and `touch` in the game image, which every egg "yolk" image has. They are data
// for the pod; the operator never runs them itself. Config files are patched by the operator's
// own image instead (`../patcher/`), since structured formats need more than `awk`.

/** Where the ConfigMap is mounted in every container of a server. */
export const SCRIPT_DIR = '/pn';
/** The file whose existence the readiness probe checks. */
export const READY_FILE = '/tmp/pn-ready';
/** Where the server's files live (the volume), as eggs expect. */
export const DATA_DIR = '/home/container';

/**
 * Starts the game with `$STARTUP`, keeps its stdin (the console) and copies its output to the
 * container log through an awk filter that touches {@link READY_FILE} when a readiness line
 * appears. The filter ignores stop signals so the game can still write while it shuts down.
 * `exec` keeps the game's shell as PID 1, so the stop command written by the preStop hook to
 * `/proc/1/fd/0` reaches the game's stdin.
 */
export const ENTRYPOINT = `#!/bin/sh
rm -f ${READY_FILE}
cd ${DATA_DIR} || exit 1
if [ ! -s ${SCRIPT_DIR}/readiness ]; then touch ${READY_FILE}; fi
pipe=/tmp/pn-output
rm -f "$pipe"
mkfifo "$pipe" || exit 1
(
  trap '' INT TERM HUP QUIT
  exec awk -v ready=${READY_FILE} -v rules=${SCRIPT_DIR}/readiness '
    BEGIN { n = 0; while ((getline line < rules) > 0) { kind[n] = substr(line, 1, 1); pat[n] = substr(line, 3); n++ } done = (n == 0) }
    {
      print; fflush()
      if (!done) for (i = 0; i < n; i++) {
        if ((kind[i] == "s" && index($0, pat[i]) > 0) || (kind[i] == "r" && $0 ~ pat[i])) {
          system("touch " ready); done = 1; break
        }
      }
    }'
) < "$pipe" &
exec /bin/sh -c "$STARTUP" > "$pipe" 2>&1
`;

/**
 * The preStop hook: writes the template's stop command to the game's console, or sends its stop
 * signal, then waits for the game to exit. Kubernetes kills the container once the grace period
 * (the server's \`stopGracePeriodSeconds\`) is over, so a game that ignores the request still stops.
 */
export const PRESTOP = `#!/bin/sh
if [ -n "$PN_STOP_COMMAND" ]; then
  printf '%s\\n' "$PN_STOP_COMMAND" > /proc/1/fd/0
elif [ -n "$PN_STOP_SIGNAL" ]; then
  kill -s "\${PN_STOP_SIGNAL#SIG}" -1 2>/dev/null
fi
while kill -0 1 2>/dev/null; do sleep 1; done
`;
