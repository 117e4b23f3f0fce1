/** Signing and recovery primitives shared by every package (libsecp256k1 where it loads). */
export { codeHash } from './code-hash.js';
export { localAccount, withDigestSigning } from './local-account.js';
export { recoveredSignerCount, recoverSigner } from './recover-signer.js';
export {
  type RecoverDigestSignerParameters,
  recoverDigestSigner,
  type SignDigestParameters,
  secp256k1Backend,
  signDigest,
} from './secp256k1.js';
