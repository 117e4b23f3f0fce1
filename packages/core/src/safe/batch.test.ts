/**
 * The Transaction Builder batch file: its checksum follows the app's rule (checked against the
 * vector of the app's own test, safe-react-apps `apps/tx-builder/src/lib/checksum.test.js`), and
 * the approval batch's one transaction is `SecurityCouncil.approve(proposalId)`.
 */
import { securityCouncilAbi } from '@lockstep/client';
import { decodeFunctionData, getAddress, keccak256, stringToHex, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { approvalBatch, batchChecksum, serializeForChecksum } from './batch.js';

/** The Transaction Builder test's batch, with the checksum its `addChecksum` gives it. */
const appVector = {
  version: '1.0',
  chainId: '4',
  createdAt: 1646321521061,
  meta: {
    name: 'test batch file',
    txBuilderVersion: '1.4.0',
    checksum: '',
    createdFromSafeAddress: '0xDF8a1Ce35c9a6ACE153B4e0767942f1E2291a1Aa',
    createdFromOwnerAddress: '0x49d4450977E2c95362C13D3a31a09311E0Ea26A6',
  },
  transactions: [
    {
      to: '0x49d4450977E2c95362C13D3a31a09311E0Ea26A6',
      value: '0',
      contractMethod: {
        inputs: [{ internalType: 'address', name: 'paramAddress', type: 'address' }],
        name: 'testAddress',
        payable: false,
      },
      contractInputsValues: { paramAddress: '0x49d4450977E2c95362C13D3a31a09311E0Ea26A6' },
    },
    {
      to: '0x49d4450977E2c95362C13D3a31a09311E0Ea26A6',
      value: '0',
      contractMethod: {
        inputs: [{ internalType: 'bool', name: 'paramBool', type: 'bool' }],
        name: 'testBool',
        payable: false,
      },
      contractInputsValues: { paramAddress: '', paramBool: 'false' },
    },
    {
      to: '0x49d4450977E2c95362C13D3a31a09311E0Ea26A6',
      value: '2000000000000000000',
      data: '0x42f4579000000000000000000000000049d4450977e2c95362c13d3a31a09311e0ea26a6',
    },
  ],
};

describe('the Transaction Builder checksum', () => {
  it('serializes as the app does: its own test vector hashes to its expected checksum', () => {
    const serialized = serializeForChecksum({ ...appVector, meta: { ...appVector.meta, name: null } });
    expect(keccak256(stringToHex(serialized))).toBe(
      '0x4ecbfd364aa6759983915644e73f8bd411e85a2dc306f252a387c2728c4db64c',
    );
  });

  it('ignores key order and the batch name, but not the transactions', () => {
    const batch = approvalBatch({
      chainId: 1,
      council: getAddress('0x00000000000000000000000000000000000c0c11'),
      proposalId: keccak256(toHex('proposal')),
      safe: getAddress('0x0000000000000000000000000000000000005afe'),
      name: 'Approve',
      description: 'Vault V2',
      createdAt: 1_700_000_000_000,
    });
    const { checksum, ...meta } = batch.meta;
    const reordered = {
      transactions: batch.transactions,
      meta: { ...meta, name: 'renamed' },
      createdAt: batch.createdAt,
      chainId: batch.chainId,
      version: batch.version,
    };
    expect(batchChecksum(reordered)).toBe(checksum);
    expect(batchChecksum({ ...batch, transactions: batch.transactions.map((t) => ({ ...t, value: '1' })) })).not.toBe(
      checksum,
    );
  });
});

describe('the approval batch', () => {
  it('holds one call of SecurityCouncil.approve(proposalId) to the council, from the Safe', () => {
    const proposalId = keccak256(toHex('proposal'));
    const council = getAddress('0x00000000000000000000000000000000000c0c11');
    const batch = approvalBatch({
      chainId: 42161,
      council,
      proposalId,
      safe: getAddress('0x0000000000000000000000000000000000005afe'),
      name: 'Approve',
      description: '',
      createdAt: 1,
    });
    expect(batch.chainId).toBe('42161');
    expect(batch.meta.createdFromSafeAddress).toBe(getAddress('0x0000000000000000000000000000000000005afe'));
    const [tx] = batch.transactions;
    expect(tx?.to).toBe(council);
    expect(tx?.contractInputsValues).toEqual({ proposalId });
    const decoded = decodeFunctionData({ abi: securityCouncilAbi, data: tx?.data ?? '0x' });
    expect(decoded).toEqual({ functionName: 'approve', args: [proposalId] });
  });
});
