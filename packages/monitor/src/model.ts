import { MONITOR_ALERT_KINDS, type MonitorAlertKind } from '@lockstep/core/config';
import type { Address, Hex } from 'viem';

/**
 * The monitor's model: what it knows about every proposal on every chain, the chains themselves and
 * the alerts it raises. Every part of the monitor meets here: the watchers write snapshots, the alert
 * engine reads them, the store keeps them, the metrics and the dashboard show them. Times are unix
 * seconds on the monitor's clock unless a field says otherwise; block numbers are JSON-safe numbers.
 */

/** The stages one proposal passes through on one chain, in order (the terminal ones last). */
export const STAGES = [
  'proposed',
  'approved',
  'in-timelock',
  'dispatched',
  'attested',
  'delivered',
  'queued',
  'executable',
  'executed',
  'cancelled',
  'expired',
] as const;
export type Stage = (typeof STAGES)[number];

/** One step of a proposal's history on one chain: the stage it reached, when, and the evidence. */
export type StageEntry = {
  stage: Stage;
  /** When the stage was reached (the block's timestamp). */
  at: number;
  /** The chain (config name) whose block shows it: the hub for hub stages, the satellite otherwise. */
  chain: string;
  blockNumber?: number;
  txHash?: Hex;
};

/** Where one proposal stands on one target chain. */
export type ProposalOnChain = {
  chain: string;
  chainId: number;
  stage: Stage;
  /** When the current stage was reached. */
  stageSince: number;
  /** The cross-chain message carrying the proposal to this chain, once dispatched. */
  messageId?: Hex;
  /** Guardian attestations seen for the message (signatures delivered or observed). */
  attestations?: number;
  /** The proxy the proposal upgrades on this chain, the implementation it installs, and its codehash. */
  proxy?: Address;
  implementation?: Address;
  approvedCodehash?: Hex;
  /** Every stage reached, oldest first (the timeline the dashboard draws). */
  history: StageEntry[];
};

/** One proposal across all its chains. */
export type Proposal = {
  id: Hex;
  kind: 'upgrade' | 'emergency' | 'cancel' | 'rotation' | 'config';
  /** The hub chain (config name) where the council proposed it. */
  hub: string;
  proposedAt: number;
  /** Council participation: approvals so far, the threshold, and the seats. */
  approvals: number;
  threshold: number;
  councilSize: number;
  /** When the timelock lets it be dispatched, once scheduled. */
  readyAt?: number;
  /** The one activation time shared by every chain, once known. */
  activationTime?: number;
  /** Seconds between dispatch and the activation time that delivery must fit in (the margin). */
  deliveryMargin?: number;
  chains: ProposalOnChain[];
};

/** One proxy the monitor watches on one chain (from the chain's deployment registry). */
export type WatchedProxy = {
  name: string;
  proxy: Address;
  implementation: Address;
  codehash: Hex;
  /** The codehash the last executed proposal approved for this proxy, if any. */
  approvedCodehash?: Hex;
  /** The implementation the deployment registry last recorded for this proxy (the approved one). */
  approvedImplementation?: Address;
  paused?: boolean;
};

/** The signer sets one chain holds, each reduced to a digest of (members, threshold) for comparison. */
export type SignerSets = {
  council?: Hex;
  guardian?: Hex;
  fallback?: Hex;
};

/** What the monitor knows about one chain right now. */
export type ChainStatus = {
  chain: string;
  chainId: number;
  reachable: boolean;
  /** The last RPC error, when unreachable. */
  error?: string;
  head?: { number: number; timestamp: number; hash: Hex };
  /** The last block whose events are processed (the checkpoint). */
  checkpoint?: number;
  /** Seconds between the monitor's clock and the head's timestamp. */
  lagSeconds?: number;
  proxies: WatchedProxy[];
  signerSets: SignerSets;
  /** Council seats' term ends (unix seconds), for the term-end alert; hub only. */
  councilTermEnds?: number[];
  /** The last canary this chain's receiver reported (`lockstep canary`), when it has seen one. */
  lastCanary?: LastCanary;
};

/** A canary as one chain received it: hub dispatch time to delivery time (block times, seconds). */
export type LastCanary = {
  canaryId: Hex;
  messageId: Hex;
  sentAt: number;
  deliveredAt: number;
  latencySeconds: number;
};

/** A consistency view: whether each signer set is the same on every chain. */
export type SignerSetStatus = {
  kind: keyof SignerSets;
  consistent: boolean;
  /** Per chain (config name): the digest it holds, `null` when it could not be read. */
  byChain: Record<string, Hex | null>;
};

/** Everything the monitor knows at one moment. */
export type MonitorSnapshot = {
  takenAt: number;
  chains: ChainStatus[];
  proposals: Proposal[];
  signerSets: SignerSetStatus[];
  /** The alerts active at `takenAt`. */
  alerts: Alert[];
};

/** Every alert the monitor raises: the kinds a config's monitors select from (`@lockstep/core/config`). */
export const ALERT_KINDS = MONITOR_ALERT_KINDS;
export type AlertKind = MonitorAlertKind;
export type Severity = 'critical' | 'warning' | 'info';

/**
 * A condition the alert engine sees in a snapshot. `key` names the condition (kind + subject, e.g.
 * `chain-halted:optimism`): the same condition seen again has the same key, so it fires once.
 */
export type AlertCondition = {
  key: string;
  kind: AlertKind;
  severity: Severity;
  chain?: string;
  proposalId?: Hex;
  /** One line a release manager can act on. */
  message: string;
  /** Structured facts (addresses, codehashes, times) for the JSON log and the webhook. */
  detail: Record<string, string | number | boolean | null>;
};

/** An alert: a condition with its lifetime. Active while `clearedAt` is absent. */
export type Alert = AlertCondition & {
  firedAt: number;
  clearedAt?: number;
};

/** A change in an alert's state: what the sinks (terminal, JSON log, webhook) are told. */
export type AlertTransition = { type: 'fired' | 'cleared'; alert: Alert };

/** What the monitor publishes to its listeners (the dashboard's live feed, the metrics). */
export type MonitorEvent =
  | { type: 'snapshot'; snapshot: MonitorSnapshot }
  | { type: 'alert'; transition: AlertTransition };

/** A live source of snapshots and alert transitions: what the dashboard and the metrics subscribe to. */
export interface MonitorFeed {
  /** The latest snapshot (an empty one before the first poll completes). */
  current(): MonitorSnapshot;
  /** Calls `listener` for every event from now on; returns the unsubscribe function. */
  subscribe(listener: (event: MonitorEvent) => void): () => void;
}

/** The persistent state the alert engine needs so a restart neither repeats nor loses an alert. */
export interface AlertLedger {
  /** The alerts active now. */
  active(): Promise<Alert[]>;
  /** Records a transition (a fired alert inserted, a cleared one closed). */
  record(transition: AlertTransition): Promise<void>;
}
