/**
 * A passphrase, from a file, an environment variable or a prompt, held so that it cannot leak by
 * accident: `String(p)`, `JSON.stringify(p)` and `console.log(p)` all print `[redacted]`; only
 * `reveal()` gives the text, and only the code that derives a key calls it.
 */
import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { SigningError } from './errors.js';

export class Passphrase {
  readonly #value: string;
  /** Where it came from ("file ./pass.txt", "environment variable X", "prompt"), for messages. */
  readonly origin: string;

  constructor(value: string, origin: string) {
    this.#value = value;
    this.origin = origin;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return `Passphrase([redacted], from ${this.origin})`;
  }
}

/** Reads one line without echoing it: the caller's interactive prompt (the CLI's, on a terminal). */
export type PromptSecret = (question: string) => Promise<string>;

export type ReadPassphraseParameters = {
  /** A file whose content (one trailing newline removed) is the passphrase. */
  file?: string | undefined;
  /** An environment variable holding the passphrase. */
  env?: string | undefined;
  /** Asked when neither file nor variable is given. */
  prompt?: { ask: PromptSecret; question: string } | undefined;
  /** What the passphrase unlocks, for messages ("the bundle", "keystore ./k.json"). */
  purpose: string;
  /** Environment variables, as `process.env` holds them. */
  environment?: Readonly<Record<string, string | undefined>>;
};

/**
 * The passphrase from the first source given: `file`, else `env`, else `prompt`. Throws
 * `SigningError` (`passphrase-missing`) naming the source and the flags to use, never the value.
 */
export async function readPassphrase(parameters: ReadPassphraseParameters): Promise<Passphrase> {
  const { file, env, prompt, purpose, environment = process.env } = parameters;
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (cause) {
      throw missing(`cannot read the passphrase file ${file} for ${purpose} — check the path`, cause);
    }
    const value = text.replace(/\r?\n$/, '');
    if (!value) throw missing(`the passphrase file ${file} for ${purpose} is empty — write the passphrase in it`);
    return new Passphrase(value, `file ${file}`);
  }
  if (env !== undefined) {
    const value = environment[env];
    if (!value) throw missing(`environment variable ${env} is not set — export the passphrase of ${purpose} in ${env}`);
    return new Passphrase(value, `environment variable ${env}`);
  }
  if (prompt) {
    const value = await prompt.ask(prompt.question);
    if (!value) throw missing(`no passphrase entered for ${purpose}`);
    return new Passphrase(value, 'prompt');
  }
  throw missing(`no passphrase for ${purpose} — pass a passphrase file or variable, or run on a terminal to be asked`);
}

function missing(message: string, cause?: unknown): SigningError {
  return new SigningError(message, { reason: 'passphrase-missing', cause });
}
