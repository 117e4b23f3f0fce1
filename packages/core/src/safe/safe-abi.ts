/**
 * The value Safe's legacy EIP-1271 check (`isValidSignature(bytes,bytes)`, Safe's
 * `ISignatureValidatorConstants.EIP1271_MAGIC_VALUE`) returns for a contract owner that accepts its
 * signature. The ABIs themselves are generated from Safe's artifacts (`@lockstep/client`: `safeAbi`,
 * `safeSignatureValidatorAbi`).
 */
export const LEGACY_EIP1271_MAGIC_VALUE = '0x20c13b0b';
