/**
 * The two documents a drill is about: the scenario it runs (parsed and validated from a scenario
 * file) and the report it writes (`report.json`). Shared by the scenario parser, the engine and the
 * report renderers; nothing here runs.
 */

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
  fork?: { url: string; blockNumber?: number };
};

/** When a fault (or a phase-relative action) happens. */
export type Trigger = {
  /** The flow event the trigger is relative to. */
  after: FlowEvent;
  /** Virtual seconds after that event. Default 0. */
  delaySeconds: number;
};

/** The flow's milestones, in order; triggers and the timeline refer to them. */
export const FLOW_EVENTS = [
  'start',
  'deployed',
  'proposed',
  'approved',
  'scheduled',
  'dispatched',
  'delivered',
  'activation',
  'executed',
  'verified',
] as const;
export type FlowEvent = (typeof FLOW_EVENTS)[number];

/** Everything the engine can break, by kind. `target` names a chain unless said otherwise. */
export type Fault =
  /** The bridge loses the message to `target` (the relayer's first delivery there never happens). */
  | { kind: 'drop-message'; target: string; trigger: Trigger }
  /** `target` stops producing blocks for `durationSeconds` (virtual). */
  | { kind: 'halt-chain'; target: string; trigger: Trigger; durationSeconds: number }
  /** `count` guardian processes are killed; restarted after `durationSeconds` (omit: never). */
  | { kind: 'kill-guardians'; count: number; trigger: Trigger; durationSeconds?: number }
  /** The relayer process is `kill -9`'d mid-delivery and restarted. */
  | { kind: 'crash-relayer'; trigger: Trigger }
  /** The first execution on `target` reverts (out of gas); the executor must retry. */
  | { kind: 'revert-execution'; target: string; trigger: Trigger }
  /** The approved implementation's code on `target` changes after approval. */
  | { kind: 'mutate-implementation'; target: string; trigger: Trigger }
  /** The guardian set is rotated on every chain (`target`: 'all'). */
  | { kind: 'rotate-guardians'; trigger: Trigger };

export type FaultKind = Fault['kind'];

/** What the scenario proposes. */
export type ScenarioProposal = {
  /** `upgrade` (timelocked) or `emergency-pause` (emergency quorum, no timelock). */
  kind: 'upgrade' | 'emergency-pause';
  /** The example contract to upgrade to: `VaultV2` (the fix) or `VaultV3Malicious`. */
  implementation: 'VaultV2' | 'VaultV3Malicious';
  /** Chains the proposal targets ('all' or names). */
  chains: 'all' | string[];
  /** Per-chain overrides of the implementation (e.g. the malicious one on a subset). */
  overrides?: { chain: string; implementation: 'VaultV2' | 'VaultV3Malicious' }[];
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
  proposal: ScenarioProposal;
  faults: Fault[];
  attacker: { enabled: boolean; depositWei: string };
  expect: ScenarioExpectations;
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
  /** Guardian-adapter deliveries of the message (`MessageForwarded` logs): 1 = delivered once. */
  deliveries: number;
  /** `UpgradeExecuted` logs for the message: 1 = executed once. */
  executions: number;
  /** Wei, decimal string. */
  fundsAtRisk: string;
  fundsLost: string;
};

export type FaultReport = {
  kind: FaultKind;
  target: string;
  /** Virtual seconds since the drill started. */
  injectedAt: number;
  clearedAt: number | null;
  detail: string;
};

export type AlertReport = {
  kind: string;
  chain: string | null;
  at: number;
  message: string;
};

/** One point on the timeline picture (virtual seconds since the start). */
export type TimelineEntry = {
  at: number;
  chain: string | null;
  kind: 'phase' | 'queued' | 'activation' | 'executed' | 'fault' | 'fault-cleared' | 'alert' | 'exploit';
  label: string;
};

export type PhaseTiming = { phase: string; wallMs: number };

export type DrillReport = {
  scenario: string;
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
  rtoSeconds: number | null;
  /** Emergency drills: chain time from the exploit's detection until every chain was paused. */
  timeToPauseAllSeconds: number | null;
  /** Total attacker take (wei) when the attacker ran; null otherwise. */
  rpo: string | null;
  expectations: { description: string; passed: boolean; observed: string }[];
  timeline: TimelineEntry[];
  phases: PhaseTiming[];
  wallTimeMs: number;
  /** Kept chains (`--keep`): their RPC URLs stay valid after the drill. */
  kept: boolean;
  /** The drill's deployment (same CREATE2 addresses on every chain), by contract: `receiver`, `vault`, `vaultV2`, ... */
  addresses?: Record<string, string>;
};
