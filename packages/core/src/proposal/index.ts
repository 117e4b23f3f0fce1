export {
  BLOCK_TIME_WINDOW,
  estimateBlockAt,
  measureBlockTime,
  type ReadActivationPlanParameters,
  readActivationPlan,
  withActivationPlan,
} from './activation-plan.js';
export { type RenderAnnouncementParameters, renderAnnouncement } from './announcement.js';
export {
  type ActionFlag,
  type ActionFlagKind,
  type DescribableAction,
  type DescribeProposalParameters,
  describeProposal,
  formatArgument,
  type ReadableAction,
  type ReadableArgument,
  type ReadableProposal,
} from './describe.js';
export { type CallFlagKind, type DecodedArgument, type DecodedCall, decodeActionData } from './describe-call.js';
export {
  type ActivationPlan,
  checkProposalDocument,
  type GateFinding,
  type GateRecord,
  PROPOSAL_FORMAT,
  PROPOSAL_ID_TAG,
  PROPOSAL_VERSION,
  type ProposalAction,
  type ProposalDocument,
  type ProposalSignature,
  type ProposalSubmission,
  parseProposalDocument,
  proposalApprovalTypedData,
  proposalContentHash,
  readProposalFile,
  upgradeProposalId,
  writeProposalFile,
} from './document.js';
export { type BuildProposalDraftParameters, buildProposalDraft, type DraftActionInput } from './draft.js';
export { type RecordGatesParameters, recordedOverrides, recordGates } from './gate-records.js';
export {
  type AddressBook,
  type AddressLabel,
  addressBook,
  configLabels,
  deploymentLabels,
  formatLabel,
  type LabelEntry,
  type LabelledAddress,
} from './labels.js';
export { type MergeProposalsParameters, mergeProposals } from './merge.js';
export {
  type AddProposalSignaturesParameters,
  type AddProposalSignaturesReturnType,
  addProposalSignatures,
  type ImportedSignature,
} from './signatures.js';
export { type SubmitProposalParameters, submitProposal } from './submit.js';
export { type ProposalDigest, proposalTypedDataDocument, recomputeProposalDigest } from './typed-data.js';
