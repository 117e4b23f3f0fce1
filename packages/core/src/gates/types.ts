/**
 * A safety gate: one check that stands between a council member and a bad signature (storage
 * layout, the implementation's code, the chains' consistency, ...). Each gate is one module that
 * exports a `ProposalGate`; `registry.ts` lists them; `runGates` runs them over a proposal file and
 * records the results in it, so the reviewers of the file see what was checked.
 */

import type { ReadClient } from '../chain/types.js';
import type { LockstepConfig } from '../config/schema.js';
import type { GateFinding, GateRecord, ProposalDocument } from '../proposal/document.js';

/** What a gate may read: the proposal, the config, a client per configured chain, the Foundry project. */
export type GateContext = {
  document: ProposalDocument;
  config: LockstepConfig;
  /** A read client for a configured chain; throws a `LockstepError` naming the fix if it has no RPC. */
  clientFor: (chainId: number) => ReadClient;
  /** The Foundry project root (where `foundry.toml` and `out/` are). */
  projectRoot: string;
};

/** What one gate found: `failed` when any finding is an `error`; `skipped` names why in `summary`. */
export type GateOutcome = {
  status: 'passed' | 'failed' | 'skipped';
  summary: string;
  findings: GateFinding[];
};

export type ProposalGate = {
  /** Stable, kebab-case: `storage-layout`; what `--override <name>=<reason>` names. */
  name: string;
  /** One line for people: "the new implementation keeps the running one's storage layout". */
  title: string;
  /** Whether a failure may be overridden with a recorded reason (a consistency failure may not). */
  overridable: boolean;
  run: (context: GateContext) => Promise<GateOutcome>;
};

export type { GateFinding, GateRecord };
