export type { ChainExpectations, DeclaredChange, OwnerChange, RoleEvent } from './classify.js';
export { RehearsalError, type RehearsalErrorReason, type RehearsalErrorType } from './errors.js';
export {
  type RehearseProposalParameters,
  type RehearseProposalReturnType,
  rehearseProposal,
} from './rehearse.js';
export * from './slots.js';
export type {
  ChainRehearsal,
  PostCheck,
  RehearsalApprovals,
  RehearsalReport,
  RehearsalSubstitution,
  RehearsalTransaction,
  SlotKind,
  StorageChange,
} from './types.js';
