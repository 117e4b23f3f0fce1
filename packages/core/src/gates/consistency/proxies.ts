/**
 * Whether each proxy a proposal upgrades still runs the implementation the proposal replaces, read
 * two ways: the receiver registry's entry (what the receiver will check at execution) and the
 * proxy's EIP-1967 implementation slot (what the proxy really delegates to), and the running
 * code's hash when the proposal recorded one.
 */
import { type Address, type Hex, isAddressEqual } from 'viem';
import type { ReadClient } from '../../chain/types.js';
import { failureReason } from '../../config/check-networks.js';
import { readImplementation } from '../../detect/implementation.js';
import type { ProposalAction } from '../../proposal/document.js';
import { readRegistryEntry } from '../../registry/read-registry-entry.js';
import type { DriftFinding } from './types.js';

/** What one proxy of the proposal runs on its chain. */
export type ProxyObservation = {
  network: string;
  chainId: number;
  proxy: Address;
  label?: string;
  /** The implementation the proposal replaces (`previousImplementation`). */
  replaces: Address;
  /** The registry entry's implementation (absent: the proxy is not registered). */
  registry?: Address;
  /** The EIP-1967 implementation slot. */
  slot?: Address;
  /** keccak256 of the code at `slot`. */
  codehash?: Hex;
};

export type CheckProxyParameters = {
  action: ProposalAction;
  network: string;
  client: ReadClient;
  /** The chain's receiver (its registry is read). */
  receiver: Address;
};

/** Reads one action's proxy and returns what it runs and the findings (empty when it runs what the proposal replaces). */
export async function checkProxy({
  action,
  network,
  client,
  receiver,
}: CheckProxyParameters): Promise<{ observation: ProxyObservation; findings: DriftFinding[] }> {
  const name = action.label ? `proxy ${action.label} (${action.proxy})` : `proxy ${action.proxy}`;
  const observation: ProxyObservation = {
    network,
    chainId: action.chainId,
    proxy: action.proxy,
    ...(action.label === undefined ? {} : { label: action.label }),
    replaces: action.previousImplementation,
  };
  const findings: DriftFinding[] = [];
  const finding = (subject: string, expected: string, actual: string, fix: string) =>
    findings.push({
      severity: 'error',
      network,
      chainId: action.chainId,
      subject: `${name} ${subject}`,
      expected,
      actual,
      message: `${name} ${subject}: expected ${expected} (what the proposal replaces), got ${actual} — ${fix}`,
      fix,
    });
  const rewrite =
    'the proxy was upgraded since the proposal was written: write it again against what runs now (`lockstep propose`)';
  try {
    const [entry, running] = await Promise.all([
      readRegistryEntry(client, { receiver, proxy: action.proxy }),
      readImplementation(client, action.proxy),
    ]);
    observation.slot = running.implementation;
    if (running.codehash) observation.codehash = running.codehash;
    if (!entry.registered) {
      finding(
        'registry entry',
        action.previousImplementation,
        '(not registered)',
        `register the proxy with ${network}’s receiver, or drop ${network} from the proposal`,
      );
    } else {
      observation.registry = entry.implementation;
      if (!isAddressEqual(entry.implementation, action.previousImplementation)) {
        finding('registry implementation', action.previousImplementation, entry.implementation, rewrite);
      }
    }
    if (!isAddressEqual(running.implementation, action.previousImplementation)) {
      finding(
        'EIP-1967 implementation',
        action.previousImplementation,
        running.implementation,
        entry.registered && isAddressEqual(entry.implementation, action.previousImplementation)
          ? 'the proxy was upgraded outside Lockstep (its registry entry is stale): find out who upgraded it before signing anything'
          : rewrite,
      );
    } else if (action.previousCodehash && running.codehash?.toLowerCase() !== action.previousCodehash.toLowerCase()) {
      finding(
        'running codehash',
        action.previousCodehash,
        running.codehash ?? '(no code)',
        'the code at the replaced implementation changed (a redeployed or self-destructed contract): write the proposal again',
      );
    }
  } catch (cause) {
    findings.push({
      severity: 'error',
      network,
      chainId: action.chainId,
      subject: name,
      message: `${name}: could not read its registry entry or implementation slot (${failureReason(cause)}) — check the proxy address and networks.${network}.rpc`,
      fix: `check the proxy address and networks.${network}.rpc`,
    });
  }
  return { observation, findings };
}
