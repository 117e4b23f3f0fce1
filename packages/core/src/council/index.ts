export { type DispatchedMessage, decodeDispatchedMessage, type HubLogFields } from '../message/dispatched.js';
export {
  type ApproveOnChainErrorType,
  type ApproveOnChainParameters,
  type ApproveOnChainReturnType,
  approveOnChain,
} from './approve-on-chain.js';
export type { ChainRpcUrls } from './codehash.js';
export {
  type ApprovalTypedData,
  approvalTypes,
  COUNCIL_DOMAIN_NAME,
  COUNCIL_DOMAIN_VERSION,
  type CodehashCheck,
  type DescribeApprovalErrorType,
  type DescribeApprovalParameters,
  type DescribeApprovalReturnType,
  type DescribedAction,
  decodeUpgradeCall,
  describeApproval,
  type PreviousImplementationCheck,
} from './describe-approval.js';
export {
  type ExecuteCancelErrorType,
  type ExecuteCancelParameters,
  type ExecuteCancelReturnType,
  executeCancel,
} from './execute-cancel.js';
export {
  type ExecuteProposalErrorType,
  type ExecuteProposalParameters,
  type ExecuteProposalReturnType,
  executeProposal,
} from './execute-proposal.js';
export {
  type CouncilLiveness,
  type CouncilSeat,
  computeLiveness,
  type GetCouncilLivenessErrorType,
  type GetCouncilLivenessParameters,
  type GetCouncilLivenessReturnType,
  getCouncilLiveness,
  LIVENESS_WARNING_SECONDS,
  type LivenessLevel,
} from './get-council-liveness.js';
export {
  type GetProposalStatusErrorType,
  type GetProposalStatusParameters,
  type GetProposalStatusReturnType,
  getProposalStatus,
  type ProposalMessageStatus,
} from './get-proposal-status.js';
export {
  type ProposeCancelErrorType,
  type ProposeCancelParameters,
  type ProposeCancelReturnType,
  proposeCancel,
} from './propose-cancel.js';
export {
  completeUpgradeActions,
  type ProposeActionInput,
  type ProposeUpgradeErrorType,
  type ProposeUpgradeParameters,
  type ProposeUpgradeReturnType,
  proposeUpgrade,
} from './propose-upgrade.js';
export type { ProposalRecord } from './read-proposal.js';
export {
  type ScheduleProposalErrorType,
  type ScheduleProposalParameters,
  type ScheduleProposalReturnType,
  scheduleProposal,
} from './schedule-proposal.js';
export {
  type SignApprovalErrorType,
  type SignApprovalParameters,
  type SignApprovalReturnType,
  type SignedApproval,
  signApproval,
} from './sign-approval.js';
export {
  type SubmitApprovalsErrorType,
  type SubmitApprovalsParameters,
  type SubmitApprovalsReturnType,
  submitApprovals,
} from './submit-approvals.js';
export {
  type ChainAction,
  type CouncilReadClient,
  type CouncilWriteClient,
  DELIVERY_STATES,
  type DeliveryState,
  PROPOSAL_KINDS,
  PROPOSAL_STATUSES,
  type ProposalKind,
  type ProposalStatus,
  TIMELOCK_STATES,
  TIMELOCKED_KINDS,
  type TimelockState,
  withArticle,
} from './types.js';
