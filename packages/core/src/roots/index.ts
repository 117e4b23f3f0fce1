export {
  type ContractSignatureChain,
  ERC1271_MAGIC_VALUE,
  type VerifyContractSignatureParameters,
  verifyContractSignature,
} from './contract-signature.js';
export {
  type CreatePauseRootParameters,
  type CreateRatificationRootParameters,
  createPauseRoot,
  createRatificationRoot,
  MAX_ROOT_LIFETIME_SECONDS,
  ROOT_NONCE_BASE,
  type RootDeployment,
} from './create-root.js';
export {
  assertSignedBy,
  checkRootDocument,
  isRootFileSealed,
  parseRootDocument,
  ROOT_PURPOSES,
  type RootDocument,
  type RootPurpose,
  type RootSignature,
  readRootFile,
  writeRootFile,
} from './document.js';
export {
  type AddRootSignaturesOptions,
  addRootSignatures,
  signRoot,
  signRootRevocation,
  sortSigners,
} from './sign-root.js';
export {
  type SubmitRootRevocationParameters,
  type SubmitRootRevocationReturnType,
  submitRootRevocation,
} from './submit-revocation.js';
export {
  type RootLeafResult,
  type SubmitRootParameters,
  type SubmitRootReturnType,
  submitRoot,
} from './submit-root.js';
export { buildRootTree, type RootLeafInput, type RootTreeLeaf, rootLeaf, verifyRootProof } from './tree.js';
export {
  type CouncilRootFields,
  councilRootDigest,
  councilRootTypedData,
  councilRootTypes,
  ROOT_DOMAIN,
  rootRevocationDigest,
  rootRevocationTypedData,
  rootRevocationTypes,
  typedDataDocument,
} from './typed-data.js';
