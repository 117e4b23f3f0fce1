import type { Address, Hex } from 'viem';
import type { QuorumGuardianState } from '../../errors/relay.js';
import type { GuardianAttestation } from '../../guardian/select-signatures.js';
import type { DispatchedMessage } from '../../message/dispatched.js';

export type { GuardianAttestation };

/**
 * Where the relayer gets guardian attestations. `fetch` returns what it has (possibly fewer than a
 * quorum, possibly invalid ones: `deliverMessage` checks each signature before sending).
 */
export type AttestationSource = {
  fetch(messageId: Hex, dstChainId: number): Promise<GuardianAttestation[]>;
  /**
   * `fetch` for many messages at once: each message id (lower-case) → its attestations. Optional:
   * a source that can ask each guardian once for all of them (`POST /attestations`) offers it, so
   * a relayer's pass costs one request per guardian, not one per guardian and message.
   */
  fetchMany?(messages: readonly AttestationRequest[]): Promise<Map<Hex, GuardianAttestation[]>>;
  /**
   * Why guardians did not sign `message` (asked after a quorum was missed): each guardian's state
   * against the message's hub block. Optional: sources without guardian nodes leave it out.
   */
  diagnose?(message: DispatchedMessage, hub: { chainId: number; address: Address }): Promise<GuardianDiagnosis[]>;
};

/** One guardian node's state for a message it did not sign (see `QuorumGuardianState`). */
export type GuardianDiagnosis = QuorumGuardianState;

/** A message whose attestations are asked for, and the destination they must be for. */
export type AttestationRequest = { messageId: Hex; dstChainId: number };
