/** The few Safe (1.3.0 / 1.4.1) views Lockstep reads: enough to assemble and check its signatures. */
export const safeViewsAbi = [
  {
    type: 'function',
    name: 'getOwners',
    inputs: [],
    outputs: [{ name: '', type: 'address[]' }],
    stateMutability: 'view',
  },
  {
    type: 'function',
    name: 'getThreshold',
    inputs: [],
    outputs: [{ name: '', type: 'uint256' }],
    stateMutability: 'view',
  },
  {
    type: 'function',
    name: 'approvedHashes',
    inputs: [
      { name: 'owner', type: 'address' },
      { name: 'hash', type: 'bytes32' },
    ],
    outputs: [{ name: '', type: 'uint256' }],
    stateMutability: 'view',
  },
] as const;

/** EIP-1271's legacy form, which a Safe calls on a contract owner (v = 0): `0x20c13b0b` when it accepts. */
export const legacyIsValidSignatureAbi = [
  {
    type: 'function',
    name: 'isValidSignature',
    inputs: [
      { name: 'data', type: 'bytes' },
      { name: 'signature', type: 'bytes' },
    ],
    outputs: [{ name: '', type: 'bytes4' }],
    stateMutability: 'view',
  },
] as const;

/** What `legacyIsValidSignatureAbi` returns for a valid signature. */
export const LEGACY_EIP1271_MAGIC_VALUE = '0x20c13b0b';
