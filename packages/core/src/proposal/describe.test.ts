import { ownableAbi, timelockControllerAbi } from '@lockstep/client';
import { type Address, encodeFunctionData, getAddress, keccak256, toHex, zeroHash } from 'viem';
import { describe, expect, it } from 'vitest';
import { describeProposal } from './describe.js';
import { proposalApprovalTypedData } from './document.js';
import { formatLabel, type LabelEntry } from './labels.js';

const address = (n: number): Address => getAddress(`0x${n.toString(16).padStart(40, '0')}`);
const council = address(0xc0);
const proxy = address(0xa1);
const v1 = address(0xb1);
const v2 = address(0xb2);
const stranger = address(0xdead);
const known: LabelEntry[] = [
  {
    chainId: 1,
    address: council,
    label: { kind: 'known', name: 'SecurityCouncil', source: 'deployments/ethereum.json' },
  },
  { address: v1, label: { kind: 'known', name: 'VaultV1 implementation', source: 'deployments/ethereum.json' } },
  { address: v2, label: { kind: 'known', name: 'VaultV2 implementation', source: 'deployments/ethereum.json' } },
];
const typedData = proposalApprovalTypedData({ chainId: 1, address: council }, keccak256(toHex('proposal')));

function describeWith(data: `0x${string}`, labels = known) {
  return describeProposal({
    typedData,
    digest: keccak256(toHex('digest')),
    actions: [
      {
        chainId: 42161,
        proxy,
        proxyName: 'example.vault',
        previousImplementation: v1,
        previousImplementationCheck: { status: 'current' },
        implementation: v2,
        codehash: zeroHash,
        data,
      },
    ],
    labels,
    networks: new Map([[42161, 'arbitrum']]),
  });
}

describe('describeProposal', () => {
  it('labels every address of a plain upgrade and flags nothing', () => {
    const readable = describeWith('0x');
    expect(readable.flags).toEqual([]);
    expect(formatLabel(readable.verifyingContract.label)).toBe('SecurityCouncil (deployments/ethereum.json)');
    const [chain] = readable.chains;
    expect(chain?.network).toBe('arbitrum');
    const action = chain?.actions[0];
    expect(action?.proxy.label).toEqual({ kind: 'registry', name: 'example.vault' });
    expect(action?.implementation.label).toMatchObject({ kind: 'known', name: 'VaultV2 implementation' });
  });

  it('flags a transferOwnership in the upgrade call and the unknown new owner', () => {
    const data = encodeFunctionData({ abi: ownableAbi, functionName: 'transferOwnership', args: [stranger] });
    const readable = describeWith(data);
    expect(readable.flags.map((f) => f.kind)).toEqual(['ownership', 'unknown-address']);
    expect(readable.flags[0]?.message).toBe(
      `OWNERSHIP CHANGE: ${proxy} example.vault (registry) on chain 42161 runs transferOwnership(newOwner=${stranger} ⚠ unknown)`,
    );
    expect(readable.flags[1]?.message).toMatch(/^⚠ unknown argument newOwner 0x0+dEaD/);
  });

  it('names the role of a grantRole and flags it', () => {
    const data = encodeFunctionData({ abi: timelockControllerAbi, functionName: 'grantRole', args: [zeroHash, v1] });
    const readable = describeWith(data);
    expect(readable.flags.map((f) => f.kind)).toEqual(['role']);
    const call = readable.chains[0]?.actions[0]?.call;
    expect(call?.args[0]).toMatchObject({ name: 'role', role: 'DEFAULT_ADMIN_ROLE' });
    // On its chain, the registry's word for the running implementation comes before the deployment file's.
    expect(call?.args[1]?.label).toEqual({ kind: 'registry', name: 'running implementation of example.vault' });
  });

  it('flags data of an unknown function, and an implementation no source knows', () => {
    const readable = describeWith('0x12345678abcd', known.slice(0, 2));
    expect(readable.flags.map((f) => f.kind)).toEqual(['unknown-call', 'unknown-address']);
    expect(readable.flags[0]?.message).toMatch(/unknown function 0x12345678/);
    expect(readable.flags[1]?.message).toContain(`⚠ unknown implementation ${v2}`);
  });
});
