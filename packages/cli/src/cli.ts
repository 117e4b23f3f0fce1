/**
 * `lockstep`: registers the commands and hands each its parsed, schema-checked flags. The only
 * catch in the CLI is here: a `UsageError` exits 2 with the usage; any other error prints its
 * message (short message, context, details) and exits 1.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { redactUrl } from '@lockstep/core/config';
import { LockstepError } from '@lockstep/core/errors';
import type { Command } from './command.js';
import { approve } from './commands/approve.js';
import { canary } from './commands/canary.js';
import { cancel } from './commands/cancel.js';
import { deploy } from './commands/deploy.js';
import { devnetAdvance } from './commands/devnet-advance.js';
import { devnetDown } from './commands/devnet-down.js';
import { devnetStatus } from './commands/devnet-status.js';
import { devnetUp } from './commands/devnet-up.js';
import { execute } from './commands/execute.js';
import { executeReadyCommand } from './commands/execute-ready.js';
import { guardian } from './commands/guardian.js';
import { guardianSetRotate } from './commands/guardian-set-rotate.js';
import { guardianSetShow } from './commands/guardian-set-show.js';
import { monitor } from './commands/monitor.js';
import { preflight } from './commands/preflight.js';
import { presignBroadcast } from './commands/presign-broadcast.js';
import { presignCreate } from './commands/presign-create.js';
import { presignVerify } from './commands/presign-verify.js';
import { proposalAnnounce } from './commands/proposal-announce.js';
import { proposalCheck } from './commands/proposal-check.js';
import { proposalMerge } from './commands/proposal-merge.js';
import { proposalSafeExport } from './commands/proposal-safe-export.js';
import { proposalSafeImport } from './commands/proposal-safe-import.js';
import { proposalShow } from './commands/proposal-show.js';
import { propose } from './commands/propose.js';
import { rehearse } from './commands/rehearse.js';
import { relay } from './commands/relay.js';
import { rootPause } from './commands/root-pause.js';
import { rootRatify } from './commands/root-ratify.js';
import { rootRevoke } from './commands/root-revoke.js';
import { rootShow } from './commands/root-show.js';
import { rootSign } from './commands/root-sign.js';
import { rootSubmit } from './commands/root-submit.js';
import { status } from './commands/status.js';
import { verifyDigest } from './commands/verify-digest.js';
import { UsageError } from './errors.js';
import { createLogger, type Logger, toJson } from './logger.js';

export const commands: readonly Command[] = [
  devnetUp,
  devnetStatus,
  devnetAdvance,
  devnetDown,
  propose,
  proposalShow,
  proposalCheck,
  proposalMerge,
  proposalAnnounce,
  approve,
  verifyDigest,
  status,
  execute,
  guardian,
  relay,
  monitor,
  canary,
  executeReadyCommand,
  deploy,
  cancel,
  guardianSetShow,
  guardianSetRotate,
  preflight,
  presignCreate,
  presignVerify,
  presignBroadcast,
  rehearse,
  rootPause,
  rootRatify,
  rootShow,
  rootSign,
  rootSubmit,
  rootRevoke,
  proposalSafeExport,
  proposalSafeImport,
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
  if (argv[0] === '--version' || argv[0] === '-V') {
    logger.result({ version: version() }, () => `lockstep ${version()}`);
    return 0;
  }
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
  const names = command.positionals ?? [];
  const given = parsed.positionals.slice(command.path.length);
  const extra = given.slice(names.length);
  if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra.join(' ')}`, { usage: usage(command) });
  if (parsed.values.help) {
    process.stdout.write(`${usage(command)}\n`);
    return 0;
  }
  const positional = Object.fromEntries(names.flatMap((name, i) => (given[i] === undefined ? [] : [[name, given[i]]])));
  const options = command.schema.safeParse({ ...parsed.values, ...positional });
  if (!options.success) {
    const problems = options.error.issues.map((issue) => {
      const key = issue.path.join('.');
      return `${names.includes(key) ? `<${key}>` : `--${key}`}: ${issue.message}`;
    });
    throw new UsageError(problems.join('; '), { usage: usage(command), problems });
  }
  return command.run(options.data, logger);
}

function report(error: unknown, logger: Logger): number {
  const code = error instanceof UsageError ? 2 : 1;
  const name = error instanceof Error ? error.name : 'Error';
  const shortMessage = error instanceof LockstepError ? error.shortMessage : oneLine(error);
  const lines = [`error: ${shortMessage}`];
  if (error instanceof LockstepError) {
    if (error.metaMessages?.length) lines.push(...error.metaMessages);
    const details = detailsLine(error);
    if (details && !(error instanceof UsageError)) lines.push(`details: ${details}`);
  }
  if (error instanceof UsageError) lines.push('', error.usage);
  process.stderr.write(`${lines.join('\n')}\n`);
  if (logger.json) {
    const problems = problemsOf(error);
    const details = (error instanceof LockstepError ? detailsLine(error) : '') || problems.join('\n');
    process.stdout.write(`${toJson({ error: { name, shortMessage, details, problems, exitCode: code } })}\n`);
  }
  return code;
}

/**
 * Every problem the error knows, one line each: a usage error's flag problems, a config error's
 * issues, else the error's context lines, else its short message.
 */
function problemsOf(error: unknown): string[] {
  const listed = (error as { problems?: unknown }).problems;
  if (error instanceof LockstepError && Array.isArray(listed) && listed.length > 0) return listed.map(String);
  const issues = (error as { issues?: unknown }).issues;
  if (error instanceof LockstepError && Array.isArray(issues) && issues.length > 0) {
    return issues.map(
      (issue: { path?: string; problem?: string; fix?: string }) =>
        `${issue.path || '(config)'}: ${issue.problem ?? ''}${issue.fix ? ` — ${issue.fix}` : ''}`,
    );
  }
  if (error instanceof LockstepError) {
    const meta = (error.metaMessages ?? []).map((line) => line.replace(/^- /, ''));
    return meta.length > 0 ? [error.shortMessage, ...meta] : [error.shortMessage];
  }
  return [errorMessage(error)];
}

/** This package's version (package.json). */
function version(): string {
  const json = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return json.version;
}

/**
 * An error the CLI did not wrap (often viem's, whose message is a multi-line dump of the request)
 * as one line: the short message of the deepest error that has one, and for an RPC that does not
 * answer, the fix.
 */
function oneLine(error: unknown): string {
  const chain: unknown[] = [];
  for (let e: unknown = error; e instanceof Error && chain.length < 20; e = e.cause) chain.push(e);
  const http = chain.find((e) => e instanceof Error && e.name === 'HttpRequestError') as
    | (Error & { url?: string })
    | undefined;
  if (http) {
    return `the RPC ${redactUrl(http.url ?? '')} did not answer — start the node (\`lockstep devnet up\` for a local one) or fix the RPC URL`;
  }
  const short = chain
    .map((e) => (e as { shortMessage?: unknown }).shortMessage)
    .find((m): m is string => typeof m === 'string' && m.length > 0);
  return short ?? errorMessage(error).split('\n')[0] ?? '';
}

/** A Lockstep error's details, cut to one line when they are a viem dump (the cause's short message). */
function detailsLine(error: LockstepError): string {
  if (!error.details) return '';
  const cause = error.cause;
  if (cause instanceof Error && !(cause instanceof LockstepError) && error.details.includes('\n'))
    return oneLine(cause);
  return error.details;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function usage(command: Command): string {
  const words = (command.positionals ?? []).map((name) => `<${name}>`);
  return [
    `usage: lockstep ${[...command.path, ...words].join(' ')} [flags]`,
    '',
    command.summary,
    '',
    ...command.help,
  ].join('\n');
}

function overview(): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  return [
    'usage: lockstep <command> [flags]',
    '',
    ...commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    'Run `lockstep <command> --help` for its flags, `lockstep --version` for the version.',
  ].join('\n');
}
