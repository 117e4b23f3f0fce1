import type { Hex } from 'viem';
import { LockstepError } from './base.js';

export type QuorumNotMetErrorType = QuorumNotMetError & { name: 'QuorumNotMetError' };

/** One guardian set a delivery tried, and how far the attestations got with it. */
export type TriedGuardianSet = {
  index: number;
  /** `current` or `previous` (the set the current one replaced, valid until its expiry). */
  role: 'current' | 'previous';
  /** Valid attestations from distinct guardians of this set. */
  got: number;
  /** This set's quorum. */
  need: number;
  /** Set when the set is expired at the destination's latest block: the expiry (unix seconds). */
  expiredAt?: number;
};

/** Fewer valid guardian attestations than the guardian set's quorum: nothing was sent. */
export class QuorumNotMetError extends LockstepError {
  override name = 'QuorumNotMetError' as const;
  readonly messageId: Hex;
  readonly chainId: number;
  /** Valid attestations from distinct guardians of the (first tried) set. */
  readonly got: number;
  /** The (first tried) set's quorum. */
  readonly need: number;
  /** Every set tried, in order (the current set first); empty when the caller named the set. */
  readonly sets: readonly TriedGuardianSet[];

  constructor({
    messageId,
    chainId,
    got,
    need,
    sets = [],
  }: {
    messageId: Hex;
    chainId: number;
    got: number;
    need: number;
    sets?: readonly TriedGuardianSet[];
  }) {
    const detailed = sets.length > 1 || sets.some((set) => set.expiredAt !== undefined);
    super(
      detailed
        ? `message ${messageId} to chain ${chainId}: no guardian set reached its quorum (${sets.map(describeTried).join('; ')}) — wait for more guardians of the current set to sign, or check the guardian URLs`
        : `message ${messageId} to chain ${chainId}: ${got} valid guardian attestation(s), the quorum needs ${need} — wait for more guardians to sign, or check the guardian URLs`,
      { docsPath: '#relaying' },
    );
    this.messageId = messageId;
    this.chainId = chainId;
    this.got = got;
    this.need = need;
    this.sets = sets;
  }
}

function describeTried(set: TriedGuardianSet): string {
  const name = `${set.role} set ${set.index}`;
  if (set.expiredAt !== undefined) {
    return `${name} expired at ${new Date(set.expiredAt * 1000).toISOString()} (${set.expiredAt}), ${set.got} of its ${set.need} signed`;
  }
  return `${name}: ${set.got} of ${set.need} valid attestation(s)`;
}

export type ContractRevertErrorType = ContractRevertError & { name: 'ContractRevertError' };

/** A relayer or executor transaction would revert (or did): the decoded custom error. Never retried. */
export class ContractRevertError extends LockstepError {
  override name = 'ContractRevertError' as const;
  /** The message concerned; `undefined` for a call about no message (e.g. `rotateGuardianSet`). */
  readonly messageId: Hex | undefined;
  readonly chainId: number;
  /** `deliver`, `execute`, `markDelivery`, `rotateGuardianSet`, ... */
  readonly functionName: string;
  /** The custom error's name (e.g. `ReceiverCodehashMismatch`), or `undefined` when it could not be decoded. */
  readonly errorName: string | undefined;
  /** The custom error's arguments, in order. */
  readonly args: readonly unknown[];

  constructor({
    messageId,
    chainId,
    functionName,
    errorName,
    args = [],
    cause,
  }: {
    messageId?: Hex;
    chainId: number;
    functionName: string;
    errorName: string | undefined;
    args?: readonly unknown[];
    cause?: unknown;
  }) {
    const shown = errorName ? `${errorName}(${args.map(String).join(', ')})` : 'an undecoded error';
    const call = messageId ? `${functionName} of message ${messageId}` : functionName;
    super(`${call} on chain ${chainId} reverts with ${shown}`, {
      cause,
      docsPath: '#relaying',
    });
    this.messageId = messageId;
    this.chainId = chainId;
    this.functionName = functionName;
    this.errorName = errorName;
    this.args = args;
  }
}

export type TransientRetriesExhaustedErrorType = TransientRetriesExhaustedError & {
  name: 'TransientRetriesExhaustedError';
};

/** An RPC kept failing transiently (timeouts, refused connections, rate limits) after every retry. */
export class TransientRetriesExhaustedError extends LockstepError {
  override name = 'TransientRetriesExhaustedError' as const;
  readonly attempts: number;
  readonly operation: string;

  constructor({ operation, attempts, cause }: { operation: string; attempts: number; cause: unknown }) {
    super(`${operation}: the RPC still failed after ${attempts} attempt(s) — check the node, then run again`, {
      cause,
      docsPath: '#relaying',
    });
    this.operation = operation;
    this.attempts = attempts;
  }
}

export type AttestationSourceErrorType = AttestationSourceError & { name: 'AttestationSourceError' };

/** A guardian endpoint answered with something that is not an attestation. */
export class AttestationSourceError extends LockstepError {
  override name = 'AttestationSourceError' as const;
  readonly url: string;

  constructor({ url, reason, cause }: { url: string; reason: string; cause?: unknown }) {
    super(`guardian endpoint ${url}: ${reason}`, { cause, docsPath: '#relaying' });
    this.url = url;
  }
}
