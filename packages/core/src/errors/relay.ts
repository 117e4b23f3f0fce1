import type { Address, Hex } from 'viem';
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
  /** Each guardian node's state for this message; empty when unknown. */
  readonly guardians: readonly QuorumGuardianState[];

  constructor({
    messageId,
    chainId,
    got,
    need,
    sets = [],
    guardians = [],
    blockNumber,
  }: {
    messageId: Hex;
    chainId: number;
    got: number;
    need: number;
    sets?: readonly TriedGuardianSet[];
    /** Each guardian node's state for this message, when the source could tell (see `AttestationSource.diagnose`). */
    guardians?: readonly QuorumGuardianState[];
    /** The hub block of the message, to word the advice. */
    blockNumber?: bigint;
  }) {
    const detailed = sets.length > 1 || sets.some((set) => set.expiredAt !== undefined);
    const advice = adviceFor(guardians, blockNumber, detailed ? ' of the current set' : '');
    super(
      detailed
        ? `message ${messageId} to chain ${chainId}: no guardian set reached its quorum (${sets.map(describeTried).join('; ')}) — ${advice}`
        : `message ${messageId} to chain ${chainId}: ${got} valid guardian attestation(s), the quorum needs ${need} — ${advice}`,
      { docsPath: '#relaying' },
    );
    this.messageId = messageId;
    this.chainId = chainId;
    this.got = got;
    this.need = need;
    this.sets = sets;
    this.guardians = guardians;
  }
}

/**
 * One guardian node's state for a message it did not sign:
 * - `behind`: its cursor has not reached the message's block yet (wait);
 * - `passed`: it scanned past the block without signing (it refused the message, or its store is
 *   from a chain that is gone and it needs a restart);
 * - `other-hub`: it watches another hub chain or GovernanceHub;
 * - `unreachable`: no answer.
 */
export type QuorumGuardianState = {
  url: string;
  state: 'behind' | 'passed' | 'other-hub' | 'unreachable';
  /** The node's next block to scan, when it answered. */
  cursor?: number;
  /** What the node watches, when it is `other-hub`. */
  hub?: { chainId: number; address: Address };
};

/** What to do, from what the guardians say: waiting helps only when they are behind. */
function adviceFor(guardians: readonly QuorumGuardianState[], blockNumber: bigint | undefined, ofSet: string): string {
  const wait = `wait for more guardians${ofSet} to sign, or check the guardian URLs`;
  if (guardians.length === 0) return wait;
  const urls = (state: QuorumGuardianState['state']) => guardians.filter((g) => g.state === state).map((g) => g.url);
  const parts: string[] = [];
  const otherHub = guardians.filter((g) => g.state === 'other-hub');
  if (otherHub.length > 0) {
    parts.push(
      `${otherHub.map((g) => `${g.url} watches hub ${g.hub?.address} on chain ${g.hub?.chainId}`).join(', ')}: restart it with this deployment's hub`,
    );
  }
  const passed = urls('passed');
  if (passed.length > 0) {
    parts.push(
      `${passed.join(', ')} scanned past block ${blockNumber ?? '?'} without signing it: waiting will not help — read its log (a refusal names the reason) and restart it (a store from a chain that is gone is reset on start)`,
    );
  }
  const unreachable = urls('unreachable');
  if (unreachable.length > 0) parts.push(`${unreachable.join(', ')} did not answer: start it or fix the URL`);
  const behind = urls('behind');
  if (behind.length > 0)
    parts.push(`${behind.join(', ')} has not reached block ${blockNumber ?? '?'} yet: wait for it`);
  return parts.join('; ');
}

function describeTried(set: TriedGuardianSet): string {
  const name = `${set.role} set ${set.index}`;
  if (set.expiredAt !== undefined) {
    return `${name} expired at ${new Date(set.expiredAt * 1000).toISOString()} (${set.expiredAt}), ${set.got} of its ${set.need} signed`;
  }
  return `${name}: ${set.got} of ${set.need} valid attestation(s)`;
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
