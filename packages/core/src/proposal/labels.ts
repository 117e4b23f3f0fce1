/**
 * Names for the addresses a member is asked to sign over, so no address is shown bare: a proxy by
 * the name its chain's DeploymentRegistry holds, a contract Lockstep deployed by its role (from the
 * deployment files), an account the config names by its seat, and anything else as unknown.
 *
 * Trust: a `registry` label was read from the chain; a `known` label comes from this machine's
 * deployment files and config (not from the proposal file, whose author could name anything).
 */
import { type Address, getAddress } from 'viem';
import type { LockstepConfig } from '../config/schema.js';
import type { DeploymentAddresses } from '../deploy/deployment.js';

/** What an address is: registered proxy, known contract or account, or unknown (shown with ⚠). */
export type AddressLabel =
  | { kind: 'registry'; name: string }
  | { kind: 'known'; name: string; source: string }
  | { kind: 'unknown' };

/** An address with its label. */
export type LabelledAddress = { address: Address; label: AddressLabel };

/** One known address; without `chainId` it holds on every chain. */
export type LabelEntry = { chainId?: number; address: Address; label: AddressLabel };

/** Looks addresses up: the chain's own entry first, then one that holds on every chain. */
export type AddressBook = { label(chainId: number, address: Address): LabelledAddress };

const key = (chainId: number | undefined, address: Address) => `${chainId ?? '*'}:${address.toLowerCase()}`;

/** An address book of `entries`; on a clash the first entry wins (list the most trusted first). */
export function addressBook(entries: readonly LabelEntry[]): AddressBook {
  const byKey = new Map<string, AddressLabel>();
  for (const entry of entries) {
    const k = key(entry.chainId, entry.address);
    if (!byKey.has(k)) byKey.set(k, entry.label);
  }
  return {
    label(chainId, address) {
      const label = byKey.get(key(chainId, address)) ?? byKey.get(key(undefined, address)) ?? { kind: 'unknown' };
      return { address: getAddress(address), label };
    },
  };
}

/** What each field of a deployment file is, for people. */
const DEPLOYED_ROLES: Readonly<Record<Exclude<keyof DeploymentAddresses, 'adapters'>, string>> = {
  council: 'SecurityCouncil',
  hub: 'GovernanceHub',
  timelock: 'council timelock (TimelockController)',
  receiver: 'UpgradeReceiver',
  registry: 'DeploymentRegistry',
  factory: 'LockstepFactory',
  vault: 'example vault proxy',
  vaultV1: 'VaultV1 implementation',
  vaultV2: 'VaultV2 implementation',
};

/** The contracts of one chain's deployment file (`deployments/<network>.json`). */
export function deploymentLabels(chainId: number, network: string, addresses: DeploymentAddresses): LabelEntry[] {
  const source = `deployments/${network}.json`;
  const entries: LabelEntry[] = [];
  for (const [field, name] of Object.entries(DEPLOYED_ROLES)) {
    const address = addresses[field as keyof typeof DEPLOYED_ROLES];
    if (address) entries.push({ chainId, address, label: { kind: 'known', name, source } });
  }
  for (const [adapter, address] of Object.entries(addresses.adapters)) {
    if (address) entries.push({ chainId, address, label: { kind: 'known', name: `${adapter} adapter`, source } });
  }
  return entries;
}

/** The accounts the config names (council and fallback members, guardian keys, chain guardian, reporters). */
export function configLabels(config: LockstepConfig): LabelEntry[] {
  const source = 'config';
  const seats: [string, readonly Address[]][] = [
    ['council member', config.council.members],
    ['fallback member', config.fallback.members],
    ['guardian key', config.guardians.keys],
    ['chain guardian', [config.chainGuardian]],
    ['reporter', config.reporters],
  ];
  return seats.flatMap(([seat, addresses]) =>
    addresses.map((address, i) => ({
      address,
      label: { kind: 'known' as const, name: addresses.length > 1 ? `${seat} ${i}` : seat, source },
    })),
  );
}

/** How a label reads: `example.vault (registry)`, `UpgradeReceiver (deployments/arbitrum.json)`, `⚠ unknown`. */
export function formatLabel(label: AddressLabel): string {
  if (label.kind === 'registry') return `${label.name} (registry)`;
  if (label.kind === 'known') return `${label.name} (${label.source})`;
  return '⚠ unknown';
}
