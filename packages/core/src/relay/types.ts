import type { Address, Hex } from 'viem';
import type { OutboxMessage } from '../message/dispatched.js';

/** One guardian's signature over the adapter's EIP-712 attestation digest of a message. */
export type GuardianAttestation = {
  guardian: Address;
  v: number;
  r: Hex;
  s: Hex;
};

/**
 * Where the relayer gets guardian attestations. `fetch` returns what it has (possibly fewer than a
 * quorum, possibly invalid ones: `deliverMessage` checks each signature before sending).
 */
export type AttestationSource = {
  fetch(messageId: Hex, dstChainId: number): Promise<GuardianAttestation[]>;
  /**
   * Why guardians did not sign `message` (asked after a quorum was missed): each guardian's state
   * against the message's hub block. Optional: sources without guardian nodes leave it out.
   */
  diagnose?(message: OutboxMessage, hub: { chainId: number; address: Address }): Promise<GuardianDiagnosis[]>;
};

/**
 * One guardian node's state for a message it did not sign:
 * - `behind`: its cursor has not reached the message's block yet (wait);
 * - `passed`: it scanned past the block without signing (it refused the message, or its store is
 *   from a chain that is gone and it needs a restart);
 * - `other-hub`: it watches another hub chain or GovernanceHub;
 * - `unreachable`: no answer.
 */
export type GuardianDiagnosis = {
  url: string;
  state: 'behind' | 'passed' | 'other-hub' | 'unreachable';
  /** The node's next block to scan, when it answered. */
  cursor?: number;
  /** What the node watches, when it is `other-hub`. */
  hub?: { chainId: number; address: Address };
};
