/**
 * The example vault on a drill chain: its implementation (ERC-1967 slot), a depositor's funds, and
 * the implementations a proposal names per chain (the fix, or a malicious one deployed for the drill).
 */
import { vaultV1Abi, vaultV3MaliciousAbi, vaultV3MaliciousBytecode } from '@lockstep/client';
import { type Address, createWalletClient, http } from 'viem';
import type { DrillChain } from '../chains/start-chains.js';
import { KEY_INDEX, testAccount } from '../setup/keys.js';
import type { Scenario } from '../types.js';

/** ERC-1967 implementation slot. */
export const IMPLEMENTATION_SLOT = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';

export async function implementationOf(chain: DrillChain, proxy: Address): Promise<Address> {
  const slot = await chain.client.getStorageAt({ address: proxy, slot: IMPLEMENTATION_SLOT });
  return `0x${(slot ?? '0x').slice(-40).padStart(40, '0')}` as Address;
}

export async function deposit(chain: DrillChain, vault: Address, amount: bigint): Promise<void> {
  if (amount === 0n) return;
  const wallet = createWalletClient({ account: testAccount(KEY_INDEX.depositor), transport: http(chain.rpcUrl) });
  const hash = await wallet.writeContract({
    chain: null,
    address: vault,
    abi: vaultV1Abi,
    functionName: 'deposit',
    value: amount,
  });
  await chain.client.waitForTransactionReceipt({ hash });
}

/** Per chain, the implementation the proposal names: the fix, or (override) a malicious one deployed for the drill. */
export async function proposedImplementations(
  scenario: Scenario,
  targets: readonly DrillChain[],
  fix: Address,
): Promise<Map<string, Address>> {
  const out = new Map<string, Address>();
  for (const chain of targets) {
    const override = scenario.proposal.overrides?.find((o) => o.chain === chain.name)?.implementation;
    const wanted = override ?? scenario.proposal.implementation;
    if (wanted === 'VaultV2') {
      out.set(chain.name, fix);
      continue;
    }
    const deployer = createWalletClient({ account: testAccount(KEY_INDEX.deployer), transport: http(chain.rpcUrl) });
    const hash = await deployer.deployContract({
      chain: null,
      abi: vaultV3MaliciousAbi,
      bytecode: vaultV3MaliciousBytecode,
    });
    const receipt = await chain.client.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new Error(`VaultV3Malicious was not deployed on ${chain.name}`);
    out.set(chain.name, receipt.contractAddress);
  }
  return out;
}
