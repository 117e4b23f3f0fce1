import { LockstepError } from './base.js';

/** Why a proposal file was refused before (or instead of) anything was signed or sent. */
export type ProposalErrorReason =
  /** The file does not parse, or a field is not what it must be. */
  | 'invalid-file'
  /** A recomputed value (content hash, proposal id, digest) differs from the one in the file. */
  | 'tampered'
  /** A signature does not recover to the signer it is filed under, or its contract refuses it. */
  | 'invalid-signature'
  /** The same signer appears twice. */
  | 'duplicate-signer'
  /** The file is a draft (not proposed on chain yet) and the step needs the proposal id. */
  | 'not-submitted'
  /** Two proposal files cannot be merged (other council, both submitted, one proxy twice, ...). */
  | 'merge-conflict'
  /** A safety gate failed and was not overridden with a reason. */
  | 'gate-failed';

export type ProposalErrorType = ProposalError & { name: 'ProposalError' };

/** A proposal file refused to go on: nothing was signed or sent for it. */
export class ProposalError extends LockstepError {
  override name = 'ProposalError' as const;
  readonly reason: ProposalErrorReason;

  constructor(
    shortMessage: string,
    { reason, cause, metaMessages }: { reason: ProposalErrorReason; cause?: unknown; metaMessages?: readonly string[] },
  ) {
    super(shortMessage, { cause, metaMessages, docsPath: '#proposal-files' });
    this.reason = reason;
  }
}
