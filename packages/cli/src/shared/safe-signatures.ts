/**
 * Reads `--signatures` values for `lockstep proposal safe-import`: each is a 0x hex value (one or
 * more 65-byte owner signatures, concatenated) or a file holding them: JSON (an array of hex strings
 * or of objects with a `signature`, or `{"signatures": [...]}`), or plain text of hex values
 * separated by whitespace or commas.
 */
import { readFile } from 'node:fs/promises';
import { LockstepError } from '@lockstep/core/errors';
import { type Hex, isHex } from 'viem';
import { z } from 'zod';

const hexValue = z.string().refine((v) => isHex(v) && v.length > 2, 'expected 0x hex');
const entry = z.union([hexValue, z.object({ signature: hexValue }).transform((o) => o.signature)]);
const fileSchema = z.union([z.array(entry), z.object({ signatures: z.array(entry) }).transform((o) => o.signatures)]);

export async function readSafeSignatures(values: readonly string[]): Promise<Hex[]> {
  const read = await Promise.all(values.map((value) => (isHex(value) ? [value] : fromFile(value))));
  return read.flat() as Hex[];
}

async function fromFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new LockstepError(`--signatures ${path}: neither 0x hex nor a readable file`, { cause });
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (cause) {
      throw new LockstepError(`${path} is not JSON`, { cause });
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      throw new LockstepError(
        `${path} does not hold owners' signatures: expected ["0x…", …], [{"signature": "0x…"}, …] or {"signatures": [...]}`,
        { cause: parsed.error },
      );
    }
    return parsed.data;
  }
  const tokens = trimmed.split(/[\s,]+/).filter(Boolean);
  const bad = tokens.find((t) => !isHex(t));
  if (bad !== undefined || tokens.length === 0) {
    throw new LockstepError(`${path}: "${bad ?? ''}" is not 0x hex — list owners' signatures, one per line`);
  }
  return tokens;
}
