import type { Hex } from 'viem';
import { LockstepError } from './base.js';
import { ContractRevertError } from './chain.js';

/** Why a council root was refused before (or instead of) a transaction. */
export type RootErrorReason =
  /** The root file does not parse, or a field is not what it must be. */
  | 'invalid-file'
  /** The root file is sealed and its passphrase was not given, or is wrong. */
  | 'wrong-passphrase'
  /** A recomputed value (message id, leaf, proof, root or digest) differs from the one in the file. */
  | 'tampered'
  /** A signature does not recover to the signer it is filed under, or its contract refuses it (ERC-1271). */
  | 'invalid-signature'
  /**
   * A signature does not recover to its signer, and the signer is a contract on none of the chains
   * it could be checked on: an ERC-1271 member needs the RPC of a chain where it is deployed.
   */
  | 'unverifiable-signature'
  /** The same signer appears twice. */
  | 'duplicate-signer'
  /** The root's `validUntil` has passed (or would have by the time it is set). */
  | 'expired'
  /** The root was revoked on the chain. */
  | 'revoked'
  /** The member set rotated since the root was signed: it must be signed again. */
  | 'members-rotated'
  /** The root has no leaf for the chain, or the chain is not in the config. */
  | 'no-leaf'
  /** The adapter on the chain is not the one the root's leaves name, or has no code. */
  | 'wrong-adapter'
  /** The inputs to build a root are not usable (no chain, a chain twice, no target, ...). */
  | 'invalid-input';

export type RootErrorType = RootError & { name: 'RootError' };

/** A council root refused to go on: nothing was sent for it. */
export class RootError extends LockstepError {
  override name = 'RootError' as const;
  readonly reason: RootErrorReason;

  constructor(
    shortMessage: string,
    { reason, cause, metaMessages }: { reason: RootErrorReason; cause?: unknown; metaMessages?: readonly string[] },
  ) {
    super(shortMessage, { cause, metaMessages, docsPath: '#council-roots' });
    this.reason = reason;
  }
}

export type RootRevertErrorType = RootRevertError & { name: 'RootRevertError' };

/** The council-roots functions of the fallback adapter a `RootRevertError` can name. */
export type RootFunctionName = 'setRoot' | 'executeLeaf' | 'setRootAndExecuteLeaf' | 'revokeRoot';

/**
 * `setRoot`, `executeLeaf`, `setRootAndExecuteLeaf` or `revokeRoot` reverts (in simulation: nothing
 * sent) or reverted on chain.
 */
export class RootRevertError extends ContractRevertError {
  override name = 'RootRevertError' as const;

  constructor(parameters: {
    chainId: number;
    functionName: RootFunctionName;
    messageId?: Hex | undefined;
    errorName: string | undefined;
    args?: readonly unknown[];
    hint?: string | undefined;
    cause?: unknown;
  }) {
    super(parameters, { docsPath: '#council-roots' });
  }
}
