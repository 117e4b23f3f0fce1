/**
 * Guardian-set rotation: the current set signs the EIP-712 struct
 * `GuardianSetRotation(uint32 newIndex,bytes32 newKeysHash,uint8 newQuorum)` under the adapter's
 * domain ("Lockstep Guardian Bridge", "1", chain id, adapter), and anyone submits a quorum of those
 * signatures to `GuardianAdapter.rotateGuardianSet`. The previous set stays valid for the adapter's
 * `setExpiryWindow`, so attestations in flight still land.
 */

import { guardianAdapterAbi } from '@lockstep/client';
import {
  type Address,
  encodePacked,
  getAddress,
  type Hex,
  isAddressEqual,
  keccak256,
  type LocalAccount,
  parseEventLogs,
  zeroAddress,
} from 'viem';
import { getChainId, readContract, simulateContract, writeContract } from 'viem/actions';
import { decodeRevert } from '../chain/decode-revert.js';
import { type RetryOptions, withRetry } from '../chain/retry.js';
import { receiptOf } from '../chain/send-and-wait.js';
import type { SignerClient } from '../chain/types.js';
import { majorityRange } from '../config/quorum.js';
import { MAX_GUARDIANS } from '../config/schema.js';
import {
  ContractRevertError,
  type ContractRevertErrorType,
  type TransientRetriesExhaustedErrorType,
} from '../errors/chain.js';
import { GuardianRotationError, type GuardianRotationErrorType } from '../errors/guardian.js';
import {
  type AttestationSignature,
  GUARDIAN_DOMAIN_NAME,
  GUARDIAN_DOMAIN_VERSION,
  splitSignature,
} from './attestation.js';
import { readGuardianSet } from './guardian-set.js';
import type { GuardianAttestation } from './select-signatures.js';
import { selectSignatures } from './select-signatures.js';

/** The EIP-712 types of a rotation: `GuardianSetRotation(uint32 newIndex,bytes32 newKeysHash,uint8 newQuorum)`. */
export const rotationTypes = {
  GuardianSetRotation: [
    { name: 'newIndex', type: 'uint32' },
    { name: 'newKeysHash', type: 'bytes32' },
    { name: 'newQuorum', type: 'uint8' },
  ],
} as const;

/** A set's commitment as the adapter stores it: `keccak256(abi.encodePacked(keys))`, keys in order. */
export function guardianKeysHash(keys: readonly Address[]): Hex {
  return keccak256(encodePacked(['address[]'], [keys]));
}

/**
 * Throws `GuardianRotationError` unless `keys` and `quorum` form a set the adapter accepts: 1 to 32
 * non-zero keys, strictly ascending, and a quorum that is a strict majority and at most the size.
 */
export function checkGuardianSet(keys: readonly Address[], quorum: number): void {
  const size = keys.length;
  if (size === 0 || size > MAX_GUARDIANS) {
    throw new GuardianRotationError(`a guardian set needs 1 to ${MAX_GUARDIANS} keys, got ${size}`, {
      reason: 'invalid-size',
    });
  }
  for (const [position, key] of keys.entries()) {
    if (isAddressEqual(key, zeroAddress)) {
      throw new GuardianRotationError(`new guardian key ${position} is the zero address`, { reason: 'zero-key' });
    }
    const previous = keys[position - 1];
    if (previous !== undefined && BigInt(key) <= BigInt(previous)) {
      throw new GuardianRotationError(
        `new guardian keys must be strictly ascending (sorted by address, no duplicates): key ${position} ${key} is not above ${previous}`,
        { reason: 'keys-not-ascending' },
      );
    }
  }
  const majority = majorityRange(size);
  if (!Number.isInteger(quorum) || quorum < majority.min || quorum > majority.max) {
    throw new GuardianRotationError(
      `quorum ${quorum} is not a strict majority of ${size} guardians: expected ${majority.min} to ${majority.max}`,
      { reason: 'quorum-invalid' },
    );
  }
}

export type RotationTypedDataParameters = {
  /** The GuardianAdapter (the verifying contract). */
  adapter: Address;
  /** The adapter's chain id. */
  chainId: number;
  /** The index the new set gets: the current index + 1. */
  newIndex: number;
  /** The new set's keys, strictly ascending. */
  newKeys: readonly Address[];
  newQuorum: number;
};

/**
 * The EIP-712 typed data a current guardian signs to approve a rotation. Any EIP-712 signer (a
 * wallet, a KMS) can sign it; its hash is the adapter's `rotationDigest(newIndex, newKeysHash, newQuorum)`.
 */
export function rotationTypedData({ adapter, chainId, newIndex, newKeys, newQuorum }: RotationTypedDataParameters) {
  return {
    domain: {
      name: GUARDIAN_DOMAIN_NAME,
      version: GUARDIAN_DOMAIN_VERSION,
      chainId,
      verifyingContract: getAddress(adapter),
    },
    types: rotationTypes,
    primaryType: 'GuardianSetRotation',
    message: { newIndex, newKeysHash: guardianKeysHash(newKeys), newQuorum },
  } as const;
}

export type SignRotationParameters = RotationTypedDataParameters & {
  /** A guardian of the current set. */
  account: Pick<LocalAccount, 'address' | 'signTypedData'>;
};

export type SignRotationReturnType = { signer: Address; signature: AttestationSignature };

/**
 * Signs a rotation with a guardian's local key (no transaction): `v` 27/28, low `s`.
 *
 * @example
 * const signed = await signRotation({ account, adapter, chainId: 42161, newIndex: 1, newKeys, newQuorum: 3 })
 */
export async function signRotation(parameters: SignRotationParameters): Promise<SignRotationReturnType> {
  const { account, ...typed } = parameters;
  const serialized = await account.signTypedData(rotationTypedData(typed));
  return { signer: getAddress(account.address), signature: splitSignature(serialized) };
}

/** A current guardian's rotation signature: what `signRotation` returns, or a `GuardianAttestation`. */
export type RotationSignature = SignRotationReturnType | GuardianAttestation;

export type RotateGuardianSetParameters = {
  /** A client of the adapter's chain whose account sends (anyone may). */
  client: SignerClient;
  adapter: Address;
  /** The new set's keys, strictly ascending. */
  newKeys: readonly Address[];
  /** A strict majority of `newKeys`. */
  newQuorum: number;
  /** Signatures of current-set guardians; invalid ones and non-members are left out. */
  signatures: readonly RotationSignature[];
  retry?: RetryOptions;
};

export type RotateGuardianSetReturnType = {
  newIndex: number;
  transactionHash: Hex;
  blockNumber: bigint;
  /** When the replaced set stops being accepted (unix seconds). */
  previousSetExpiresAt: number;
};

export type RotateGuardianSetErrorType =
  | GuardianRotationErrorType
  | ContractRevertErrorType
  | TransientRetriesExhaustedErrorType;

/**
 * Replaces the adapter's guardian set with `newKeys`/`newQuorum`, approved by the current set.
 *
 * 1. Checks the new set locally (`GuardianRotationError`: `invalid-size`, `zero-key`,
 *    `keys-not-ascending`, `quorum-invalid`).
 * 2. Reads the current set and the adapter's `rotationDigest` for index current + 1, keeps valid
 *    signatures of current members (one each, ascending, up to its quorum); fewer than its quorum
 *    throws `GuardianRotationError` (`quorum-not-met`, listing what was left out and why).
 * 3. Simulates (a revert throws `ContractRevertError` with the decoded custom error), sends, waits.
 *    Reads and the simulation are retried on transient RPC errors; the send is not (an answer lost
 *    after sending would otherwise send twice); run it again: a rotation already done is refused.
 *
 * @example
 * const { newIndex, previousSetExpiresAt } = await rotateGuardianSet({ client, adapter, newKeys, newQuorum, signatures })
 */
export async function rotateGuardianSet(parameters: RotateGuardianSetParameters): Promise<RotateGuardianSetReturnType> {
  const { client, adapter, newKeys, newQuorum, retry } = parameters;
  checkGuardianSet(newKeys, newQuorum);
  const chainId = client.chain?.id ?? (await withRetry('eth_chainId', () => getChainId(client), retry));

  const request = await withRetry(
    `rotateGuardianSet on chain ${chainId}`,
    async () => {
      const current = await readGuardianSet({ client, adapter, ...(retry ? { retry } : {}) });
      const newIndex = current.index + 1;
      const digest = await readContract(client, {
        address: adapter,
        abi: guardianAdapterAbi,
        functionName: 'rotationDigest',
        args: [newIndex, guardianKeysHash(newKeys), newQuorum],
      });
      const { signatures, rejected } = await selectSignatures(
        digest,
        current,
        parameters.signatures.map(toAttestation),
      );
      if (signatures.length < current.quorum) {
        throw new GuardianRotationError(
          `rotation to guardian set ${newIndex} on chain ${chainId}: ${signatures.length} valid signature(s) of current set ${current.index} members, its quorum needs ${current.quorum} — nothing was sent`,
          {
            reason: 'quorum-not-met',
            metaMessages: rejected.map(({ guardian, reason }) => `left out ${guardian}: ${reason}`),
          },
        );
      }
      try {
        const simulated = await simulateContract(client, {
          account: client.account,
          chain: client.chain,
          address: adapter,
          abi: guardianAdapterAbi,
          functionName: 'rotateGuardianSet',
          args: [[...newKeys], newQuorum, current.index, current.keys, signatures],
        });
        return simulated.request;
      } catch (error) {
        const revert = decodeRevert(error);
        if (!revert) throw error;
        throw new ContractRevertError({ chainId, functionName: 'rotateGuardianSet', ...revert, cause: error });
      }
    },
    retry,
  );
  const hash = await writeContract(client, request);
  const receipt = await receiptOf(client, hash, retry);
  const [rotated] = parseEventLogs({
    abi: guardianAdapterAbi,
    eventName: 'GuardianSetRotated',
    logs: receipt.logs.filter((log) => isAddressEqual(log.address, adapter)),
  });
  if (receipt.status !== 'success' || !rotated) {
    throw new ContractRevertError({ chainId, functionName: 'rotateGuardianSet', errorName: undefined });
  }
  return {
    newIndex: rotated.args.newIndex,
    transactionHash: hash,
    blockNumber: receipt.blockNumber,
    previousSetExpiresAt: rotated.args.previousExpiresAt,
  };
}

function toAttestation(signature: RotationSignature): GuardianAttestation {
  return 'signer' in signature ? { guardian: signature.signer, ...signature.signature } : signature;
}
