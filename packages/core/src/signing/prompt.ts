/**
 * Asks for a secret on the terminal without echoing it (the keys typed are not written back).
 * Only on a terminal: with stdin not a TTY it throws, so a script never blocks on a hidden prompt.
 */
import { SigningError } from './errors.js';
import type { PromptSecret } from './passphrase.js';

type Input = NodeJS.ReadStream;
type Output = { write(text: string): unknown };

/** A `PromptSecret` reading from `input` (default stdin), writing the question to `output` (default stderr). */
export function terminalPrompt(input: Input = process.stdin, output: Output = process.stderr): PromptSecret {
  return (question) => {
    if (!input.isTTY) {
      return Promise.reject(
        new SigningError(
          'cannot ask for the passphrase: stdin is not a terminal — pass a passphrase file or variable',
          {
            reason: 'passphrase-missing',
          },
        ),
      );
    }
    output.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    return new Promise((resolve, reject) => {
      let value = '';
      const done = (error?: Error) => {
        input.off('data', onData);
        input.setRawMode(false);
        input.pause();
        output.write('\n');
        if (error) reject(error);
        else resolve(value);
      };
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n' || char === '\u0004') return done();
          if (char === '\u0003')
            return done(new SigningError('passphrase prompt interrupted', { reason: 'passphrase-missing' }));
          if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
          else value += char;
        }
      };
      input.on('data', onData);
    });
  };
}
