/**
 * Every alert kind's rule, in one table: adding a kind means one rule here (the table's type makes
 * a kind without a rule a compile error).
 */
import type { AlertKind } from '../../model.js';
import { chainHalted, chainUnreachable } from './chains.js';
import { codehashMismatch, implementationChangedWithoutProposal, unapprovedImplementation } from './implementation.js';
import { activationMissed, deliveryLate } from './proposals.js';
import { councilTermEnding, signerSetDrift } from './signers.js';
import type { Rule } from './types.js';

export const RULES: Readonly<Record<AlertKind, Rule>> = {
  'unapproved-implementation': unapprovedImplementation,
  'codehash-mismatch': codehashMismatch,
  'implementation-changed-without-proposal': implementationChangedWithoutProposal,
  'chain-halted': chainHalted,
  'chain-unreachable': chainUnreachable,
  'activation-missed': activationMissed,
  'delivery-late': deliveryLate,
  'signer-set-drift': signerSetDrift,
  'council-term-ending': councilTermEnding,
};

export { DEFAULT_REMOTE_HALT_SECONDS, haltSecondsOf } from './chains.js';
export type { Rule, RuleContext } from './types.js';
