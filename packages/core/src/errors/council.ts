import { LockstepError } from './base.js';
import { ContractRevertError, formatRevert } from './chain.js';

/** Why a council action failed before (or instead of) a contract revert. */
export type CouncilErrorReason =
  /** No proposal has this id. */
  | 'unknown-proposal'
  /** The EIP-712 digest computed here differs from the council's `approvalDigest`: do not sign. */
  | 'digest-mismatch'
  /** A signature does not recover to the signer it is filed under. */
  | 'invalid-signature'
  /** The same signer appears twice in one batch. */
  | 'duplicate-signer'
  /** The proposal is not in the state the action needs (not scheduled, timelock not ready, ...). */
  | 'not-ready'
  /** The input (actions, audit report, signature file) is malformed. */
  | 'invalid-input';

export type CouncilErrorType = CouncilError & { name: 'CouncilError' };

/** A council action refused to go on: the proposal, a signature or the input is not what it must be. */
export class CouncilError extends LockstepError {
  override name = 'CouncilError' as const;
  readonly reason: CouncilErrorReason;

  constructor(
    shortMessage: string,
    { reason, cause, metaMessages }: { reason: CouncilErrorReason; cause?: unknown; metaMessages?: readonly string[] },
  ) {
    super(shortMessage, { cause, metaMessages, docsPath: '#council-actions' });
    this.reason = reason;
  }
}

export type CouncilRevertErrorType = CouncilRevertError & { name: 'CouncilRevertError' };

/**
 * A council, timelock or hub call reverted: a `ContractRevertError` worded for the council's
 * actions. `errorName` is the contract's custom error (`CouncilQuorumNotMet`,
 * `TimelockUnexpectedOperationState`, ...) and `args` its decoded arguments; `errorName` is
 * `undefined` (and `args` empty) when the revert carried no known error.
 */
export class CouncilRevertError extends ContractRevertError {
  override name = 'CouncilRevertError' as const;

  constructor({
    functionName,
    errorName,
    args,
    hint,
    cause,
  }: {
    functionName: string;
    errorName: string | undefined;
    args: readonly unknown[] | undefined;
    hint: string | undefined;
    cause?: unknown;
  }) {
    const what = formatRevert(errorName, args ?? [], 'an unknown error');
    super(
      { functionName, errorName, args, cause },
      {
        shortMessage: `${functionName} reverted with ${what}${hint ? ` — ${hint}` : ''}`,
        docsPath: '#council-actions',
      },
    );
  }
}

/** Why an upgrade action's previous implementation was refused at propose time. */
export type StaleUpgradeReason =
  /** The proxy has no entry in that chain's receiver registry (version 0): nothing to upgrade. */
  | 'not-registered'
  /** The action names another previous implementation than the one the proxy runs now. */
  | 'previous-mismatch';

export type StaleUpgradeErrorType = StaleUpgradeError & { name: 'StaleUpgradeError' };

/**
 * An upgrade action would be refused on its chain when it executes (`ReceiverProxyNotRegistered`,
 * or the registry's `RegistryStaleUpgrade`): refused before anything is proposed.
 */
export class StaleUpgradeError extends LockstepError {
  override name = 'StaleUpgradeError' as const;
  readonly reason: StaleUpgradeReason;
  readonly chainId: number;
  readonly proxy: `0x${string}`;
  /** The previous implementation the action names (`undefined`: left out). */
  readonly given: `0x${string}` | undefined;
  /** What the chain's registry shows (`undefined`: not registered). */
  readonly current: `0x${string}` | undefined;

  constructor({
    reason,
    chainId,
    proxy,
    given,
    current,
    registry,
  }: {
    reason: StaleUpgradeReason;
    chainId: number;
    proxy: `0x${string}`;
    given: `0x${string}` | undefined;
    current: `0x${string}` | undefined;
    registry: `0x${string}`;
  }) {
    const shortMessage =
      reason === 'not-registered'
        ? `proxy ${proxy} is not registered on chain ${chainId} (registry ${registry} has no entry for it) — the receiver would refuse the upgrade; check the proxy address and the chain, or register the proxy with the receiver first`
        : `the action for proxy ${proxy} on chain ${chainId} names previousImplementation ${given}, but the proxy runs ${current} (registry ${registry}) — the receiver would refuse it (RegistryStaleUpgrade); set previousImplementation to ${current}, or leave it out to use the registry's`;
    super(shortMessage, { docsPath: '#council-actions' });
    this.reason = reason;
    this.chainId = chainId;
    this.proxy = proxy;
    this.given = given;
    this.current = current;
  }
}
