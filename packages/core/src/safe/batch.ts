/**
 * The Safe{Wallet} Transaction Builder's batch file: the JSON its "import" reads, so a council member
 * that is a Safe proposes the approval in its usual interface. Format (Transaction Builder 1.x):
 * `{version: "1.0", chainId (decimal string), createdAt (ms), meta {name, description,
 * txBuilderVersion, createdFromSafeAddress, createdFromOwnerAddress, checksum}, transactions [{to,
 * value, data, contractMethod {inputs, name, payable}, contractInputsValues}]}`.
 *
 * `meta.checksum` is the app's integrity check: keccak256 of its canonical serialization of the
 * file without `meta.checksum` and with `meta.name` as null (the name may be edited). The
 * serialization: an array is `[a,b]` of its serialized elements; an object is `{` + the JSON of its
 * sorted key list + each value (in that key order) serialized and followed by `,` + `}`; anything
 * else is its JSON (undefined as null).
 */
import { securityCouncilAbi } from '@lockstep/client';
import { type Address, encodeFunctionData, getAddress, type Hex, keccak256, stringToHex } from 'viem';

/** The Transaction Builder version whose format this writes. */
export const TX_BUILDER_VERSION = '1.18.0';

export type BatchContractMethod = {
  inputs: { internalType: string; name: string; type: string }[];
  name: string;
  payable: boolean;
};

export type BatchTransaction = {
  to: Address;
  value: string;
  data: Hex | null;
  contractMethod: BatchContractMethod | null;
  contractInputsValues: Record<string, string> | null;
};

export type SafeBatchFile = {
  version: '1.0';
  chainId: string;
  createdAt: number;
  meta: {
    name: string;
    description: string;
    txBuilderVersion: string;
    createdFromSafeAddress: Address;
    createdFromOwnerAddress: string;
    checksum: Hex;
  };
  transactions: BatchTransaction[];
};

type Json = string | number | boolean | null | undefined | Json[] | { [key: string]: Json };

/** The Transaction Builder's canonical serialization (see the module comment). */
export function serializeForChecksum(json: Json): string {
  if (Array.isArray(json)) return `[${json.map(serializeForChecksum).join(',')}]`;
  if (typeof json === 'object' && json !== null) {
    const keys = Object.keys(json).sort();
    return `{${JSON.stringify(keys)}${keys.map((k) => `${serializeForChecksum(json[k])},`).join('')}}`;
  }
  return JSON.stringify(json ?? null);
}

/** `meta.checksum` of `file`: over the file without `meta.checksum`, with `meta.name` as null. */
export function batchChecksum(file: Omit<SafeBatchFile, 'meta'> & { meta: Record<string, Json> }): Hex {
  const { checksum: _ignored, ...meta } = file.meta;
  const serialized = serializeForChecksum({ ...file, meta: { ...meta, name: null } } as unknown as Json);
  return keccak256(stringToHex(serialized));
}

export type ApprovalBatchParameters = {
  /** The hub's chain id and the SecurityCouncil on it. */
  chainId: number;
  council: Address;
  proposalId: Hex;
  /** The Safe that is a council member (it sends the approval). */
  safe: Address;
  name: string;
  description: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
};

/** A batch of one transaction: `SecurityCouncil.approve(proposalId)`, sent by the Safe. */
export function approvalBatch({
  chainId,
  council,
  proposalId,
  safe,
  name,
  description,
  createdAt,
}: ApprovalBatchParameters): SafeBatchFile {
  const transaction: BatchTransaction = {
    to: getAddress(council),
    value: '0',
    data: encodeFunctionData({ abi: securityCouncilAbi, functionName: 'approve', args: [proposalId] }),
    contractMethod: {
      inputs: [{ internalType: 'bytes32', name: 'proposalId', type: 'bytes32' }],
      name: 'approve',
      payable: false,
    },
    contractInputsValues: { proposalId },
  };
  const unsigned = {
    version: '1.0' as const,
    chainId: String(chainId),
    createdAt,
    meta: {
      name,
      description,
      txBuilderVersion: TX_BUILDER_VERSION,
      createdFromSafeAddress: getAddress(safe),
      createdFromOwnerAddress: '',
    },
    transactions: [transaction],
  };
  return { ...unsigned, meta: { ...unsigned.meta, checksum: batchChecksum(unsigned) } };
}
