import type { ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import type { Logger } from './logger.js';

/**
 * One CLI command: its words (`['devnet', 'up']`), its flags for `node:util` `parseArgs`, and a zod
 * schema that checks the parsed flags and gives `run` its typed options. `flags`, `help` and
 * `schema` come from one declaration per flag (`commandFlags` in `flags.ts`). Its one-line summary
 * is in the command registry (`registry.ts`), so `lockstep --help` need not import the command.
 */
export type Command<Schema extends z.ZodType = z.ZodType> = {
  path: readonly string[];
  /** Flag lines for the help text, e.g. `--json  print one JSON document`. */
  help: readonly string[];
  flags: NonNullable<ParseArgsConfig['options']>;
  /** Names of the words after the path (`devnet advance <duration>` → `['duration']`), given to the schema as options. */
  positionals?: readonly string[];
  schema: Schema;
  /** Returns the exit code: 0 ok, 1 failure. */
  run(options: z.output<Schema>, logger: Logger): Promise<number>;
};

/** Keeps `run`'s options typed by the schema while the registry holds commands of any schema. */
export function defineCommand<Schema extends z.ZodType>(command: Command<Schema>): Command<Schema> {
  return command;
}
