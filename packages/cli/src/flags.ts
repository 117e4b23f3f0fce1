/**
 * A flag is declared once: how `node:util` `parseArgs` reads it, the zod schema that checks and
 * converts its value, its value's placeholder and its description. A command lists its flags in
 * help order and `commandFlags` derives the three things `Command` needs from that one list: the
 * parser options, the help lines and the strict zod schema (so a flag cannot be parsed but not
 * checked, or checked but missing from the help).
 *
 * Help lines are laid out here, from each flag's name (its key), short form, placeholder and
 * description, in one layout for every command (`helpLines`): the flag in the first column, the
 * description in a second column as wide as the command's longest flag needs.
 */
import type { ParseArgsConfig } from 'node:util';
import { z } from 'zod';

/** How `parseArgs` reads one flag. */
export type ParseOption = NonNullable<ParseArgsConfig['options']>[string];

/** One flag (or a positional word, which has no parser option). */
export type Flag<Schema extends z.ZodType = z.ZodType> = {
  /** How `parseArgs` reads it; absent for a positional word (`<duration>`). */
  readonly option?: ParseOption;
  /** Checks and converts the parsed value (a string, a list of strings or a boolean). */
  readonly schema: Schema;
  /** Its value's placeholder in the help (`<ms>`); none for an on/off flag or a positional word. */
  readonly value?: string;
  /** What it does: the first line beside the flag, any further lines under it in the same column. */
  readonly description: readonly string[];
};

/** A command's flags by name, in help order. */
export type Flags = Readonly<Record<string, Flag>>;

/** The zod shape of a set of flags. */
export type FlagShape<F extends Flags> = { -readonly [K in keyof F]: F[K]['schema'] };

/** A flag read as `option`; `value` is its placeholder in the help (`undefined` for on/off). */
export function flag<Schema extends z.ZodType>(
  option: ParseOption,
  schema: Schema,
  value: string | undefined,
  ...description: string[]
): Flag<Schema> {
  return { option, schema, ...(value === undefined ? {} : { value }), description };
}

/** `--name <value>`. */
export function stringFlag<Schema extends z.ZodType>(
  schema: Schema,
  value: string,
  ...description: string[]
): Flag<Schema> {
  return flag({ type: 'string' }, schema, value, ...description);
}

/** `--name <value>`, repeatable: the values as a list. */
export function listFlag<Schema extends z.ZodType>(
  schema: Schema,
  value: string,
  ...description: string[]
): Flag<Schema> {
  return flag({ type: 'string', multiple: true }, schema, value, ...description);
}

/** `--name`, on or off. */
export function booleanFlag<Schema extends z.ZodType>(schema: Schema, ...description: string[]): Flag<Schema> {
  return flag({ type: 'boolean' }, schema, undefined, ...description);
}

/** A word after the command's path (`devnet advance <duration>`), checked like a flag. */
export function positional<Schema extends z.ZodType>(schema: Schema, ...description: string[]): Flag<Schema> {
  return { schema, description };
}

export type CommandFlagsOptions<F extends Flags> = {
  /** More description lines for the named flag (a shared flag's wording for one command). */
  describeMore?: { readonly [K in keyof F]?: readonly string[] };
  /** Help lines that belong to no flag, printed as written after the named flag's lines. */
  notesAfter?: { readonly [K in keyof F]?: readonly string[] };
  /** Help lines printed after every flag. */
  epilogue?: readonly string[];
};

/** Where the flags' column starts: short forms (`-h, `) stand in the indent of the others. */
const FLAG_INDENT = '    ';
/** Spaces between the longest flag and its description. */
const COLUMN_GAP = 2;

/** How the help names a flag: `-c, --config <path>`, `    --once`, or `    <duration>` for a word. */
function flagUsage(name: string, declared: Flag): string {
  if (!declared.option) return `${FLAG_INDENT}<${name}>`;
  const short = declared.option.short ? `-${declared.option.short}, ` : FLAG_INDENT;
  return `${short}--${name}${declared.value ? ` ${declared.value}` : ''}`;
}

/**
 * The help lines of a command's flags, in one layout, per flag: its usage, then its description in
 * a column that starts `COLUMN_GAP` after the longest usage; further description lines under it.
 */
export function helpLines(entries: readonly { usage: string; description: readonly string[] }[]): string[][] {
  const width = Math.max(0, ...entries.map((entry) => entry.usage.length)) + COLUMN_GAP;
  return entries.map(({ usage, description }) => {
    const [first = '', ...rest] = description;
    return [`${usage.padEnd(width)}${first}`.trimEnd(), ...rest.map((line) => `${' '.repeat(width)}${line}`)];
  });
}

/** The parser options, the help lines and the strict schema of a command's flags. */
export function commandFlags<F extends Flags>(flags: F, options: CommandFlagsOptions<F> = {}) {
  const parse: Record<string, ParseOption> = {};
  const shape: Record<string, z.ZodType> = {};
  const entries = Object.entries(flags).map(([name, declared]) => {
    if (declared.option) parse[name] = declared.option;
    shape[name] = declared.schema;
    const description = [...declared.description, ...(options.describeMore?.[name] ?? [])];
    return { name, usage: flagUsage(name, declared), description };
  });
  const laidOut = helpLines(entries);
  const help = entries.flatMap((entry, i) => [...(laidOut[i] ?? []), ...(options.notesAfter?.[entry.name] ?? [])]);
  help.push(...(options.epilogue ?? []));
  return { flags: parse, help, schema: z.strictObject(shape as FlagShape<F>) };
}

// ─── flags many commands share ──────────────────────────────────────────────────────────────────

/** `--json` and `--help`: every command accepts them; they come last in the help. */
export const commonFlags = {
  json: booleanFlag(z.boolean().default(false), 'print exactly one JSON document on stdout'),
  help: flag({ type: 'boolean', short: 'h' }, z.boolean().optional(), undefined, 'show this help'),
} as const;

/** `--config`, for commands that read the config. */
export const configFlag = {
  config: flag(
    { type: 'string', short: 'c' },
    z.string().min(1).optional(),
    '<path>',
    'Lockstep config file (default: ./lockstep.config.*, else the local default)',
  ),
} as const;

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `172800`, `90s`, `30m`, `48h`, `2d`, `1w`, or a sum such as `1d12h`: whole seconds. */
export const durationSchema = z
  .string()
  .regex(/^(\d+|(\d+[smhdw])+)$/, 'expected seconds (172800) or a duration like 48h, 30m, 2d, 1d12h')
  .transform((text) =>
    /^\d+$/.test(text)
      ? Number(text)
      : [...text.matchAll(/(\d+)([smhdw])/g)].reduce(
          (sum, [, n, unit]) => sum + Number(n) * (DURATION_UNITS[unit ?? 's'] ?? 1),
          0,
        ),
  )
  .refine((seconds) => Number.isSafeInteger(seconds), 'too long');

/** `--rpc <name>=<url>` values (repeatable): a network's RPC URL. */
export const rpcListSchema = z.array(z.string().regex(/^[a-z][a-z0-9_-]*=.+$/, 'expected <network>=<url>')).default([]);

/** `--root <dir>`: the project root holding `deployments/`. */
export const rootSchema = z.string().min(1).optional();

/** `--from-block <n>`: the first hub block to scan. */
export const fromBlockSchema = z.coerce.bigint().nonnegative().default(0n);

/** `--rpc <name>=<url>` (repeatable). */
export const rpcFlag = {
  rpc: listFlag(rpcListSchema, '<name=url>', 'RPC URL of a network (repeat); local networks default to the devnet’s'),
} as const;

/** `--root <dir>`. */
export const rootFlag = {
  root: stringFlag(rootSchema, '<dir>', 'project root holding deployments/ (default: this repository)'),
} as const;
