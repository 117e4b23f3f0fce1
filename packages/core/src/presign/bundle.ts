/**
 * The presign bundle (the plaintext inside the encrypted file): metadata and one signed raw
 * transaction per chain, keyed by chain id. Versioned: a reader refuses a version it does not know.
 */
import { getAddress, isHex } from 'viem';
import { z } from 'zod';

export const BUNDLE_VERSION = 1;

const hex = z.string().refine((v) => isHex(v), 'expected 0x-prefixed hex');
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((v) => getAddress(v));
const wei = z.string().regex(/^\d+$/, 'expected a decimal integer (wei)');
/** Unix seconds. */
const time = z.number().int().nonnegative();

/** What a bundled transaction does. */
export const TRANSACTION_KINDS = ['uups-upgrade', 'proxy-admin-upgrade', 'receiver-execute'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

export const bundledTransactionSchema = z.object({
  network: z.string(),
  chainId: z.number().int().positive(),
  kind: z.enum(TRANSACTION_KINDS),
  /** One line: what the transaction does, as the plan said it. */
  description: z.string(),
  to: address,
  nonce: z.number().int().nonnegative(),
  /** The account's nonce when the bundle was made (nonce = baseNonce + nonceOffset). */
  baseNonce: z.number().int().nonnegative(),
  gasLimit: wei,
  maxFeePerGas: wei,
  maxPriorityFeePerGas: wei,
  /** The signed EIP-1559 transaction, as `eth_sendRawTransaction` takes it. */
  raw: hex,
  hash: hex,
});

export const bundleSchema = z.object({
  version: z.literal(BUNDLE_VERSION),
  /** The proposal or release the bundle carries (an id or a label). */
  proposal: z.string().min(1),
  signer: address,
  createdAt: time,
  /** Not to be broadcast before this time. */
  notBefore: time,
  /** Not to be broadcast at or after this time. */
  expiresAt: time,
  /** Chain id (decimal) → its transaction. */
  chains: z.record(z.string().regex(/^\d+$/), bundledTransactionSchema),
});

export type BundledTransaction = z.output<typeof bundledTransactionSchema>;
export type Bundle = z.output<typeof bundleSchema>;
