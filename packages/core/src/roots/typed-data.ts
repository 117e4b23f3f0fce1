/**
 * What council members sign for a root and for its revocation: EIP-712 typed data under the
 * chain-agnostic domain `{ name: "Lockstep Council Root", version: "1" }` (`CouncilRoots.sol`). One
 * signature holds on every chain; the leaves pin each chain and adapter.
 */
import { type Hex, hashTypedData } from 'viem';

/** The roots' EIP-712 domain: no chain id and no verifying contract, by design. */
export const ROOT_DOMAIN = { name: 'Lockstep Council Root', version: '1' } as const;

export const councilRootTypes = {
  CouncilRoot: [
    { name: 'root', type: 'bytes32' },
    { name: 'validUntil', type: 'uint40' },
    { name: 'membersNonce', type: 'uint32' },
  ],
} as const;

export const rootRevocationTypes = { RootRevocation: [{ name: 'root', type: 'bytes32' }] } as const;

/** The fields a root's signature covers. */
export type CouncilRootFields = { root: Hex; validUntil: number; membersNonce: number };

export function councilRootTypedData(fields: CouncilRootFields) {
  return {
    domain: ROOT_DOMAIN,
    types: councilRootTypes,
    primaryType: 'CouncilRoot',
    message: fields,
  } as const;
}

export function rootRevocationTypedData(root: Hex) {
  return { domain: ROOT_DOMAIN, types: rootRevocationTypes, primaryType: 'RootRevocation', message: { root } } as const;
}

/** `CouncilRoots.rootDigest(root, validUntil, membersNonce)`, computed here. */
export function councilRootDigest(fields: CouncilRootFields): Hex {
  return hashTypedData(councilRootTypedData(fields));
}

/** `CouncilRoots.revocationDigest(root)`, computed here. */
export function rootRevocationDigest(root: Hex): Hex {
  return hashTypedData(rootRevocationTypedData(root));
}

/** The typed data as the JSON document external signers take (shared with the council's approvals). */
export { typedDataDocument } from '../signing/typed-data-document.js';
