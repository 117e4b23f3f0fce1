/**
 * A guardian's persistent state: the next hub block to scan and every attestation it signed, in
 * one JSON file per guardian (`<storeDir>/guardian-<address>.json`), replaced atomically (temp file
 * in the same folder, then rename), so a node killed at any moment restarts from a consistent state.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Address, getAddress, type Hex } from 'viem';
import { z } from 'zod';
import { GuardianStoreError, type GuardianStoreErrorType } from '../errors/guardian.js';
import type { Attestation } from './attestation.js';

const hex = z.custom<Hex>((value) => typeof value === 'string' && /^0x[0-9a-fA-F]*$/.test(value), 'expected hex');

const storeSchema = z.object({
  version: z.literal(1),
  guardian: z.string(),
  /** The next hub block to scan (every block before it is handled). */
  cursor: z.string().regex(/^\d+$/),
  attestations: z.array(
    z.object({
      messageId: hex,
      dstChainId: z.number().int().positive(),
      signer: z.string(),
      signature: z.object({ v: z.number().int(), r: hex, s: hex }),
    }),
  ),
});

export type GuardianStore = {
  guardian: Address;
  cursor: bigint;
  attestations: Attestation[];
};

/** `<storeDir>/guardian-<address>.json`. */
export function guardianStorePath(storeDir: string, guardian: Address): string {
  return join(storeDir, `guardian-${getAddress(guardian)}.json`);
}

/** Reads the store; `undefined` when the file does not exist. Throws `GuardianStoreError` when it is unreadable. */
export async function readGuardianStore(path: string): Promise<GuardianStore | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GuardianStoreError({ path, problem: 'cannot be read', cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new GuardianStoreError({ path, problem: 'is not JSON', cause });
  }
  const parsed = storeSchema.safeParse(json);
  if (!parsed.success) throw new GuardianStoreError({ path, problem: 'is not a guardian store', cause: parsed.error });
  return {
    guardian: getAddress(parsed.data.guardian),
    cursor: BigInt(parsed.data.cursor),
    attestations: parsed.data.attestations.map((a) => ({ ...a, signer: getAddress(a.signer) })),
  };
}

export type WriteGuardianStoreErrorType = GuardianStoreErrorType;

/** Replaces the store atomically (temp file + rename), file mode 0600. */
export async function writeGuardianStore(path: string, store: GuardianStore): Promise<void> {
  const json = {
    version: 1,
    guardian: store.guardian,
    cursor: store.cursor.toString(),
    attestations: store.attestations,
  };
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
    await writeFile(temp, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, path);
  } catch (cause) {
    throw new GuardianStoreError({ path, problem: 'cannot be written', cause });
  }
}
