/**
 * The question a command asks before it signs or sends, after it has shown what: answered "yes"
 * on a terminal, or skipped with `--yes`. Without a terminal and without `--yes` the command
 * refuses, so a script never signs or sends by default and never hangs on a question.
 */
import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { NotConfirmedError } from '../errors.js';
import { booleanFlag } from '../flags.js';

/** `--yes`: do not ask (required when stdin is not a terminal). */
export const yesFlag = {
  yes: booleanFlag(z.boolean().default(false), 'do not ask for confirmation (required when stdin is not a terminal)'),
} as const;

type Input = NodeJS.ReadableStream & { isTTY?: boolean };
type Output = NodeJS.WritableStream;

export type ConfirmParameters = {
  /** `--yes`: go ahead without asking. */
  yes: boolean;
  /** What is about to happen, as a verb phrase: "sign", "send". */
  action: string;
  /** The question, ending in what to type: `Sign 2 transaction(s)? Type "yes" to sign: `. */
  question: string;
  /** Said when the answer is not "yes": `not signed: the bundle was not confirmed`. */
  declined: string;
  /** Default: stdin. */
  input?: Input;
  /** Where the question is written. Default: stderr. */
  output?: Output;
};

/**
 * Resolves when the action may go ahead: `yes` given, or "yes" typed on the terminal. Throws
 * `NotConfirmedError`: `not-a-terminal` (naming `--yes`) or `declined`.
 *
 * @example
 * await confirm({ yes: options.yes, action: 'send', question: 'Send 2 transaction(s)? Type "yes" to send: ', declined: 'nothing sent' })
 */
export async function confirm({
  yes,
  action,
  question,
  declined,
  input = process.stdin,
  output = process.stderr,
}: ConfirmParameters): Promise<void> {
  if (yes) return;
  if (!input.isTTY) {
    throw new NotConfirmedError(
      `refusing to ${action} without confirmation: stdin is not a terminal — read the description above and re-run with --yes`,
      { reason: 'not-a-terminal' },
    );
  }
  const rl = createInterface({ input, output });
  try {
    // The input ending (Ctrl-D) before a line is a "no".
    const answer = await new Promise<string>((resolve, reject) => {
      rl.once('close', () => resolve(''));
      rl.question(question).then(resolve, reject);
    });
    if (answer.trim().toLowerCase() !== 'yes') throw new NotConfirmedError(declined, { reason: 'declined' });
  } finally {
    rl.close();
  }
}
