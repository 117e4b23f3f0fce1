/**
 * Whether an implementation's initializers are disabled (its constructor ran `_disableInitializers()`),
 * for both layouts of OpenZeppelin's `Initializable`:
 * - 5.x: `_initialized` (uint64) in the ERC-7201 namespaced slot `INITIALIZABLE_STORAGE_SLOT`,
 *   `type(uint64).max` when disabled. Read from the address alone.
 * - 4.x: `_initialized` (uint8) and `_initializing` (bool) as ordinary variables of the contract,
 *   at the slot and offset solc's storage layout gives for the compiled artifact; `type(uint8).max`
 *   when disabled. Needs the artifact (matched by code or named in the proposal).
 * When neither can be determined the answer says so (`unknown`), never "disabled".
 */
import { type Address, type Hex, hexToBigInt, maxUint64, pad, toHex } from 'viem';
import { getStorageAt } from 'viem/actions';
import type { ReadClient } from '../chain/types.js';
import { type ForgeArtifact, readBuildInfo } from './implementation-artifacts.js';
import { INITIALIZABLE_STORAGE_SLOT, initializedVersion } from './implementation-bytecode.js';

/** What the gate learned about an implementation's initializers. */
export type InitializerState =
  | { layout: 'oz5'; disabled: boolean; version: bigint }
  | {
      layout: 'oz4';
      disabled: boolean;
      version: number;
      initializing: boolean;
      slot: bigint;
      offset: number;
      artifact: string;
    }
  | { layout: 'unknown'; reason: string };

type StorageEntry = { label: string; slot: string; offset: number; type: string };
type StorageLayoutOutput = { storage?: StorageEntry[]; types?: Record<string, { label?: string }> };
type BuildInfo = {
  output?: { contracts?: Record<string, Record<string, { storageLayout?: StorageLayoutOutput }>> };
};

/** OpenZeppelin 4.x's Initializable variables in `artifact`'s storage layout (solc's output, from forge's build info). */
export async function legacyInitializableLayout(
  projectRoot: string,
  artifact: ForgeArtifact,
): Promise<{ initialized: StorageEntry; initializing: StorageEntry } | undefined> {
  const info = await readBuildInfo<BuildInfo>(projectRoot, artifact.buildId);
  const layout = info.output?.contracts?.[artifact.sourceName]?.[artifact.contractName]?.storageLayout;
  const typeOf = (entry: StorageEntry) => layout?.types?.[entry.type]?.label;
  const initialized = layout?.storage?.find((e) => e.label === '_initialized' && typeOf(e) === 'uint8');
  const initializing = layout?.storage?.find((e) => e.label === '_initializing' && typeOf(e) === 'bool');
  return initialized && initializing ? { initialized, initializing } : undefined;
}

/** The byte at `offset` (from the right, as solc packs) of the word at `slot`. */
async function storageByte(client: ReadClient, address: Address, slot: bigint, offset: number): Promise<number> {
  const word = (await getStorageAt(client, { address, slot: pad(toHex(slot)) })) ?? '0x';
  return word === '0x' ? 0 : Number((hexToBigInt(word) >> BigInt(offset * 8)) & 0xffn);
}

/**
 * Reads `address`'s Initializable state: OpenZeppelin 5's slot first (a value there settles it), then
 * OpenZeppelin 4's variables from `artifact`'s layout, then whether the code uses OpenZeppelin 5's
 * slot at all (its runtime code pushes the slot constant).
 */
export async function readInitializerState(
  client: ReadClient,
  {
    address,
    code,
    artifact,
    projectRoot,
  }: { address: Address; code: Hex; artifact?: ForgeArtifact; projectRoot: string },
): Promise<InitializerState> {
  const version = await initializedVersion(client, address);
  if (version !== 0n) return { layout: 'oz5', disabled: version === maxUint64, version };
  const legacy = artifact && (await legacyInitializableLayout(projectRoot, artifact));
  if (artifact && legacy) {
    const slot = BigInt(legacy.initialized.slot);
    const initialized = await storageByte(client, address, slot, legacy.initialized.offset);
    const initializing = await storageByte(
      client,
      address,
      BigInt(legacy.initializing.slot),
      legacy.initializing.offset,
    );
    return {
      layout: 'oz4',
      disabled: initialized === 0xff,
      version: initialized,
      initializing: initializing !== 0,
      slot,
      offset: legacy.initialized.offset,
      artifact: artifact.id,
    };
  }
  if (code.toLowerCase().includes(INITIALIZABLE_STORAGE_SLOT.slice(2)))
    return { layout: 'oz5', disabled: false, version };
  return {
    layout: 'unknown',
    reason: artifact
      ? `artifact ${artifact.id} has neither OpenZeppelin 5's Initializable (ERC-7201 slot, unused by its code) nor OpenZeppelin 4's (\`_initialized\` uint8 and \`_initializing\` bool in its storage layout)`
      : "OpenZeppelin 5's Initializable slot is empty and no build artifact gives its storage layout (for OpenZeppelin 4's `_initialized`)",
  };
}
