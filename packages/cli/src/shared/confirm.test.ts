import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NotConfirmedError } from '../errors.js';
import { confirm } from './confirm.js';

/** A terminal stand-in: an input stream that says it is a TTY, and the text written back. */
function terminal(isTTY = true) {
  const input = Object.assign(new PassThrough(), { isTTY });
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  return { input, output, written: () => written };
}

const question = 'Send 2 transaction(s)? Type "yes" to send: ';
const ask = (t: ReturnType<typeof terminal>, yes = false) =>
  confirm({ yes, action: 'send', question, declined: 'nothing sent: not confirmed', input: t.input, output: t.output });

describe('confirm', () => {
  it('goes ahead when "yes" is typed on the terminal, after asking the question', async () => {
    const t = terminal();
    const asked = ask(t);
    t.input.write(' YES \n');
    await expect(asked).resolves.toBeUndefined();
    expect(t.written()).toBe(question);
  });

  it.each([['no'], ['y'], ['']])('refuses any other answer (%j) as declined', async (answer) => {
    const t = terminal();
    const asked = ask(t);
    t.input.write(`${answer}\n`);
    await expect(asked).rejects.toMatchObject({
      name: 'NotConfirmedError',
      reason: 'declined',
      shortMessage: 'nothing sent: not confirmed',
    });
  });

  it('takes the input ending before an answer as declined', async () => {
    const t = terminal();
    const asked = ask(t);
    t.input.end();
    await expect(asked).rejects.toMatchObject({ reason: 'declined' });
  });

  it('refuses without a terminal, naming --yes, and asks nothing', async () => {
    const t = terminal(false);
    const error = await ask(t).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotConfirmedError);
    expect(error).toMatchObject({
      reason: 'not-a-terminal',
      shortMessage:
        'refusing to send without confirmation: stdin is not a terminal — read the description above and re-run with --yes',
    });
    expect(t.written()).toBe('');
  });

  it('with --yes goes ahead without asking, terminal or not', async () => {
    for (const isTTY of [true, false]) {
      const t = terminal(isTTY);
      await expect(ask(t, true)).resolves.toBeUndefined();
      expect(t.written()).toBe('');
    }
  });
});
