/**
 * `lockstep`: finds the command in the registry, imports only its module, and hands it its parsed,
 * schema-checked flags. The only catch in the CLI is here: a `UsageError` exits 2 with the usage;
 * any other error prints its message (short message, context, details) and exits 1.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LockstepError } from '@lockstep/core/errors';
import type { Command } from './command.js';
import { UsageError } from './errors.js';
import { createLogger, type Logger, toJson } from './logger.js';
import { type CommandEntry, commandRegistry } from './registry.js';

/** Runs the CLI on `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const logger = createLogger({ json: argv.includes('--json') });
  try {
    return await dispatch(argv, logger);
  } catch (error) {
    return await report(error, logger);
  }
}

async function dispatch(argv: readonly string[], logger: Logger): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-V') {
    logger.result({ version: version() }, () => `lockstep ${version()}`);
    return 0;
  }
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const entry = commandRegistry.find((c) => c.path.every((word, i) => words[i] === word));
  if (!entry) {
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`${overview()}\n`);
      return argv.length === 0 ? 2 : 0;
    }
    throw new UsageError(`unknown command: ${words.join(' ') || argv.join(' ')}`, { usage: overview() });
  }
  const command = await entry.load();
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: command.flags, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), { usage: usage(entry, command) });
  }
  const names = command.positionals ?? [];
  const given = parsed.positionals.slice(command.path.length);
  const extra = given.slice(names.length);
  if (extra.length > 0)
    throw new UsageError(`unexpected argument: ${extra.join(' ')}`, { usage: usage(entry, command) });
  if (parsed.values.help) {
    process.stdout.write(`${usage(entry, command)}\n`);
    return 0;
  }
  const positional = Object.fromEntries(names.flatMap((name, i) => (given[i] === undefined ? [] : [[name, given[i]]])));
  const options = command.schema.safeParse({ ...parsed.values, ...positional });
  if (!options.success) {
    const problems = options.error.issues.map((issue) => {
      const key = issue.path.join('.');
      return `${names.includes(key) ? `<${key}>` : `--${key}`}: ${issue.message}`;
    });
    throw new UsageError(problems.join('; '), { usage: usage(entry, command), problems });
  }
  return command.run(options.data, logger);
}

async function report(error: unknown, logger: Logger): Promise<number> {
  // The config module is heavy (~2 s of CPU): imported only when an RPC error needs its URL redacted.
  const redactUrl = httpErrorOf(error) ? (await import('@lockstep/core/config')).redactUrl : undefined;
  const code = error instanceof UsageError ? 2 : 1;
  const name = error instanceof Error ? error.name : 'Error';
  const shortMessage = error instanceof LockstepError ? error.shortMessage : oneLine(error, redactUrl);
  const lines = [`error: ${shortMessage}`];
  if (error instanceof LockstepError) {
    if (error.metaMessages?.length) lines.push(...error.metaMessages);
    const details = detailsLine(error, redactUrl);
    if (details && !(error instanceof UsageError)) lines.push(`details: ${details}`);
  }
  if (error instanceof UsageError) lines.push('', error.usage);
  process.stderr.write(`${lines.join('\n')}\n`);
  if (logger.json) {
    const problems = problemsOf(error);
    const details = (error instanceof LockstepError ? detailsLine(error, redactUrl) : '') || problems.join('\n');
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
function oneLine(error: unknown, redactUrl: ((url: string) => string) | undefined): string {
  const chain = causes(error);
  const http = httpErrorOf(error);
  if (http && redactUrl) {
    return `the RPC ${redactUrl(http.url ?? '')} did not answer — start the node (\`lockstep devnet up\` for a local one) or fix the RPC URL`;
  }
  const short = chain
    .map((e) => (e as { shortMessage?: unknown }).shortMessage)
    .find((m): m is string => typeof m === 'string' && m.length > 0);
  return short ?? errorMessage(error).split('\n')[0] ?? '';
}

/** A Lockstep error's details, cut to one line when they are a viem dump (the cause's short message). */
function detailsLine(error: LockstepError, redactUrl: ((url: string) => string) | undefined): string {
  if (!error.details) return '';
  const cause = error.cause;
  if (cause instanceof Error && !(cause instanceof LockstepError) && error.details.includes('\n'))
    return oneLine(cause, redactUrl);
  return error.details;
}

/** The error and its causes, outermost first. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e instanceof Error && chain.length < 20; e = e.cause) chain.push(e);
  return chain;
}

/** viem's `HttpRequestError` (an RPC that did not answer) in the error's cause chain, if any. */
function httpErrorOf(error: unknown): (Error & { url?: string }) | undefined {
  return causes(error).find((e) => e instanceof Error && e.name === 'HttpRequestError') as
    | (Error & { url?: string })
    | undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function usage(entry: CommandEntry, command: Command): string {
  const words = (command.positionals ?? []).map((name) => `<${name}>`);
  return [
    `usage: lockstep ${[...command.path, ...words].join(' ')} [flags]`,
    '',
    entry.summary,
    '',
    ...command.help,
  ].join('\n');
}

function overview(): string {
  const width = Math.max(...commandRegistry.map((c) => c.path.join(' ').length));
  return [
    'usage: lockstep <command> [flags]',
    '',
    ...commandRegistry.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    'Run `lockstep <command> --help` for its flags, `lockstep --version` for the version.',
  ].join('\n');
}
