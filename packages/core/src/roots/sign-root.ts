/**
 * Signing a root: with a local account, or by importing a signature made elsewhere (a hardware
 * wallet, an air-gapped machine, `cast wallet sign --data`) over the typed data the file describes.
 * Every signature is recovered and checked against its signer before it is added.
 */
import { type Account, getAddress, type Hex, isAddressEqual } from 'viem';
import { RootError } from '../errors/roots.js';
import { assertSignedBy, type RootDocument, type RootSignature } from './document.js';
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

/**
 * `document` with `signatures` added: each checked to recover to its signer over the root's digest;
 * a signer already present is refused (`duplicate-signer`). Signers end up ascending, as the
 * adapters want them.
 */
export async function addRootSignatures(
  document: RootDocument,
  signatures: readonly RootSignature[],
): Promise<RootDocument> {
  const all = [...document.signatures];
  for (const [i, added] of signatures.entries()) {
    await assertSignedBy(document.digest, added, `signature ${i + 1} (${added.signer})`);
    if (all.some((s) => isAddressEqual(s.signer, added.signer))) {
      throw new RootError(`${getAddress(added.signer)} has already signed this root`, { reason: 'duplicate-signer' });
    }
    all.push({ signer: getAddress(added.signer), signature: added.signature });
  }
  return { ...document, signatures: sortSigners(all) };
}

/** Signers ascending by address (the order `setRoot` and `revokeRoot` require). */
export function sortSigners<T extends { signer: Hex }>(signatures: readonly T[]): T[] {
  return [...signatures].sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1));
}
