/**
 * Local accounts whose digest signatures (`sign`, `signMessage`, `signTypedData`) go through
 * `signDigest` (libsecp256k1 where it loads). Transactions and authorizations are still signed by
 * viem's own account: their serialisation rules are viem's, and they are not the hot path.
 */
import { type Hex, hashMessage, hashTypedData, type LocalAccount, type PrivateKeyAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { secp256k1Backend, signDigest } from './secp256k1.js';

/** viem's `privateKeyToAccount`, with its digest signatures made by `signDigest`. */
export function localAccount(privateKey: Hex): PrivateKeyAccount {
  return withDigestSigning(privateKeyToAccount(privateKey), privateKey);
}

/**
 * `account` (whose key is `privateKey`) with `sign`, `signMessage` and `signTypedData` made by
 * `signDigest`; the same signatures, sooner. Unchanged where libsecp256k1 does not load.
 */
export function withDigestSigning<A extends LocalAccount>(account: A, privateKey: Hex): A {
  if (secp256k1Backend() === 'javascript') return account;
  const signTypedData = (async (typedData: Parameters<LocalAccount['signTypedData']>[0]) =>
    signDigest({ hash: hashTypedData(typedData), privateKey })) as A['signTypedData'];
  return {
    ...account,
    sign: async ({ hash }: { hash: Hex }) => signDigest({ hash, privateKey }),
    signMessage: async ({ message }: Parameters<LocalAccount['signMessage']>[0]) =>
      signDigest({ hash: hashMessage(message), privateKey }),
    signTypedData,
  };
}
