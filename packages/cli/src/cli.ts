/**
 * `lockstep`: registers the commands and hands each its parsed, schema-checked flags. The only
 * catch in the CLI is here: a `UsageError` exits 2 with the usage; any other error prints its
 * message (short message, context, details) and exits 1.
 */
import { parseArgs } from 'node:util';
import { LockstepError } from '@lockstep/core/errors';
import type { Command } from './command.js';
import { approve } from './commands/approve.js';
import { cancel } from './commands/cancel.js';
import { deploy } from './commands/deploy.js';
import { devnetDown } from './commands/devnet-down.js';
import { devnetStatus } from './commands/devnet-status.js';
import { devnetUp } from './commands/devnet-up.js';
import { execute } from './commands/execute.js';
import { executeReadyCommand } from './commands/execute-ready.js';
import { guardian } from './commands/guardian.js';
import { guardianSetRotate } from './commands/guardian-set-rotate.js';
import { guardianSetShow } from './commands/guardian-set-show.js';
import { propose } from './commands/propose.js';
import { relay } from './commands/relay.js';
import { status } from './commands/status.js';
import { UsageError } from './errors.js';
import { createLogger, type Logger, toJson } from './logger.js';

export const commands: readonly Command[] = [
  devnetUp,
  devnetStatus,
  devnetDown,
  propose,
  approve,
  status,
  execute,
  guardian,
  relay,
  executeReadyCommand,
  deploy,
  cancel,
  guardianSetShow,
  guardianSetRotate,
];

/** Runs the CLI on `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const logger = createLogger({ json: argv.includes('--json') });
  try {
    return await dispatch(argv, logger);
  } catch (error) {
    return report(error, logger);
  }
}

async function dispatch(argv: readonly string[], logger: Logger): Promise<number> {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const command = commands.find((c) => c.path.every((word, i) => words[i] === word));
  if (!command) {
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`${overview()}\n`);
      return argv.length === 0 ? 2 : 0;
    }
    throw new UsageError(`unknown command: ${words.join(' ') || argv.join(' ')}`, { usage: overview() });
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: command.flags, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), { usage: usage(command) });
  }
  const extra = parsed.positionals.slice(command.path.length);
  if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra.join(' ')}`, { usage: usage(command) });
  if (parsed.values.help) {
    process.stdout.write(`${usage(command)}\n`);
    return 0;
  }
  const options = command.schema.safeParse({ ...parsed.values });
  if (!options.success) {
    const problems = options.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`);
    throw new UsageError(problems.join('; '), { usage: usage(command) });
  }
  return command.run(options.data, logger);
}

function report(error: unknown, logger: Logger): number {
  const code = error instanceof UsageError ? 2 : 1;
  const name = error instanceof Error ? error.name : 'Error';
  const shortMessage = error instanceof LockstepError ? error.shortMessage : errorMessage(error);
  const lines = [`error: ${shortMessage}`];
  if (error instanceof LockstepError) {
    if (error.metaMessages?.length) lines.push(...error.metaMessages);
    if (error.details && !(error instanceof UsageError)) lines.push(`details: ${error.details}`);
  }
  if (error instanceof UsageError) lines.push('', error.usage);
  process.stderr.write(`${lines.join('\n')}\n`);
  if (logger.json) {
    const details = error instanceof LockstepError ? error.details : '';
    process.stdout.write(`${toJson({ error: { name, shortMessage, details, exitCode: code } })}\n`);
  }
  return code;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function usage(command: Command): string {
  return [`usage: lockstep ${command.path.join(' ')} [flags]`, '', command.summary, '', ...command.help].join('\n');
}

function overview(): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  return [
    'usage: lockstep <command> [flags]',
    '',
    ...commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    'Run `lockstep <command> --help` for its flags.',
  ].join('\n');
}
