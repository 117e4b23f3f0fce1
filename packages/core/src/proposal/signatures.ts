/**
 * Adds members' approval signatures to a proposal file: signed here, or made elsewhere (a hardware
 * wallet, `cast wallet sign --data`, any EIP-712 library) over the file's typed data and imported.
 * A signature is added only if it is 65 bytes and recovers, over the digest recomputed from the
 * file, to its signer (the one named, or else a council member); so a signature of another
 * proposal, council or chain, or by another key, is refused before it is written.
 */
import { type Address, getAddress, type Hex, isAddressEqual, recoverAddress } from 'viem';
import { ProposalError } from '../errors/proposal.js';
import type { ProposalDocument, ProposalSignature } from './document.js';
import { recomputeProposalDigest } from './typed-data.js';

/** A signature to import: its signer when known (else the address it recovers to). */
export type ImportedSignature = { signer?: Address; signature: Hex };

export type AddProposalSignaturesParameters = {
  /**
   * Whether an address sits on the council (e.g. the council's `isMember`). Required to import a
   * signature without a named signer: a foreign signature recovers to some address, never an error.
   */
  isMember?: (address: Address) => Promise<boolean>;
  /** The file, for messages. */
  source?: string;
};

export type AddProposalSignaturesReturnType = {
  document: ProposalDocument;
  /** The signatures added, in order. */
  added: ProposalSignature[];
  /** Signers whose identical signature the file already held (nothing to add). */
  unchanged: Address[];
};

/**
 * Checks each signature against the file's recomputed digest and returns the document with them
 * appended. Throws `ProposalError`: `not-submitted` (a draft), `invalid-signature` (not 65 bytes,
 * recovers to another address than the one named, or to a non-member), `duplicate-signer` (the file
 * already holds another signature of that signer).
 */
export async function addProposalSignatures(
  document: ProposalDocument,
  signatures: readonly ImportedSignature[],
  { isMember, source = 'the proposal file' }: AddProposalSignaturesParameters = {},
): Promise<AddProposalSignaturesReturnType> {
  const { digest, proposalId } = recomputeProposalDigest(document, source);
  const all = [...document.signatures];
  const added: ProposalSignature[] = [];
  const unchanged: Address[] = [];
  for (const { signer, signature } of signatures) {
    const recovered = await recoverSigner(digest, signature, signer);
    if (signer && !isAddressEqual(recovered, signer)) {
      throw new ProposalError(
        `the signature given for ${getAddress(signer)} recovers to ${recovered} over ${source}'s digest ${digest}: it was made over other data (another proposal, council or chain) or with another key — sign the typed data of this file (\`lockstep approve --proposal-file <file> --typed-data-out <json>\`)`,
        { reason: 'invalid-signature' },
      );
    }
    if (!signer) {
      if (!isMember) {
        throw new ProposalError(`name the signer of ${signature.slice(0, 12)}… (--signer <address>)`, {
          reason: 'invalid-signature',
        });
      }
      if (!(await isMember(recovered))) {
        throw new ProposalError(
          `the signature ${signature.slice(0, 12)}… recovers to ${recovered}, which is not a council member: it was made over other data than proposal ${proposalId} or with another key — sign the typed data of this file`,
          { reason: 'invalid-signature' },
        );
      }
    }
    const existing = all.find((s) => isAddressEqual(s.signer, recovered));
    if (existing) {
      if (existing.signature.toLowerCase() === signature.toLowerCase()) {
        unchanged.push(recovered);
        continue;
      }
      throw new ProposalError(`${source} already holds another signature of ${recovered} — keep one per member`, {
        reason: 'duplicate-signer',
      });
    }
    const entry: ProposalSignature = { signer: recovered, signature };
    all.push(entry);
    added.push(entry);
  }
  return { document: { ...document, signatures: all }, added, unchanged };
}

async function recoverSigner(digest: Hex, signature: Hex, signer: Address | undefined): Promise<Address> {
  const named = signer ? ` given for ${getAddress(signer)}` : '';
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    throw new ProposalError(`the signature${named} is not 65 bytes (r‖s‖v) of hex: ${signature.slice(0, 20)}…`, {
      reason: 'invalid-signature',
    });
  }
  try {
    return getAddress(await recoverAddress({ hash: digest, signature }));
  } catch (cause) {
    throw new ProposalError(`the signature${named} is not a valid secp256k1 signature`, {
      reason: 'invalid-signature',
      cause,
    });
  }
}
