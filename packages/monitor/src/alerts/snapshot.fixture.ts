/** Snapshots for the alert tests: two chains (a hub and a satellite) with one proxy each, no proposal. */
import { defaultConfig, type MonitorEntry } from '@lockstep/core/config';
import type { Address, Hex } from 'viem';
import type { ChainStatus, MonitorSnapshot, Proposal } from '../model.js';

export const NOW = 1_800_000_000;
export const PROXY: Address = '0x00000000000000000000000000000000000000b1';
export const V1: Address = '0x00000000000000000000000000000000000000a1';
export const V2: Address = '0x00000000000000000000000000000000000000a2';
export const CODE_V1: Hex = `0x${'1'.repeat(64)}`;
export const CODE_V2: Hex = `0x${'2'.repeat(64)}`;
export const PROPOSAL_ID: Hex = `0x${'c'.repeat(64)}`;
export const MESSAGE_ID: Hex = `0x${'d'.repeat(64)}`;

/** The default config's networks: ethereum (hub, 12 s), arbitrum, optimism (2 s), polygon. */
export const NETWORKS = defaultConfig().networks;

export function chain(name: string, change: Partial<ChainStatus> = {}): ChainStatus {
  const network = NETWORKS.find((n) => n.name === name);
  if (!network) throw new Error(`no network ${name}`);
  return {
    chain: name,
    chainId: network.chainId,
    reachable: true,
    head: { number: 100, timestamp: NOW - 1, hash: `0x${'e'.repeat(64)}` },
    proxies: [{ name: 'vault', proxy: PROXY, implementation: V1, codehash: CODE_V1 }],
    signerSets: {},
    ...change,
  };
}

export function snapshot(change: Partial<MonitorSnapshot> = {}): MonitorSnapshot {
  return {
    takenAt: NOW,
    chains: [chain('ethereum'), chain('optimism')],
    proposals: [],
    signerSets: [],
    alerts: [],
    ...change,
  };
}

/** A proposal upgrading the vault to V2 on optimism, at `stage` there. */
export function upgrade(stage: Proposal['chains'][number]['stage'], change: Partial<Proposal> = {}): Proposal {
  return {
    id: PROPOSAL_ID,
    kind: 'upgrade',
    hub: 'ethereum',
    proposedAt: NOW - 10_000,
    approvals: 6,
    threshold: 6,
    councilSize: 9,
    chains: [
      {
        chain: 'optimism',
        chainId: 10,
        stage,
        stageSince: NOW - 100,
        messageId: MESSAGE_ID,
        proxy: PROXY,
        implementation: V2,
        approvedCodehash: CODE_V2,
        history: [{ stage: 'dispatched', at: NOW - 2000, chain: 'ethereum' }],
      },
    ],
    ...change,
  };
}

/** One monitor over every network and kind, with the default thresholds. */
export const EVERYTHING: MonitorEntry = {
  name: 'all',
  paused: false,
  thresholds: { termEndWarningDays: 30 },
  triggers: ['terminal'],
};
