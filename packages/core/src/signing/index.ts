export { writeFileAtomic } from './atomic-write.js';
export { SigningError, type SigningErrorReason, type SigningErrorType } from './errors.js';
export {
  externalSigner,
  readSignatureRequests,
  readSignatures,
  recomputeDigest,
  type SignatureRequest,
  type SignatureRequestFile,
  signatureRequestFileSchema,
  transactionRequest,
  typedDataRequest,
  type VerifySignatureParameters,
  verifySignature,
  writeSignatureRequests,
} from './external.js';
export {
  type DecryptKeystoreParameters,
  type DecryptKeystoreReturnType,
  decryptKeystore,
  type KeystoreSignerParameters,
  keystoreSigner,
} from './keystore.js';
export { Passphrase, type PromptSecret, type ReadPassphraseParameters, readPassphrase } from './passphrase.js';
export { type KeySourceSignerParameters, keySourceSigner } from './private-key.js';
export { terminalPrompt } from './prompt.js';
export {
  type AnyTypedData,
  digestSigner,
  localSigner,
  type Signer,
  type SignerKind,
  toViemAccount,
  transactionDigest,
} from './signer.js';
export {
  type TypedDataDocument,
  type TypedDataField,
  type TypedDataInput,
  typedDataDocument,
} from './typed-data-document.js';
