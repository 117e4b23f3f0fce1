/**
 * TEST FIXTURE for the storage-layout and implementation gates: one anvil, contracts deployed from
 * forge's artifacts (`out/`, which `pnpm build` fills, test fixtures included), and proposal
 * documents built and checked by the proposal document module.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot, startAnvils, stopAnvils } from '@lockstep/toolchain';
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  keccak256,
  type PublicClient,
  parseAbi,
  toHex,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { getCode } from 'viem/actions';
import { defaultConfig, TEST_MNEMONIC } from '../config/defaults.js';
import {
  type ProposalAction,
  type ProposalDocument,
  parseProposalDocument,
  proposalContentHash,
} from '../proposal/document.js';
import type { GateContext } from './types.js';

const DEPLOYER = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 0 });

const initializeAbi = parseAbi(['function initialize(address owner)']);

type Anvil = Awaited<ReturnType<typeof startAnvils>>[number];

export type GateFixture = {
  chainId: number;
  client: PublicClient;
  /** Deploys `out/<file>/<contract>.json` with ABI-encoded constructor `args`; its address. */
  deploy: (file: string, contract: string, args?: Hex) => Promise<Address>;
  /** `anvil_setCode`: puts `code` at `address`. */
  setCode: (address: Address, code: Hex) => Promise<void>;
  /** Deploys raw creation code; its address. */
  deployCode: (data: Hex) => Promise<Address>;
  /** A proposal upgrading a proxy from `previous` to `implementation` (codehash read on chain unless given). */
  document: (actions: readonly FixtureAction[]) => Promise<ProposalDocument>;
  context: (document: ProposalDocument) => GateContext;
  stop: () => Promise<void>;
};

export type FixtureAction = {
  previous: Address;
  implementation: Address;
  artifacts?: ProposalAction['artifacts'];
  codehash?: Hex;
};

/** forge's creation code for `contract` in `out/<file>/`. */
async function creationCode(file: string, contract: string): Promise<Hex> {
  const path = join(repoRoot, 'out', file, `${contract}.json`);
  const artifact = JSON.parse(await readFile(path, 'utf8').catch(() => '{}')) as { bytecode?: { object?: Hex } };
  if (!artifact.bytecode?.object) throw new Error(`${path} is missing: run pnpm build (forge build compiles test/)`);
  return artifact.bytecode.object;
}

export async function startGateFixture(): Promise<GateFixture> {
  const anvils: Anvil[] = await startAnvils([{ name: 'ethereum', chainId: 1 }]);
  const [anvil] = anvils;
  if (!anvil) throw new Error('no anvil');
  const client = createPublicClient({ transport: http(anvil.rpcUrl) });
  const wallet = createWalletClient({ account: DEPLOYER, transport: http(anvil.rpcUrl) });
  const deployCode = async (data: Hex): Promise<Address> => {
    const hash = await wallet.sendTransaction({ data, chain: null });
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress || receipt.status !== 'success') throw new Error('the contract was not deployed');
    return getAddress(receipt.contractAddress);
  };
  const deploy = async (file: string, contract: string, args: Hex = '0x'): Promise<Address> =>
    deployCode(`${await creationCode(file, contract)}${args.slice(2)}`);
  // The proxy the proposals upgrade: a VaultV1 behind OpenZeppelin's ERC1967Proxy (the gates read
  // the implementations, not the proxy).
  const proxy = await deploy(
    'ERC1967Proxy.sol',
    'ERC1967Proxy',
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'bytes' }],
      [
        await deploy('VaultV1.sol', 'VaultV1'),
        encodeFunctionData({ abi: initializeAbi, functionName: 'initialize', args: [DEPLOYER.address] }),
      ],
    ),
  );
  const document = async (actions: readonly FixtureAction[]): Promise<ProposalDocument> => {
    const chainActions = await Promise.all(
      actions.map(async (a) => ({
        chainId: anvil.chainId,
        proxy,
        previousImplementation: a.previous,
        implementation: a.implementation,
        codehash: a.codehash ?? keccak256((await getCode(client, { address: a.implementation })) ?? '0x'),
        data: '0x' as Hex,
        ...(a.artifacts ? { artifacts: a.artifacts } : {}),
      })),
    );
    const audit = { hash: keccak256(toHex('audit')), uri: 'ipfs://audit' };
    const draft = {
      format: 'lockstep-proposal',
      version: 1,
      title: 'Vault upgrade',
      description: '',
      createdAt: new Date().toISOString(),
      council: { chainId: anvil.chainId, address: DEPLOYER.address },
      audit,
      actions: chainActions,
      contentHash: proposalContentHash(chainActions, audit.hash),
      gates: [],
      signatures: [],
    };
    return parseProposalDocument(JSON.stringify(draft), 'the test proposal');
  };
  return {
    chainId: anvil.chainId,
    client,
    deploy,
    deployCode,
    setCode: (address, bytecode) =>
      createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) }).setCode({ address, bytecode }),
    document,
    context: (doc) => ({ document: doc, config: defaultConfig(), clientFor: () => client, projectRoot: repoRoot }),
    stop: () => stopAnvils(anvils),
  };
}
