/**
 * The one place the CLI writes: the result to stdout (human text, or exactly one JSON document
 * with `--json`), and logs and per-chain progress to stderr. Colour only on a terminal, never
 * with `--json` or `NO_COLOR`.
 */

type Writable = { write(text: string): unknown; isTTY?: boolean };

export type Logger = {
  readonly json: boolean;
  /** A progress or log line on stderr. */
  info(message: string): void;
  /** A success line on stderr (✓ prefix). */
  success(message: string): void;
  /** A warning line on stderr (⚠ prefix): it worked, but not as asked. */
  warn(message: string): void;
  /** A failure line on stderr (✗ prefix). */
  fail(message: string): void;
  /** The command's result on stdout: `value` as JSON with `--json`, else `human()`. Call once. */
  result(value: unknown, human: () => string): void;
  /**
   * One structured log line on stderr, the one schema every long-running command (guardian,
   * relay) uses: `{ time, level, event, ...fields }` on a single line, bigints as strings, an
   * `error` field as `{ name, message, details? }`.
   */
  event(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
};

export type LogLevel = 'info' | 'warn' | 'error';

export type CreateLoggerParameters = {
  json: boolean;
  stdout?: Writable;
  stderr?: Writable;
  env?: Record<string, string | undefined>;
};

export function createLogger({
  json,
  stdout = process.stdout,
  stderr = process.stderr,
  env = process.env,
}: CreateLoggerParameters): Logger {
  const colour = !json && stderr.isTTY === true && !env.NO_COLOR;
  const paint = (code: number, text: string) => (colour ? `\u001b[${code}m${text}\u001b[39m` : text);
  return {
    json,
    info: (message) => stderr.write(`${message}\n`),
    success: (message) => stderr.write(`${paint(32, '✓')} ${message}\n`),
    warn: (message) => stderr.write(`${paint(33, '⚠')} ${message}\n`),
    fail: (message) => stderr.write(`${paint(31, '✗')} ${message}\n`),
    result: (value, human) => {
      stdout.write(json ? `${toJson(value)}\n` : `${human()}\n`);
    },
    event: (level, event, fields = {}) => {
      const { error, ...rest } = fields;
      const line = {
        time: new Date().toISOString(),
        level,
        event,
        ...rest,
        ...(error === undefined ? {} : { error: errorFields(error) }),
      };
      stderr.write(`${JSON.stringify(line, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
    },
  };
}

/** An error as log fields: name and one-line message (a Lockstep error's short message), and its details. */
export function errorFields(error: unknown): { name: string; message: string; details?: string } {
  if (error instanceof Error) {
    const short = (error as Error & { shortMessage?: unknown }).shortMessage;
    const message = typeof short === 'string' ? short : (error.message.split('\n')[0] ?? error.message);
    const details = (error as Error & { details?: unknown }).details;
    return { name: error.name, message, ...(typeof details === 'string' && details ? { details } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

/** JSON with bigints as decimal strings (JSON has no bigint). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

/** A plain text table: a header row and left-aligned columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
