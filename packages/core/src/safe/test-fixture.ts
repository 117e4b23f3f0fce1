/**
 * Test scaffolding for the Safe tests (not exported): Safe's own 1.4.1 contracts, from the build
 * artifacts of `@safe-global/safe-contracts@1.4.1` (Safe singleton, SafeProxyFactory,
 * CompatibilityFallbackHandler), deployed on the council fixture's hub; a 2-of-3 Safe proxy made a
 * council member (the timelock, impersonated on anvil, rotates it into the set in place of member
 * 9); proposal files of real proposals; and a Safe transaction executed with owners' signatures.
 */

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { securityCouncilAbi } from '@lockstep/client';
import {
  type Abi,
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  parseEther,
  parseEventLogs,
  zeroAddress,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { type CouncilFixture, member } from '../council/test-fixture.js';
import type { ProposalDocument } from '../proposal/document.js';
import { proposeFile as proposeSubmittedFile } from '../proposal/signatures-fixture.js';
import { assembleSafeSignature } from './signatures.js';

const account = (i: number) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: i });
/** The Safe's owners (2 of 3), a key that owns nothing, and who deploys the Safe contracts. */
export const OWNERS = [account(30), account(31), account(32)] as const;
export const STRANGER = account(33);
const DEPLOYER = account(29);

type Artifact = { abi: Abi; bytecode: Hex };

const safePackage = dirname(createRequire(import.meta.url).resolve('@safe-global/safe-contracts/package.json'));

async function artifact(path: string): Promise<Artifact> {
  const json = JSON.parse(
    await readFile(join(safePackage, 'build', 'artifacts', 'contracts', path), 'utf8'),
  ) as Artifact;
  return { abi: json.abi, bytecode: json.bytecode };
}

export type SafeFixture = {
  safe: Address;
  safeAbi: Abi;
  /** Member 1 proposes the vault upgrade; returns its proposal file (nonces counted from 0). */
  proposeFile(): Promise<ProposalDocument>;
  /** Deploys another Safe 1.4.1 proxy (same singleton and fallback handler): `threshold` of `owners`. */
  createSafe(owners: readonly Address[], threshold: number): Promise<Address>;
  /** Executes `{to, value, data}` from the Safe (`execTransaction`) with `signers`' signatures. */
  execute(tx: { to: Address; value: bigint; data: Hex }, signers: readonly (typeof OWNERS)[number][]): Promise<Hex>;
};

/** Deploys Safe 1.4.1 on the fixture's hub, a 2-of-3 Safe, and rotates it into the council. */
export async function startSafeFixture(fixture: CouncilFixture): Promise<SafeFixture> {
  const transport = http(fixture.hubUrl);
  const hub = createPublicClient({ transport });
  const deployer = createWalletClient({ account: DEPLOYER, transport });
  await createTestClient({ mode: 'anvil', transport }).setBalance({
    address: DEPLOYER.address,
    value: parseEther('10'),
  });
  const deploy = async ({ abi, bytecode }: Artifact) => {
    const hash = await deployer.deployContract({ abi, bytecode, args: [], chain: null });
    const { contractAddress } = await hub.waitForTransactionReceipt({ hash });
    if (!contractAddress) throw new Error('no contract deployed');
    return getAddress(contractAddress);
  };
  const [safeArtifact, factoryArtifact, handlerArtifact] = await Promise.all([
    artifact('Safe.sol/Safe.json'),
    artifact('proxies/SafeProxyFactory.sol/SafeProxyFactory.json'),
    artifact('handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json'),
  ]);
  const singleton = await deploy(safeArtifact);
  const factory = await deploy(factoryArtifact);
  const handler = await deploy(handlerArtifact);
  let saltNonce = 0n;
  const createSafe: SafeFixture['createSafe'] = async (owners, threshold) => {
    const initializer = encodeFunctionData({
      abi: safeArtifact.abi,
      functionName: 'setup',
      args: [owners, BigInt(threshold), zeroAddress, '0x', handler, zeroAddress, 0n, zeroAddress],
    });
    const created = await deployer.writeContract({
      address: factory,
      abi: factoryArtifact.abi,
      functionName: 'createProxyWithNonce',
      args: [singleton, initializer, saltNonce++],
      chain: null,
    });
    const receipt = await hub.waitForTransactionReceipt({ hash: created });
    const [event] = parseEventLogs({ abi: factoryArtifact.abi, eventName: 'ProxyCreation', logs: receipt.logs }) as {
      args: { proxy: Address };
    }[];
    if (!event) throw new Error('SafeProxyFactory created no proxy');
    return getAddress(event.args.proxy);
  };
  const owners = OWNERS.map((o) => o.address);
  const safe = await createSafe(owners, 2);
  await rotateIntoCouncil(fixture, safe);

  // The submitted proposal file, as the signing tests build it (one fixture for both).
  const proposeFile = () =>
    proposeSubmittedFile(fixture.clientOf(1), {
      council: fixture.council,
      actions: fixture.upgradeActions(),
      rpcUrls: { 42161: fixture.arbitrumUrl },
    });

  const execute: SafeFixture['execute'] = async ({ to, value, data }, signers) => {
    const safeNonce = (await hub.readContract({
      address: safe,
      abi: safeArtifact.abi,
      functionName: 'nonce',
    })) as bigint;
    const params = [to, value, data, 0, 0n, 0n, 0n, zeroAddress, zeroAddress] as const;
    const txHash = (await hub.readContract({
      address: safe,
      abi: safeArtifact.abi,
      functionName: 'getTransactionHash',
      args: [...params, safeNonce],
    })) as Hex;
    const { signature } = await assembleSafeSignature({
      hash: txHash,
      owners,
      threshold: signers.length,
      signatures: await Promise.all(signers.map((s) => s.sign({ hash: txHash }))),
      what: `Safe transaction ${txHash}`,
    });
    const hash = await deployer.writeContract({
      address: safe,
      abi: safeArtifact.abi,
      functionName: 'execTransaction',
      args: [...params, signature],
      chain: null,
    });
    const executed = await hub.waitForTransactionReceipt({ hash });
    if (executed.status !== 'success') throw new Error(`execTransaction reverted (${hash})`);
    return hash;
  };

  return { safe, safeAbi: safeArtifact.abi, proposeFile, createSafe, execute };
}

/** The timelock (impersonated) sets the council's members: the current set with member 9 replaced by `safe`. */
async function rotateIntoCouncil(fixture: CouncilFixture, safe: Address): Promise<void> {
  const transport = http(fixture.hubUrl);
  const hub = createPublicClient({ transport });
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    hub.readContract({ address: fixture.council, abi: securityCouncilAbi, functionName, args } as never) as Promise<T>;
  const [members, version, threshold, emergencyThreshold, timelock] = await Promise.all([
    read<readonly Address[]>('members'),
    read<number>('membersVersion'),
    read<number>('threshold'),
    read<number>('emergencyThreshold'),
    read<Address>('timelock'),
  ]);
  const replaced = member(9).address;
  const seats = await Promise.all(
    members.map(async (m) => ({
      member: getAddress(m === replaced ? safe : m),
      termEnd: await read<number>('termEnd', [version, m]),
    })),
  );
  seats.sort((a, b) => (BigInt(a.member) < BigInt(b.member) ? -1 : 1));
  const test = createTestClient({ mode: 'anvil', transport });
  await test.setBalance({ address: timelock, value: parseEther('1') });
  await test.impersonateAccount({ address: timelock });
  const sender = createWalletClient({ account: timelock, transport });
  const { timestamp } = await hub.getBlock();
  const hash = await sender.writeContract({
    address: fixture.council,
    abi: securityCouncilAbi,
    functionName: 'setMembers',
    args: [
      Number(timestamp) + 3600,
      seats.map((s) => s.member),
      seats.map((s) => s.termEnd),
      threshold,
      emergencyThreshold,
    ],
    chain: null,
  });
  await hub.waitForTransactionReceipt({ hash });
  await test.stopImpersonatingAccount({ address: timelock });
}
