// The message codec, re-exported where guardians' users first found it (it lives in message/).
export * from '../message/codec.js';
export {
  type Attestation,
  type AttestationSignature,
  type AttestationTypedDataParameters,
  attestationDigest,
  attestationTypedData,
  checkAttestable,
  GUARDIAN_DOMAIN_NAME,
  GUARDIAN_DOMAIN_VERSION,
  type GuardianSignature,
  type RecoverAttestationSignerParameters,
  recoverAttestationSigner,
  type SignAttestationErrorType,
  type SignAttestationParameters,
  type SignAttestationReturnType,
  signAttestation,
  splitSignature,
  toGuardianSignatures,
} from './attestation.js';
export {
  type GuardianSet,
  type ReadGuardianSetsParameters,
  type ReadGuardianSetsReturnType,
  readGuardianSets,
} from './guardian-set.js';
export {
  type CreateGuardianNodeErrorType,
  type CreateGuardianNodeParameters,
  type CreateGuardianNodeReturnType,
  createGuardianNode,
  type GuardianNode,
  type GuardianNodeEvent,
} from './node.js';
export {
  checkGuardianSet,
  guardianKeysHash,
  type RotateGuardianSetErrorType,
  type RotateGuardianSetParameters,
  type RotateGuardianSetReturnType,
  type RotationSignature,
  type RotationTypedDataParameters,
  rotateGuardianSet,
  rotationTypedData,
  rotationTypes,
  type SignRotationParameters,
  type SignRotationReturnType,
  signRotation,
} from './rotation.js';
export { type AttestationResponse, GUARDIAN_HOST, type GuardianHealth } from './server.js';
export {
  type GuardianStore,
  type GuardianStoreKey,
  guardianStorePath,
  readGuardianStore,
  writeGuardianStore,
} from './store.js';
