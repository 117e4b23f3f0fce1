/**
 * A contract council member (a Safe, here the ERC-1271 wallet of the Solidity tests,
 * `test/utils/FallbackContractMember.sol`, which accepts its one owner key's signatures) signs a
 * root: its signature, which does not recover to the member, is accepted at import only if the
 * member's `isValidSignature` accepts it on a chain where the member is deployed, and what is
 * accepted is what the adapter accepts on that chain.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { councilFallbackAdapterAbi, councilFallbackAdapterBytecode } from '@lockstep/client';
import { repoRoot, startAnvils, stopAnvils } from '@lockstep/toolchain';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeDeployData,
  getAddress,
  type Hex,
  http,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { createPauseRoot } from './create-root.js';
import { parseRootDocument, type RootDocument } from './document.js';
import { addRootSignatures, signRoot, sortSigners } from './sign-root.js';

const account = (i: number) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: i });
const OWNER = account(20);
const STRANGER = account(21);
const DEPLOYER = account(0);
const DAY = 86_400;

type Anvil = Awaited<ReturnType<typeof startAnvils>>[number];

let anvils: Anvil[] = [];
let wallet: Address;
let document: RootDocument;

const clientOf = (anvil: Anvil) => createPublicClient({ transport: http(anvil.rpcUrl) });
const chains = () => anvils.map((anvil) => ({ chainId: anvil.chainId, client: clientOf(anvil) }));
/** Where the wallet is deployed: the first chain only. */
const withWallet = () => chains().slice(0, 1);
const withoutWallet = () => chains().slice(1);

/** The Solidity tests' ERC-1271 wallet, from forge's artifacts (`pnpm build` compiles test/). */
async function walletBytecode(): Promise<Hex> {
  const path = join(repoRoot, 'out', 'FallbackContractMember.sol', 'FallbackContractMember.json');
  const artifact = JSON.parse(await readFile(path, 'utf8').catch(() => '{}')) as { bytecode?: { object?: Hex } };
  if (!artifact.bytecode?.object) throw new Error(`${path} is missing: run pnpm build (forge build compiles test/)`);
  return artifact.bytecode.object;
}

/** Deploys `data` (creation code and constructor arguments) from the deployer; its address. */
async function deploy(anvil: Anvil, data: Hex): Promise<Address> {
  const sender = createWalletClient({ account: DEPLOYER, transport: http(anvil.rpcUrl) });
  const hash = await sender.sendTransaction({ data, chain: null });
  const receipt = await clientOf(anvil).waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error('no contract deployed');
  return getAddress(receipt.contractAddress);
}

beforeAll(async () => {
  anvils = await startAnvils([
    { name: 'ethereum', chainId: 1 },
    { name: 'optimism', chainId: 10 },
  ]);
  const [first] = anvils;
  if (!first) throw new Error('no anvil');
  wallet = await deploy(
    first,
    encodeDeployData({
      abi: [{ type: 'constructor', inputs: [{ name: 'owner_', type: 'address' }], stateMutability: 'nonpayable' }],
      bytecode: await walletBytecode(),
      args: [OWNER.address],
    }),
  );
  const now = Math.floor(Date.now() / 1000);
  const placeholder = getAddress('0x000000000000000000000000000000000000dEaD');
  document = createPauseRoot({
    deployment: { hubChainId: 1, hub: placeholder, receiver: placeholder, adapter: placeholder },
    chains: [{ chainId: 1, targets: [placeholder] }],
    validUntil: now + 30 * DAY,
    membersNonce: 0,
    now,
  });
}, 60_000);

afterAll(async () => {
  await stopAnvils(anvils);
});

describe('a contract member’s root signature (ERC-1271)', () => {
  it('is accepted when the member’s isValidSignature accepts it, filed as erc1271, and read back', async () => {
    const { signature } = await signRoot(OWNER, document);
    const signed = await addRootSignatures(document, [{ signer: wallet, signature }], {
      contractChains: withWallet(),
    });
    expect(signed.signatures).toEqual([{ signer: wallet, signature, scheme: 'erc1271' }]);
    // Reading the file back does not try to recover it as an ECDSA signature of the wallet.
    expect(await parseRootDocument(JSON.stringify(signed))).toEqual(signed);
  });

  it('is what the adapter accepts: the root sets on a chain whose members include the wallet', async () => {
    const [first] = anvils;
    if (!first) throw new Error('no anvil');
    const eoas = [1, 2, 3, 4].map((i) => account(i));
    const members = sortSigners([...eoas.map((a) => ({ signer: a.address })), { signer: wallet }]).map((m) => m.signer);
    const adapter = await deploy(
      first,
      encodeDeployData({
        abi: councilFallbackAdapterAbi,
        bytecode: councilFallbackAdapterBytecode,
        args: [DEPLOYER.address, 1n, DEPLOYER.address, members, 3, 3, 3],
      }),
    );
    const { signature } = await signRoot(OWNER, document);
    const fromEoas = await Promise.all(eoas.slice(0, 2).map((a) => signRoot(a, document)));
    const signed = await addRootSignatures(document, [{ signer: wallet, signature }, ...fromEoas], {
      contractChains: withWallet(),
    });
    const sender = createWalletClient({ account: DEPLOYER, transport: http(first.rpcUrl) });
    const hash = await sender.writeContract({
      address: adapter,
      abi: councilFallbackAdapterAbi,
      functionName: 'setRoot',
      args: [
        signed.root,
        signed.validUntil,
        signed.signatures.map((s) => s.signer),
        signed.signatures.map((s) => s.signature),
      ],
      chain: null,
    });
    expect((await clientOf(first).waitForTransactionReceipt({ hash })).status).toBe('success');
    const state = await clientOf(first).readContract({
      address: adapter,
      abi: councilFallbackAdapterAbi,
      functionName: 'rootState',
      args: [signed.root],
    });
    expect(state.validUntil).toBe(signed.validUntil);
  });

  it('is refused, naming the member and the chain, when the wallet refuses it', async () => {
    const { signature } = await signRoot(STRANGER, document);
    const error = await addRootSignatures(document, [{ signer: wallet, signature }], {
      contractChains: chains(),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RootError', reason: 'invalid-signature' });
    expect(String((error as Error).message)).toContain(`contract member ${wallet} refuses it on chain 1`);
  });

  it('is unverifiable, with the fix, where the member is no contract (and without chains, invalid)', async () => {
    const { signature } = await signRoot(OWNER, document);
    const error = await addRootSignatures(document, [{ signer: wallet, signature }], {
      contractChains: withoutWallet(),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RootError', reason: 'unverifiable-signature' });
    expect(String((error as Error).message)).toMatch(/contract on none of the chains it was looked up on \(10\)/);
    expect(String((error as Error).message)).toContain('--rpc <network>=<url>');
    await expect(addRootSignatures(document, [{ signer: wallet, signature }])).rejects.toMatchObject({
      reason: 'invalid-signature',
    });
  });

  it('leaves an ECDSA member’s signature as it was: recovered, no chain read', async () => {
    const signed = await addRootSignatures(document, [await signRoot(STRANGER, document)], { contractChains: [] });
    expect(signed.signatures).toEqual([{ signer: STRANGER.address, signature: expect.any(String) }]);
  });
});
