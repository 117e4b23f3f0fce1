/**
 * The state one drill's steps share: the scenario and its chains under one virtual clock, the
 * recorder, the deployment, each chain's progress through the current round, the guardian nodes,
 * the attacker and the fault schedule. `runDrill` builds it once; every step is a function over it.
 */
import type { LockstepConfig } from '@lockstep/core/config';
import { codeHash } from '@lockstep/core/crypto';
import type { DeploymentAddresses } from '@lockstep/core/deploy';
import { readRegistryEntry } from '@lockstep/core/registry';
import type { Address, Hex } from 'viem';
import type { Attacker } from '../actors/attacker.js';
import type { GuardianMode, GuardianPool } from '../actors/guardians.js';
import type { DrillChain } from '../chains/start-chains.js';
import type { VirtualClock } from '../chains/virtual-clock.js';
import type { Scenario } from '../types.js';
import type { ChainState, Round } from './chain-state.js';
import type { DrillMonitor } from './defenders/detectors.js';
import type { ProductionMonitor } from './defenders/production-monitor.js';
import type { FaultSchedule } from './faults/schedule.js';
import type { ResolvedSystem } from './own-system/resolve-system.js';
import type { Recorder } from './recorder.js';

export type { ChainState, Round };

/** How long (virtual) the drill waits for deliveries or executions before giving up. */
export const HORIZON_SECONDS = 4 * 24 * 3600;

/** The drill's deployment, with the hub, council and example vault known to be there. */
export type DrillAddresses = ReturnType<typeof requiredAddresses>;

/** Wall-clock relay latency of one chain: hub finality to delivery receipt, in ms and destination blocks. */
export type RelayLatency = { chain: string; wallMs: number; blocks: number };

export type DrillContext = {
  readonly scenario: Scenario;
  /** The scenario's seed, or the caller's override. */
  readonly seed: number;
  /** Guardians as OS processes (`process`) or in this process (undefined: in-process). */
  readonly guardianMode: GuardianMode | undefined;
  readonly chains: readonly DrillChain[];
  readonly hubChain: DrillChain;
  readonly clock: VirtualClock;
  readonly recorder: Recorder;
  readonly config: LockstepConfig;
  /** The drill's config as a file (guardian and relayer processes read it). */
  readonly configFile: string;
  /** The drill's scratch directory (guardian stores, the relayer process's files). */
  readonly workDir: string;
  /** Everything the deploy phase deployed (the relayer process's deployment file). */
  readonly deployment: DeploymentAddresses;
  readonly addresses: DrillAddresses;
  /** Per chain name: its progress through the current round. */
  readonly states: Map<string, ChainState>;
  /** Forked chains whose own proxy the drill adopted: chain name → proxy. */
  readonly adopted: Map<string, Address>;
  /** The scenario's own system (`scenario.system`), resolved, and its release per chain. */
  readonly own?: { system: ResolvedSystem; releases: Map<string, Address> };
  /** Codehashes the defenders accept at queue time: the audited release, and a rollback's previous verified build. */
  readonly audited: Set<Hex>;
  readonly attacker: Attacker;
  /** The scenario's attacker is enabled. */
  readonly attackerOn: boolean;
  /** What the depositor put in each example vault. */
  readonly fundsAtRisk: bigint;
  /** Emergency drills: the live exploit reaches one more chain every EXPLOIT_SPREAD_SECONDS, in seed order (chain name → virtual time). */
  readonly reachAt: Map<string, number>;
  /** The deployed guardian set's nodes. */
  readonly guardians: GuardianPool;
  /** The set a `rotate-guardians` fault installs (in-process nodes). */
  rotatedGuardians: GuardianPool | undefined;
  /** The guardian set each chain's last delivery was made under (from the relayer's events). */
  readonly deliveredUnderSet: Map<number, number>;
  readonly relayLatency: RelayLatency[];
  /** The proposals the drill carries, in order. */
  readonly rounds: Round[];
  readonly faults: FaultSchedule;
  /** The core detectors watching the chains (every alert of a condition on the chains comes from one). */
  readonly monitor: DrillMonitor;
  /** `--monitor`: the production monitor and alert engine, polled at every drill step. */
  readonly productionMonitor: ProductionMonitor | undefined;
  /** Messages an equivocating guardian forged (they must never be delivered). */
  readonly forgedMessages: { chain: string; messageId: Hex }[];
  /** Per chain name: its block number when the flow began (the evidence is read from there). */
  readonly startBlocks: Map<string, bigint>;
};

/** A phase's name in a round: `relay` for the first (or only) round, `relay (wave 2)` after. */
export function phaseName(phase: string, round: Round): string {
  return round.kind === 'upgrade' || round.label === 'wave 1' ? phase : `${phase} (${round.label})`;
}

export async function codehashOf(chain: DrillChain, address: Address): Promise<Hex> {
  const code = await chain.client.getCode({ address });
  return code ? codeHash(code) : '0x';
}

/**
 * The implementation `proxy` runs according to the chain's DeploymentRegistry: what an upgrade
 * action must name as `previousImplementation` (the receiver refuses any other at execution).
 */
export async function registeredImplementation(chain: DrillChain, receiver: Address, proxy: Address): Promise<Address> {
  return (await readRegistryEntry(chain.client, { receiver, proxy })).implementation;
}

export function stateOf(states: Map<string, ChainState>, name: string): ChainState {
  const state = states.get(name);
  if (!state) throw new Error(`no chain named ${name} in this drill`);
  return state;
}

export function requiredAddresses(addresses: DeploymentAddresses) {
  const { hub, council, vault, vaultV1, vaultV2 } = addresses;
  if (!hub || !council || !vault || !vaultV1 || !vaultV2) {
    throw new Error('the drill deployment lacks the hub, council or example vault');
  }
  return { ...addresses, hub, council, vault, vaultV1, vaultV2 };
}
