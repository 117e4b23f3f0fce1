import { LockstepError } from './base.js';

/** Why a guardian refused to sign a message. */
export type GuardianRefusalReason =
  /** The bytes are not a canonical `MessageCodec.encode` of a version-1 message. */
  | 'malformed-message'
  /** The message's id differs from the id the hub's event announced. */
  | 'id-mismatch'
  /** `srcChainId`/`sender` are not the configured hub chain and GovernanceHub. */
  | 'wrong-source'
  /** `dstChainId` is not a network of the config. */
  | 'unknown-destination'
  /** The hub block holding the message is not final yet (deeper than `head − finalityDepth`). */
  | 'not-final'
  /** An attestation's signer is not in the guardian set it is being delivered with. */
  | 'unknown-signer';

export type GuardianRefusalErrorType = GuardianRefusalError & { name: 'GuardianRefusalError' };

/** A guardian refused to attest a message: it is malformed, foreign, or not final yet. */
export class GuardianRefusalError extends LockstepError {
  override name = 'GuardianRefusalError' as const;
  readonly reason: GuardianRefusalReason;

  constructor(shortMessage: string, { reason, cause }: { reason: GuardianRefusalReason; cause?: unknown }) {
    super(shortMessage, { cause, docsPath: '#guardian-nodes' });
    this.reason = reason;
  }
}

export type GuardianStoreErrorType = GuardianStoreError & { name: 'GuardianStoreError' };

/** A guardian's store file (cursor and signatures) cannot be read, parsed or written. */
export class GuardianStoreError extends LockstepError {
  override name = 'GuardianStoreError' as const;
  readonly path: string;

  constructor({ path, problem, cause }: { path: string; problem: string; cause?: unknown }) {
    super(`${path}: ${problem} — fix or move the file (the node re-signs final messages from its cursor)`, { cause });
    this.path = path;
  }
}

export type GuardianNodeErrorType = GuardianNodeError & { name: 'GuardianNodeError' };

/** A guardian node cannot start: bad setup (no hub network, wrong chain, port taken, non-loopback host). */
export class GuardianNodeError extends LockstepError {
  override name = 'GuardianNodeError' as const;

  constructor(shortMessage: string, parameters: { cause?: unknown } = {}) {
    super(shortMessage, { cause: parameters.cause, docsPath: '#guardian-nodes' });
  }
}

/** Why a guardian-set rotation was refused before anything was sent. */
export type GuardianRotationErrorReason =
  /** The new set is empty or larger than the adapter's `MAX_GUARDIANS` (32). */
  | 'invalid-size'
  /** A new key is the zero address. */
  | 'zero-key'
  /** The new keys are not strictly ascending (which also rules out duplicates). */
  | 'keys-not-ascending'
  /** The new quorum is not a strict majority of the new set (or exceeds its size). */
  | 'quorum-invalid'
  /** Fewer valid signatures of current-set members than the current set's quorum. */
  | 'quorum-not-met';

export type GuardianRotationErrorType = GuardianRotationError & { name: 'GuardianRotationError' };

/** A guardian-set rotation that the adapter would refuse: checked locally, nothing was sent. */
export class GuardianRotationError extends LockstepError {
  override name = 'GuardianRotationError' as const;
  readonly reason: GuardianRotationErrorReason;

  constructor(
    shortMessage: string,
    { reason, metaMessages }: { reason: GuardianRotationErrorReason; metaMessages?: readonly string[] },
  ) {
    super(shortMessage, { docsPath: '#guardian-set-rotation', ...(metaMessages ? { metaMessages } : {}) });
    this.reason = reason;
  }
}
