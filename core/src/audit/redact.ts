import { createHmac } from 'node:crypto';

/** What the audit log keeps of a console command: never the line itself. */
export interface RedactedCommand {
  /**
   * The command's verb (its first word) when it can be one: a short word of letters, digits,
   * `_`, `-`, `:` or `.` (an optional leading `/`), followed by more words. A line of one word is
   * kept only when it is lowercase letters and `-`/`_` alone (`stop`, `save-all`): a single word
   * with digits or capitals may be the answer to a password prompt. Otherwise `null`.
   */
  verb: string | null;
  /** Characters in the line. */
  length: number;
  /** Words in the line. */
  words: number;
  /**
   * HMAC-SHA256 of the line under a key derived from the secret key (first 32 hex digits): who
   * holds the key can check whether a given line was sent; nobody can read it back, nor try
   * short secrets without the key.
   */
  hmac: string;
}

const VERB = /^\/?[A-Za-z][A-Za-z0-9_:.-]{0,31}$/;
const PLAIN_WORD = /^\/?[a-z][a-z_-]{0,31}$/;

/** The audit form of a console command (see docs/reference/servers.md). */
export function redactCommand(command: string, key: Buffer): RedactedCommand {
  const words = command.trim().split(/\s+/).filter(Boolean);
  const first = words[0] ?? '';
  const verb =
    (words.length > 1 && VERB.test(first)) || (words.length === 1 && PLAIN_WORD.test(first))
      ? first
      : null;
  return {
    verb,
    length: command.length,
    words: words.length,
    hmac: createHmac('sha256', key).update(command).digest('hex').slice(0, 32),
  };
}
