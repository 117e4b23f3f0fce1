/**
 * A flag is declared once: how `node:util` `parseArgs` reads it, the zod schema that checks and
 * converts its value, and its lines in the help text. A command lists its flags in help order and
 * `commandFlags` derives the three things `Command` needs from that one list: the parser options,
 * the help lines and the strict zod schema (so a flag cannot be parsed but not checked, or checked
 * but missing from the help).
 *
 * Help lines are kept as written, not laid out from a name and a description: the commands' help
 * texts align their columns differently, and this module does not change what they print.
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
  /** Its lines in the help text, as printed. */
  readonly help: readonly string[];
};

/** A command's flags by name, in help order. */
export type Flags = Readonly<Record<string, Flag>>;

/** The zod shape of a set of flags. */
export type FlagShape<F extends Flags> = { -readonly [K in keyof F]: F[K]['schema'] };

export function flag<Schema extends z.ZodType>(option: ParseOption, schema: Schema, ...help: string[]): Flag<Schema> {
  return { option, schema, help };
}

/** `--name <value>`. */
export function stringFlag<Schema extends z.ZodType>(schema: Schema, ...help: string[]): Flag<Schema> {
  return flag({ type: 'string' }, schema, ...help);
}

/** `--name <value>`, repeatable: the values as a list. */
export function listFlag<Schema extends z.ZodType>(schema: Schema, ...help: string[]): Flag<Schema> {
  return flag({ type: 'string', multiple: true }, schema, ...help);
}

/** `--name`, on or off. */
export function booleanFlag<Schema extends z.ZodType>(schema: Schema, ...help: string[]): Flag<Schema> {
  return flag({ type: 'boolean' }, schema, ...help);
}

/** A word after the command's path (`devnet advance <duration>`), checked like a flag. */
export function positional<Schema extends z.ZodType>(schema: Schema, ...help: string[]): Flag<Schema> {
  return { schema, help };
}

export type CommandFlagsOptions<F extends Flags> = {
  /** Help lines that belong to no flag, printed after the named flag's lines. */
  notesAfter?: { readonly [K in keyof F]?: readonly string[] };
  /** Help lines printed after every flag. */
  epilogue?: readonly string[];
};

/** The parser options, the help lines and the strict schema of a command's flags. */
export function commandFlags<F extends Flags>(flags: F, options: CommandFlagsOptions<F> = {}) {
  const parse: Record<string, ParseOption> = {};
  const shape: Record<string, z.ZodType> = {};
  const help: string[] = [];
  for (const [name, declared] of Object.entries(flags)) {
    if (declared.option) parse[name] = declared.option;
    shape[name] = declared.schema;
    help.push(...declared.help, ...(options.notesAfter?.[name] ?? []));
  }
  help.push(...(options.epilogue ?? []));
  return { flags: parse, help, schema: z.strictObject(shape as FlagShape<F>) };
}

// ─── flags many commands share ──────────────────────────────────────────────────────────────────

/** `--json` and `--help`: every command accepts them; they come last in the help. */
export const commonFlags = {
  json: booleanFlag(z.boolean().default(false), '    --json            print exactly one JSON document on stdout'),
  help: flag({ type: 'boolean', short: 'h' }, z.boolean().optional(), '-h, --help            show this help'),
} as const;

/** `--config`, for commands that read the config. */
export const configFlag = {
  config: flag(
    { type: 'string', short: 'c' },
    z.string().min(1).optional(),
    '-c, --config <path>   Lockstep config file (default: ./lockstep.config.*, else the local default)',
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

/** `--rpc <name>=<url>` (repeatable), as `deploy`, `relay` and `execute-ready` list it. */
export const rpcFlag = {
  rpc: listFlag(
    rpcListSchema,
    '    --rpc <name=url>    RPC URL of a network (repeat); local networks default to the devnet’s',
  ),
} as const;

/** `--root <dir>`, as `relay` and `execute-ready` list it. */
export const rootFlag = {
  root: stringFlag(rootSchema, '    --root <dir>        project root holding deployments/ (default: this repository)'),
} as const;
