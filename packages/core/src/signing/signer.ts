/**
 * The one interface every signature source gives its callers: an address and three ways to sign.
 * A caller (a presign bundle, a council-signed root) never asks where the key lives.
 */
import {
  type Address,
  type Hex,
  hashMessage,
  hashTypedData,
  keccak256,
  type LocalAccount,
  parseSignature,
  type SignableMessage,
  serializeTransaction,
  type TransactionSerializableEIP1559,
  type TypedData,
  type TypedDataDefinition,
} from 'viem';
import { toAccount } from 'viem/accounts';

/** Where a signer's signatures come from. */
export type SignerKind = 'private-key' | 'keystore' | 'external';

/** Typed data as viem takes it (domain, types, primaryType, message). */
export type AnyTypedData = TypedDataDefinition<TypedData | Record<string, unknown>, string>;

export type Signer = {
  /** The address every signature of this signer recovers to. */
  readonly address: Address;
  readonly kind: SignerKind;
  /** Where the key is, for messages: a variable name, a keystore path, "external". Never a secret. */
  readonly label: string;
  /** Signs a 32-byte digest as is (no prefix): a 65-byte `r‖s‖v` signature. */
  signDigest(digest: Hex): Promise<Hex>;
  /** Signs an EIP-1559 transaction: the serialized signed transaction, ready for `eth_sendRawTransaction`. */
  signTransaction(transaction: TransactionSerializableEIP1559): Promise<Hex>;
  /** Signs EIP-712 typed data: the 65-byte signature over `hashTypedData(typedData)`. */
  signTypedData(typedData: AnyTypedData): Promise<Hex>;
};

/** The digest a transaction's signature covers: keccak256 of its unsigned serialization. */
export function transactionDigest(transaction: TransactionSerializableEIP1559): Hex {
  return keccak256(serializeTransaction(transaction));
}

/** A signer over a viem local account (a private key, decrypted keystore or mnemonic account). */
export function localSigner(account: LocalAccount, kind: SignerKind, label: string): Signer {
  return {
    address: account.address,
    kind,
    label,
    signDigest: (digest) => account.sign?.({ hash: digest }) ?? Promise.reject(new Error('account cannot sign')),
    signTransaction: (transaction) => account.signTransaction(transaction),
    signTypedData: (typedData) => account.signTypedData(typedData as Parameters<LocalAccount['signTypedData']>[0]),
  };
}

/**
 * A signer built from its `signDigest` alone: transactions and typed data are hashed here and the
 * digest signed, so a source that can only sign digests (an air-gapped machine) serves every use.
 */
export function digestSigner(base: Pick<Signer, 'address' | 'kind' | 'label' | 'signDigest'>): Signer {
  return {
    ...base,
    signTransaction: async (transaction) =>
      serializeTransaction(transaction, parseSignature(await base.signDigest(transactionDigest(transaction)))),
    signTypedData: (typedData) => base.signDigest(hashTypedData(typedData)),
  };
}

/**
 * The signer as a viem account, for wallet clients and viem actions (`writeContract`, …). Messages
 * are signed as their EIP-191 digest.
 */
export function toViemAccount(signer: Signer) {
  return toAccount({
    address: signer.address,
    signMessage: ({ message }: { message: SignableMessage }) => signer.signDigest(hashMessage(message)),
    signTransaction: (transaction) => signer.signTransaction(transaction as TransactionSerializableEIP1559),
    signTypedData: (typedData) => signer.signTypedData(typedData as AnyTypedData),
  });
}
