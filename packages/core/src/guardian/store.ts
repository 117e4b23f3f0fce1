/**
 * A guardian's persistent state: the next hub block to scan, the hash of the last block it scanned
 * and every attestation it signed, in one JSON file per hub and guardian
 * (`<storeDir>/guardian-<hubChainId>-<hub>-<guardian>.json`), replaced atomically (temp file in the
 * same folder, then rename), so a node killed at any moment restarts from a consistent state. The
 * hash lets the node see that the chain it scanned is gone (a devnet restarted from genesis).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Address, getAddress, type Hex } from 'viem';
import { z } from 'zod';
import { GuardianStoreError, type GuardianStoreErrorType } from '../errors/guardian.js';
import type { Attestation } from './attestation.js';

const hex = z.custom<Hex>((value) => typeof value === 'string' && /^0x[0-9a-fA-F]*$/.test(value), 'expected hex');

const storeSchema = z.object({
  version: z.literal(2),
  guardian: z.string(),
  hubChainId: z.number().int().positive(),
  hub: z.string(),
  /** The next hub block to scan (every block before it is handled). */
  cursor: z.string().regex(/^\d+$/),
  /** The hash of block `cursor - 1`, the last one scanned; `null` before the first scan. */
  cursorHash: hex.nullable(),
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
  /** The hub chain and GovernanceHub this cursor belongs to. */
  hubChainId: number;
  hub: Address;
  cursor: bigint;
  /** The hash of block `cursor - 1`; `undefined` before the first scan. */
  cursorHash: Hex | undefined;
  attestations: Attestation[];
};

/** The hub a store belongs to: its chain id and GovernanceHub. */
export type GuardianStoreKey = { hubChainId: number; hub: Address };

/** `<storeDir>/guardian-<hubChainId>-<hub>-<guardian>.json`: one cursor per hub and guardian. */
export function guardianStorePath(storeDir: string, key: GuardianStoreKey, guardian: Address): string {
  return join(storeDir, `guardian-${key.hubChainId}-${getAddress(key.hub)}-${getAddress(guardian)}.json`);
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
    hubChainId: parsed.data.hubChainId,
    hub: getAddress(parsed.data.hub),
    cursor: BigInt(parsed.data.cursor),
    cursorHash: parsed.data.cursorHash ?? undefined,
    attestations: parsed.data.attestations.map((a) => ({ ...a, signer: getAddress(a.signer) })),
  };
}

export type WriteGuardianStoreErrorType = GuardianStoreErrorType;

/** Replaces the store atomically (temp file + rename), file mode 0600. */
export async function writeGuardianStore(path: string, store: GuardianStore): Promise<void> {
  const json = {
    version: 2,
    guardian: store.guardian,
    hubChainId: store.hubChainId,
    hub: store.hub,
    cursor: store.cursor.toString(),
    cursorHash: store.cursorHash ?? null,
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
