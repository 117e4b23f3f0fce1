/**
 * Signing a root: with a local account, or by importing a signature made elsewhere (a hardware
 * wallet, an air-gapped machine, `cast wallet sign --data`) over the typed data the file describes.
 * Every signature is recovered and checked against its signer before it is added; a contract
 * member's (a Safe's) is checked with its ERC-1271 `isValidSignature` on a chain where it is deployed.
 */
import { type Account, getAddress, type Hex, isAddressEqual } from 'viem';
import { RootError } from '../errors/roots.js';
import { type ContractSignatureChain, verifyContractSignature } from './contract-signature.js';
import { assertSignedBy, type RootDocument, type RootSignature, recoversTo } from './document.js';
import { councilRootTypedData, rootRevocationDigest, rootRevocationTypedData } from './typed-data.js';

/** Signs the root of `document` with a local account; nothing is sent. */
export async function signRoot(account: Account, document: RootDocument): Promise<RootSignature> {
  if (!account.signTypedData) {
    throw new RootError(
      `account ${account.address} cannot sign typed data here — sign elsewhere and import the signature`,
      {
        reason: 'invalid-signature',
      },
    );
  }
  const signature = await account.signTypedData(councilRootTypedData(document));
  return { signer: getAddress(account.address), signature };
}

/** Signs the revocation of `root` with a local account; nothing is sent. */
export async function signRootRevocation(account: Account, root: Hex): Promise<RootSignature> {
  if (!account.signTypedData) {
    throw new RootError(`account ${account.address} cannot sign typed data here`, { reason: 'invalid-signature' });
  }
  const signature = await account.signTypedData(rootRevocationTypedData(root));
  await assertSignedBy(rootRevocationDigest(root), { signer: account.address, signature }, 'the revocation signature');
  return { signer: getAddress(account.address), signature };
}

export type AddRootSignaturesOptions = {
  /**
   * Chains to check a contract member's signature on (ERC-1271): used only for a signature that
   * does not recover to its signer. Without them such a signature is refused (`invalid-signature`).
   */
  contractChains?: readonly ContractSignatureChain[];
};

/**
 * `document` with `signatures` added: each checked to recover to its signer over the root's digest,
 * or else, given `contractChains`, accepted by the signer's `isValidSignature` on every one of them
 * where it is a contract (filed with `scheme: 'erc1271'`); a signer already present is refused
 * (`duplicate-signer`). Signers end up ascending, as the adapters want them.
 *
 * Throws `RootError`: `invalid-signature`, `unverifiable-signature` (see `verifyContractSignature`),
 * `duplicate-signer`.
 */
export async function addRootSignatures(
  document: RootDocument,
  signatures: readonly RootSignature[],
  { contractChains }: AddRootSignaturesOptions = {},
): Promise<RootDocument> {
  const all = [...document.signatures];
  for (const [i, added] of signatures.entries()) {
    const where = `signature ${i + 1} (${added.signer})`;
    const signer = getAddress(added.signer);
    let checked: RootSignature = { signer, signature: added.signature };
    if (await recoversTo(document.digest, added)) {
      // An ECDSA signature by the signer's own key.
    } else if (contractChains && contractChains.length > 0) {
      await verifyContractSignature(contractChains, {
        digest: document.digest,
        signer,
        signature: added.signature,
        where,
      });
      checked = { ...checked, scheme: 'erc1271' };
    } else {
      await assertSignedBy(document.digest, added, where);
    }
    if (all.some((s) => isAddressEqual(s.signer, signer))) {
      throw new RootError(`${signer} has already signed this root`, { reason: 'duplicate-signer' });
    }
    all.push(checked);
  }
  return { ...document, signatures: sortSigners(all) };
}

/** Signers ascending by address (the order `setRoot` and `revokeRoot` require). */
export function sortSigners<T extends { signer: Hex }>(signatures: readonly T[]): T[] {
  return [...signatures].sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1));
}
