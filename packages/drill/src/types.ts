/**
 * The two documents a drill is about: the scenario it runs (parsed and validated from a scenario
 * file) and the report it writes (`report.json`). Shared by the scenario parser, the engine and the
 * report renderers; nothing here runs.
 */

import type { ClockSkewReport } from './engine/faults/clock-skew/report.js';
import type { ExecutionFeeReport } from './engine/faults/gas-spike/report.js';
import type { HubReorgEvidence } from './engine/faults/hub-reorg/report.js';
import type { SequencerOutageReport } from './engine/faults/sequencer-outage/report.js';
import type { Fault, FaultKind } from './engine/faults/specs.js';
import type { MonitorReport } from './monitor-section.js';
import type { PROPOSAL_KINDS } from './scenario-fields.js';

/** One chain of a scenario. */
export type ScenarioChain = {
  name: string;
  chainId: number;
  /** Seconds between blocks on the virtual clock (0.25 for Arbitrum-like chains). */
  blockTime: number;
  role: 'hub' | 'satellite';
  /** Hub only: blocks a guardian waits before signing. */
  finalityDepth: number;
  /** Fork a real chain instead of starting a fresh one. */
  fork?: { url: string; blockNumber?: number; proxy?: ForkedProxy };
};

/**
 * The team's own proxy on a forked chain, upgraded instead of the example vault: the drill
 * impersonates its owner (the proxy's, or its ProxyAdmin's) to hand it to the drill's receiver.
 */
export type ForkedProxy = {
  /** The deployed proxy (ERC-1967). */
  address: string;
  /** `uups`: the proxy is an OZ `Ownable` UUPS contract; `transparent`: an OZ TransparentUpgradeableProxy with its ProxyAdmin. */
  kind: 'uups' | 'transparent';
  /** The new implementation, already deployed on that chain (the team's release). */
  upgradeTo: string;
};

// Each fault kind's part of the report lives beside its spec (engine/faults/<kind>/report.ts).
export type { ClockSkewReport } from './engine/faults/clock-skew/report.js';
export type { ExecutionFeeReport, FeeAttempt } from './engine/faults/gas-spike/report.js';
export type { HubReorgEvidence } from './engine/faults/hub-reorg/report.js';
export { FLOW_EVENTS, type FlowEvent, type Trigger } from './flow-events.js';
/** Everything the engine can break, by kind: derived from the fault registry (`engine/faults/specs.ts`). */
export type { Fault, FaultKind };

/**
 * The example vault builds a drill can install: `VaultV2` (the fix), `VaultV3Malicious` (drains the
 * vault) and `VaultV3Faulty` (an honest release whose withdrawals revert).
 */
export type VaultImplementation = 'VaultV2' | 'VaultV3Malicious' | 'VaultV3Faulty';

/**
 * What a scenario proposes: `upgrade` (timelocked); `emergency-pause` (the emergency quorum pauses
 * every chain through the hub and the bridge, no timelock); `presigned-pause` (the emergency quorum
 * signed one council root ahead of time; the executor broadcasts it to every chain, no hub, guardian
 * or relayer). Both pauses are followed by the fix and the full threshold's unpause.
 */
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

/** What the scenario proposes. */
export type ScenarioProposal = {
  /** See `ProposalKind`. */
  kind: ProposalKind;
  /** The release the council approves (and the auditors reviewed). */
  implementation: VaultImplementation;
  /** Chains the proposal targets ('all' or names). */
  chains: 'all' | string[];
  /** Per-chain overrides of the implementation (e.g. the malicious one on a subset). */
  overrides?: { chain: string; implementation: VaultImplementation }[];
  /**
   * A staged rollout: the targets in waves, in order (e.g. secondary chains first, the hub last).
   * Each wave is its own proposal, all approved together; a wave is dispatched only once the
   * previous one passed its health check. Omitted: one wave with every target.
   */
  waves?: string[][];
};

/** What the defenders do when a post-upgrade health check fails. */
export type ScenarioResponse = {
  /**
   * `stop`: alert and dispatch no further wave (the remaining waves are cancelled).
   * `rollback`: also propose restoring, on every failing chain, the previous implementation the
   * registry recorded, and measure the recovery time (RTO).
   */
  onFailedHealthCheck: 'stop' | 'rollback';
  /**
   * A target chain is halted (or its message not yet executable) at the activation time:
   * `proceed` lets the others switch at once (the fix is public while the halted chain still runs
   * the old code); `hold` keeps every chain on the old code until all can switch in the same
   * blocks, trading a longer exposure everywhere for no window between chains.
   */
  onHaltedChain: 'proceed' | 'hold';
  /** The keeper's fee cap in gwei per gas: it bumps its offer within it (`phases/execute/fee-policy.ts`); absent: no cap. */
  executorMaxFeeGwei?: number;
};

/** What must be true at the end; every field that is set becomes one `expectations[]` entry. */
export type ScenarioExpectations = {
  /** Chains that must run the new implementation ('all', or names). */
  upgraded?: 'all' | string[];
  /** Chains whose implementation must not change. */
  unchanged?: 'all' | string[];
  maxVulnerabilityWindowSeconds?: number;
  /** Alert kinds that must have fired. */
  alerts?: string[];
  /** Upper bound on the attacker's total take, in wei (decimal string). */
  maxFundsLostWei?: string;
  maxRtoSeconds?: number;
  /** Emergency drills: chain time from detection until every chain is paused. */
  maxTimeToPauseSeconds?: number;
  /** Every chain executed exactly once (no duplicate deliveries). */
  exactlyOnce?: boolean;
  /**
   * Chains whose message only the fallback council confirmed: each must have waited the
   * receiver's fallback delay after it was queued (the fallback is never a shortcut).
   */
  fallbackDelayed?: 'all' | string[];
  /** Alert kinds that must not fire. */
  noAlerts?: string[];
  /** Upper bound on the attacker's take per chain, in wei (decimal string), by chain name; `all`: every chain not named. */
  maxFundsLostWeiPerChain?: Record<string, string>;
  /** Chains that must stay on their old implementation, with the report saying why (`notUpgradedReason`). */
  staysOnOldCode?: 'all' | string[];
};

/** The timing a Lockstep deployment is configured with; a drill deploys exactly these. */
export type ScenarioDeployment = {
  /** Seconds after the activation time a queued message may still execute; at or after it, it has expired (the receiver's `gracePeriod`). */
  messageExpirySeconds: number;
  /** Seconds the hub allows every chain to receive a message before the activation time (each network's `deliveryMargin`). */
  deliveryMarginSeconds: number;
  /** The receiver's minimum delay between queueing a message and executing it (`receiver.minDelay`). */
  minDelaySeconds: number;
  /** Seconds a rotated-out guardian set's signatures still count (`guardians.setExpiryWindow`). */
  guardianSetOverlapSeconds: number;
};

/** A value in a scenario's call: strings for addresses, big numbers and bytes; `{deployer}` is the drill's deployer. */
export type OwnCallValue = string | number | boolean | (string | number | boolean)[];

/** A call to the team's contract: a function signature (`initialize(address,uint256)`) and its arguments. */
export type OwnCall = { signature: string; args: OwnCallValue[] };

/** A post-upgrade health check: a call (simulated, from a stranger) and what it must return or revert with. */
export type OwnHealthCall = OwnCall & {
  /** The decoded return values, in order. */
  returns?: OwnCallValue[];
  /** The call must revert: with this custom error's name, or any revert (`""`). */
  reverts?: string;
};

/**
 * The team's own Foundry system, deployed on every local chain instead of the example vault:
 * forge artifact ids (`src/Pool.sol:PoolV1`) read from `<project>/out/`, the proxy that runs
 * `current` (initialised by `initializer`), the `release` the council approves, and the health
 * checks that prove the release works.
 */
export type OwnSystem = {
  /** The Foundry project whose `out/` holds the artifacts (relative to the working directory). */
  project: string;
  current: string;
  release: string;
  proxy: { kind: 'uups' | 'transparent'; initializer?: OwnCall };
  health: { calls: OwnHealthCall[] };
  /**
   * A forge test contract (`test/health/PoolHealth.t.sol:PoolHealthTest`) run against every chain
   * after the upgrade, with the chain in its environment (`LOCKSTEP_HEALTH_RPC`, `LOCKSTEP_PROXY`,
   * `LOCKSTEP_RELEASE`, `LOCKSTEP_CHAIN_ID`) plus `env`. A failing test fails the health check.
   */
  healthTests?: OwnHealthTests;
};

export type OwnHealthTests = { test: string; env: Record<string, string> };

/** One forge health test's result on one chain. */
export type HealthTestResult = {
  /** `PriceFeedHealthTest.test_OwnerStillPublishes()` */
  test: string;
  passed: boolean;
  /** forge's reason for a failure (empty when it passed or forge gave none). */
  reason: string;
};

export type Scenario = {
  name: string;
  description: string;
  /** Default seed; `--seed` overrides. */
  seed: number;
  chains: ScenarioChain[];
  council: { size: number; threshold: number; emergencyThreshold: number };
  guardians: { size: number; quorum: number };
  timelockDelaySeconds: number;
  /** The deployment's timing, as the team configured it (defaults: the Lockstep default config's). */
  deployment: ScenarioDeployment;
  /** The implementation every vault runs before the drill (registered as version 1). */
  baseline: 'VaultV1' | 'VaultV2';
  proposal: ScenarioProposal;
  response: ScenarioResponse;
  faults: Fault[];
  attacker: {
    enabled: boolean;
    depositWei: string;
    /** Emergency drills: seconds (virtual) between the live exploit reaching one chain and the next. */
    spreadSeconds: number;
  };
  expect: ScenarioExpectations;
  /** The team's own contracts instead of the example vault (local chains). */
  system?: OwnSystem;
};

// ─── report.json ─────────────────────────────────────────────────────────────────────────────

export type ChainReport = {
  name: string;
  chainId: number;
  rpcUrl: string;
  blockTime: number;
  proxy: string;
  implementationBefore: string;
  implementationAfter: string;
  expectedCodehash: string;
  observedCodehash: string;
  /** null: never executed. */
  executedAtBlock: number | null;
  executedAtTimestamp: number | null;
  /** Receiver acceptances of the message (`UpgradeQueued` logs, whichever adapter confirmed it): 1 = delivered once. */
  deliveries: number;
  /** The guardian set index the relayer delivered under (null: not delivered by this drill's relayer). */
  guardianSet: number | null;
  /** `UpgradeExecuted` logs for the message: 1 = executed once. */
  executions: number;
  /**
   * Which adapters confirmed the message on this chain (the receiver's confirmation bits):
   * `guardians`, `fallback` (the fallback council alone: the upgrade waits the fallback delay) or
   * `guardians+fallback`; null: never queued here.
   */
  deliveredVia: DeliveryPath | null;
  /** Virtual seconds since the start: when the receiver queued the message; null: never. */
  queuedAt: number | null;
  /** Virtual seconds since the start: the earliest execution the receiver allowed; null: never queued. */
  executableAt: number | null;
  /**
   * Seconds `executableAt` lies past the round's common activation time (0: on time). A message
   * confirmed by the fallback alone waits the fallback delay after it is queued (`ActivationDelayed`).
   */
  activationDelaySeconds: number | null;
  /** The receiver's fallback delay, set when the fallback alone confirmed the message; null otherwise. */
  fallbackDelaySeconds: number | null;
  /**
   * Why this chain still runs its old implementation, from its state and the alerts (not targeted,
   * its wave never dispatched, cancelled by the chain guardian, never delivered, expired, halted,
   * held, reverted, rolled back); null when its implementation changed.
   */
  notUpgradedReason: string | null;
  /**
   * The receiver refused the message because it arrived after its expiry (`ReceiverExpiredOnArrival`),
   * in virtual seconds: when, the earliest execution it would have allowed, and the expiry. The chain
   * stays on its current implementation until a new proposal. Absent or null: not refused.
   */
  expiredOnArrival?: { at: number; executableAt: number; expiresAt: number } | null;
  /** Wei, decimal string. */
  fundsAtRisk: string;
  /** Wei, decimal string: the sum of `losses`. */
  fundsLost: string;
  /** Each theft, with the transaction, block and block timestamp that carried it (the checker re-reads them). */
  losses: LossEvidence[];
  /**
   * Pre-signed pause drills: the council root's broadcast on this chain (the transaction that set
   * the root and the one that paused the vault: the same one); null: never paused here. Absent in
   * other drills.
   */
  presignedPause?: PresignedPauseEvidence | null;
  /**
   * Every message the hub dispatched to this chain during the drill, in dispatch order, with the
   * transactions that carried it, read from the chains' own logs: the evidence a post-mortem cites.
   */
  messages: MessageEvidence[];
};

/** A transaction a post-mortem can cite: its hash and the block it landed in (on the chain named by context). */
export type TxEvidence = { txHash: string; blockNumber: number };

/** One theft: the attacker's sweep, the block that mined it and its timestamp, and what it took (wei, decimal string). */
export type LossEvidence = TxEvidence & { timestamp: number; wei: string };

/** How a pre-signed pause reached one chain, from the executor's receipts. */
export type PresignedPauseEvidence = {
  /** The pause message of this chain's leaf (never dispatched by the hub). */
  messageId: string;
  /**
   * The transaction that set the root on the council fallback adapter: the pause's own
   * (`setRootAndExecuteLeaf`, one transaction per chain); null: the root was already set here.
   */
  setRoot: TxEvidence | null;
  /** The leaf's transaction: the receiver paused the vault in this block, at this timestamp (virtual `at`). */
  paused: TxEvidence & { timestamp: number; at: number };
};

/** Pre-signed pause drills: the root the emergency quorum signed ahead of time, and its broadcast. */
export type PresignedPauseReport = {
  /** The root file, owner-only, beside the report (`writeReport` writes it). */
  rootFile: string;
  root: string;
  /** What each signer signed (EIP-712, `CouncilRoots.rootDigest`). */
  digest: string;
  /** The emergency quorum that signed it, ascending. */
  signers: string[];
  /** Virtual seconds (negative: before the drill) when it was signed: the pause messages' `issuedAt`. */
  signedAt: number;
  /** Unix seconds: the last second it can be broadcast. */
  validUntil: number;
  /** Virtual seconds: the executor broadcast it to every chain (the exploit's detection). */
  broadcastAt: number;
  /** Messages the hub dispatched between the broadcast and the last chain's pause (its outbox nonce): 0. */
  hubMessagesDuringPause: number;
};

/** One figure of a report recomputed from the chains: what the report says, what the chain says. */
export type VerificationCheck = { chain: string | null; check: string; passed: boolean; detail: string };

/** The checker's verdict on a report (`--verify`): every figure recomputed from the chains themselves. */
export type ReportVerification = { passed: boolean; checks: VerificationCheck[] };

/** The delivery state the hub records from a destination's acknowledgement. */
export type AckState = 'None' | 'Dispatched' | 'Queued' | 'Executed';

/** One message to one chain and the transactions of each step, from the chains' logs. */
export type MessageEvidence = {
  /** The message's id (`MessageCodec.id`), the same on the hub and on this chain. */
  messageId: string;
  /** What it carried: a round's label (`upgrade`, `wave 1`, `rollback`) or `pause` / `unpause`. */
  purpose: string;
  /** On the hub: the transaction that dispatched it (`MessageDispatched`). */
  dispatch: TxEvidence;
  /** On this chain: each adapter's delivery (`MessageForwarded`): `guardians`, `fallback`, or the adapter's address. */
  deliveries: (TxEvidence & { adapter: string })[];
  /** On this chain: the receiver queued the upgrade (`UpgradeQueued`); null: never queued, or an emergency message. */
  queued: TxEvidence | null;
  /** On this chain: the message took effect (`UpgradeExecuted`, or `EmergencyExecuted` for a pause); null: never. */
  executed: TxEvidence | null;
  /** On this chain: the chain guardian cancelled it (`MessageCancelled`); null: not cancelled. */
  cancelled: TxEvidence | null;
  /** On the hub: the acknowledgements recorded for it (`DeliveryStateUpdated`), in order. */
  acks: (TxEvidence & { state: AckState })[];
};

/** A drill report's copy of the deployment's addresses (see `DrillReport.addresses`). */
export type DrillReportAddresses = { [contract: string]: string | { [kind: string]: string } };

/** The bridge adapters that confirmed a message on a chain. */
export type DeliveryPath = 'guardians' | 'fallback' | 'guardians+fallback';

export type FaultReport = {
  kind: FaultKind;
  target: string;
  /** Virtual seconds since the drill started. */
  injectedAt: number;
  clearedAt: number | null;
  detail: string;
  /** `hub-reorg`: the orphaned and replacement blocks (the report verifier re-reads them). */
  hubReorg?: HubReorgEvidence;
};

export type AlertReport = {
  kind: string;
  chain: string | null;
  at: number;
  message: string;
  /**
   * Detection latency: virtual seconds from the condition's start (a halt's injection, a delivery
   * deadline, an execution) to this alert. null: the alert is a response, not a detection (e.g.
   * `fallback-ratified`, `upgrade-held`), or the condition's start is unknown.
   */
  detectedAfterSeconds?: number | null;
};

/** One point on the timeline picture (virtual seconds since the start). */
export type TimelineEntry = {
  at: number;
  chain: string | null;
  kind: 'phase' | 'queued' | 'activation' | 'executed' | 'fault' | 'fault-cleared' | 'alert' | 'exploit' | 'expired';
  label: string;
};

export type PhaseTiming = { phase: string; wallMs: number };

/** The post-upgrade health check of one chain. */
export type HealthReport = {
  chain: string;
  healthy: boolean;
  /** Virtual seconds since the start. */
  at: number;
  /** What failed, one line each (empty when healthy). */
  problems: string[];
  /** The scenario's forge health tests on this chain (`system.healthTests`), one entry per test. */
  tests?: HealthTestResult[];
};

/** One proposal the drill carried through (a wave, the whole upgrade, or a rollback). */
export type RoundReport = {
  label: string;
  kind: 'upgrade' | 'wave' | 'rollback';
  proposalId: string;
  chains: string[];
  /** Virtual seconds since the start; null: never dispatched (the rollout stopped before it). */
  dispatchedAt: number | null;
  activationAt: number | null;
  /** Chains whose proposal was cancelled before dispatch. */
  cancelled: boolean;
  health: HealthReport[];
};

export type DrillReport = {
  scenario: string;
  /**
   * The scenario file the drill ran when it was given by path (relative to the repository root when
   * inside it, else absolute): the replay command runs that file. Absent for a built-in scenario.
   */
  scenarioFile?: string;
  /** The chain count `--chains` resized the scenario to (the replay command passes it again); absent otherwise. */
  chainCount?: number;
  description: string;
  runId: string;
  seed: number;
  startedAt: string;
  outcome: 'pass' | 'fail';
  chains: ChainReport[];
  /** Chain time from the first chain running the fix to the last; null if some chain never did. */
  vulnerabilityWindowSeconds: number | null;
  /** Chain time from dispatch to activation. */
  timeInQueueSeconds: number | null;
  faults: FaultReport[];
  alerts: AlertReport[];
  /** Emergency drills: detection until every chain is unpaused on the fix; rollbacks: detection until every failing chain is healthy again. */
  rtoSeconds: number | null;
  /** Every proposal the drill carried, in order (one for a plain upgrade). */
  rounds: RoundReport[];
  /** Emergency drills: chain time from the exploit's detection until every chain was paused. */
  timeToPauseAllSeconds: number | null;
  /** Pre-signed pause drills: the root and its broadcast (absent in other drills). */
  presignedPause?: PresignedPauseReport;
  /** Total attacker take (wei) when the attacker ran; null otherwise. */
  rpo: string | null;
  expectations: { description: string; passed: boolean; observed: string }[];
  timeline: TimelineEntry[];
  phases: PhaseTiming[];
  wallTimeMs: number;
  /** Kept chains (`--keep`): their RPC URLs stay valid after the drill. */
  kept: boolean;
  /** Unix time of virtual time 0 on every chain (the drill's clock starts there, not at the wall clock). */
  originTimestamp: number;
  /** `--verify`: every figure recomputed from the chains (absent when not asked for). */
  verification?: ReportVerification;
  /**
   * The drill's deployment (same CREATE2 addresses on every chain), by contract: `receiver`,
   * `vault`, `vaultV2`, ..., and the bridge adapters by kind under `adapters` (`guardian`, `fallback`).
   */
  addresses?: DrillReportAddresses;
  /** `--monitor`: the production monitor's alerts over the drill's chains (absent otherwise). */
  monitor?: MonitorReport;
  /** With `response.executorMaxFeeGwei`: the keeper's fee policy on each chain (absent otherwise). */
  executionFees?: ExecutionFeeReport[];
  /** The keeper's clock check before activation, for each chain a `clock-skew` fault skewed or that alerted (absent otherwise). */
  clockSkew?: ClockSkewReport[];
  /** Each `sequencer-outage` fault: the outage as the chain shows it, forced and queued transactions, the keeper's detection (absent otherwise). */
  sequencerOutage?: SequencerOutageReport[];
  /** With `system.healthTests`: the forge tests each chain's health check ran (`project` absolute), for the checker to re-run. */
  healthTests?: OwnHealthTests & { project: string };
};
