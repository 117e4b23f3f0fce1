/**
 * The example vault on a drill chain: its implementation (ERC-1967 slot), a depositor's funds, and
 * the implementations a proposal names per chain (the fix, or a malicious one deployed for the drill).
 */
import { lockstepContracts, lockstepFactoryAbi, vaultV1Abi } from '@lockstep/client';
import { rpcHttp } from '@lockstep/core/chain';
import { ERC1967_IMPLEMENTATION_SLOT } from '@lockstep/core/detect';
import { type Abi, type Address, createWalletClient, getAddress, type Hex, keccak256, toHex } from 'viem';
import type { DrillChain } from '../chains/start-chains.js';
import { KEY_INDEX, testAccount } from '../setup/keys.js';
import type { Scenario, VaultImplementation } from '../types.js';

/** ERC-1967 admin slot (a transparent proxy's ProxyAdmin). */
export const ADMIN_SLOT = '0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103';

export async function implementationOf(chain: DrillChain, proxy: Address): Promise<Address> {
  return slotAddress(await chain.client.getStorageAt({ address: proxy, slot: ERC1967_IMPLEMENTATION_SLOT }));
}

/** The address in a storage word's low 20 bytes (checksummed). */
export function slotAddress(word: Hex | undefined): Address {
  return getAddress(`0x${(word ?? '0x').slice(-40).padStart(40, '0')}`);
}

export async function deposit(chain: DrillChain, vault: Address, amount: bigint): Promise<void> {
  if (amount === 0n) return;
  const wallet = createWalletClient({ account: testAccount(KEY_INDEX.depositor), transport: rpcHttp(chain.rpcUrl) });
  const hash = await wallet.writeContract({
    chain: null,
    address: vault,
    abi: vaultV1Abi,
    functionName: 'deposit',
    value: amount,
  });
  await chain.client.waitForTransactionReceipt({ hash });
}

/**
 * Per chain, the implementation the proposal names: the deployment's own build (`deployed`, e.g.
 * the fix) or one the drill deploys for the occasion (a faulty or malicious release), from the
 * generated client's bytecode, through the deployment's CREATE2 `factory` (the deployer key owns
 * it): the same address on every chain, hence the same codehash (a UUPS implementation's code
 * embeds its own address).
 */
export async function proposedImplementations(
  scenario: Scenario,
  targets: readonly DrillChain[],
  deployed: Partial<Record<VaultImplementation, Address>>,
  factory: Address,
): Promise<Map<string, Address>> {
  const out = new Map<string, Address>();
  for (const chain of targets) {
    const override = scenario.proposal.overrides?.find((o) => o.chain === chain.name)?.implementation;
    const wanted = override ?? scenario.proposal.implementation;
    const known = deployed[wanted];
    if (known) {
      out.set(chain.name, known);
      continue;
    }
    out.set(chain.name, await deployOnce(chain, factory, wanted));
  }
  return out;
}

/** Deploys build `name` at its salt's address unless it is there already; returns the address. */
async function deployOnce(chain: DrillChain, factory: Address, name: VaultImplementation): Promise<Address> {
  return deployThroughFactory(chain, factory, `lockstep.drill.${name}`, artifactOf(name).bytecode, name);
}

/**
 * Deploys `initCode` through the deployment's CREATE2 factory at `label`'s salt (the same address on
 * every chain) unless something is there already; returns the address.
 */
export async function deployThroughFactory(
  chain: DrillChain,
  factory: Address,
  label: string,
  initCode: Hex,
  what: string,
): Promise<Address> {
  const salt = keccak256(toHex(label));
  const at = await chain.client.readContract({
    address: factory,
    abi: lockstepFactoryAbi,
    functionName: 'predict',
    args: [salt],
  });
  if (await chain.client.getCode({ address: at })) return at;
  const deployer = createWalletClient({ account: testAccount(KEY_INDEX.deployer), transport: rpcHttp(chain.rpcUrl) });
  const hash = await deployer.writeContract({
    chain: null,
    address: factory,
    abi: lockstepFactoryAbi,
    functionName: 'deploy',
    args: [salt, initCode],
  });
  const receipt = await chain.client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`${what} was not deployed on ${chain.name}`);
  return at;
}

function artifactOf(name: VaultImplementation): { abi: Abi; bytecode: Hex } {
  const artifact = (lockstepContracts as Readonly<Record<string, { abi: Abi; bytecode: Hex } | undefined>>)[name];
  if (!artifact) throw new Error(`the generated client has no ${name}: run pnpm --filter @lockstep/client generate`);
  return artifact;
}
