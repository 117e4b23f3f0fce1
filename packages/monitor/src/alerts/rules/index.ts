/**
 * Every alert kind's rule, in one table: adding a kind means one rule here (the table's type makes
 * a kind without a rule a compile error). One rule may raise several kinds (`approvedState` raises
 * both drift kinds of a proxy); the table names it for each, and an evaluation runs it once.
 */
import type { AlertKind } from '../../model.js';
import { chainHalted, chainUnreachable } from './chains.js';
import { approvedState, implementationChangedWithoutProposal } from './implementation.js';
import { activationMissed, deliveryLate } from './proposals.js';
import { councilTermEnding, signerSetDrift } from './signers.js';
import type { Rule } from './types.js';

export const RULES: Readonly<Record<AlertKind, Rule>> = {
  'unapproved-implementation': approvedState,
  'codehash-mismatch': approvedState,
  'implementation-changed-without-proposal': implementationChangedWithoutProposal,
  'chain-halted': chainHalted,
  'chain-unreachable': chainUnreachable,
  'activation-missed': activationMissed,
  'delivery-late': deliveryLate,
  'signer-set-drift': signerSetDrift,
  'council-term-ending': councilTermEnding,
};

export { DEFAULT_REMOTE_HALT_SECONDS, haltSecondsOf } from './chains.js';
export { activationGraceOf, DEFAULT_REMOTE_BLOCK_SECONDS } from './proposals.js';
export type { Rule, RuleContext } from './types.js';
