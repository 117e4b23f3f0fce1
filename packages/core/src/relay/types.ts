import type { Account, Address, Chain, Client, Hex, Transport } from 'viem';

/** A message the GovernanceHub dispatched (one `MessageDispatched` log). */
export type OutboxMessage = {
  messageId: Hex;
  /** The destination chain's id. */
  dstChainId: number;
  /** The hub's outbox nonce. */
  nonce: bigint;
  /** The ABI-encoded message, exactly as `deliver` and `execute` take it. */
  encoded: Hex;
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
};

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
};

/** A client that reads (any client with a transport). */
export type ReadClient = Client<Transport, Chain | undefined>;

/** A client that reads and signs: its account pays for and signs the transactions. */
export type SignerClient = Client<Transport, Chain | undefined, Account>;
