/**
 * The safety gates every proposal passes before it is created or signed, in the order they run.
 * A new gate is one module beside this file exporting a `ProposalGate`, added to this list.
 */
import { chainConsistencyGate } from './chain-consistency.js';
import { hubGasGate } from './hub-gas.js';
import { implementationGate } from './implementation.js';
import { storageLayoutGate } from './storage-layout.js';
import type { ProposalGate } from './types.js';

export const PROPOSAL_GATES: readonly ProposalGate[] = [
  chainConsistencyGate,
  implementationGate,
  storageLayoutGate,
  hubGasGate,
];
