/**
 * A forked chain's own proxy, put under the drill's Lockstep: the drill impersonates the account
 * that owns the upgrade right today (the UUPS proxy's owner, or the ProxyAdmin's owner for a
 * transparent proxy), hands that ownership to the drill's UpgradeReceiver, registers the proxy
 * with the receiver (the deployer is still its bootstrapper) and then locks the bootstrap. Only on
 * the drill's own fork: the real chain is never touched, and no real key is needed.
 */
import { ownableAbi, upgradeReceiverAbi } from '@lockstep/client';
import { rpcHttp } from '@lockstep/core/chain';
import { LockstepError } from '@lockstep/core/errors';
import { type Address, createWalletClient, getAddress, type Hex, stringToHex, zeroAddress } from 'viem';
import type { DrillChain } from '../chains/start-chains.js';
import { KEY_INDEX, testAccount } from '../setup/keys.js';
import type { ForkedProxy } from '../types.js';
import { ADMIN_SLOT, implementationOf, slotAddress } from './vault.js';

/** A forked proxy the drill cannot take over; nothing was changed on the real chain. */
export class ProxyAdoptionError extends LockstepError {
  override name = 'ProxyAdoptionError' as const;
}

export type AdoptForkedProxyParameters = {
  chain: DrillChain;
  receiver: Address;
  proxy: ForkedProxy;
};

export type AdoptForkedProxyReturnType = {
  /** The account that owned the upgrade right before the drill (impersonated). */
  previousOwner: Address;
  /** Transparent proxies: their ProxyAdmin. */
  proxyAdmin: Address | null;
  /** What the proxy ran when adopted (registry version 1). */
  implementation: Address;
};

const RECEIVER_PROXY_KIND = { uups: 1, transparent: 2 } as const;

/** Hands `proxy` on `chain` (a fork) to the drill's receiver; see the module comment. */
export async function adoptForkedProxy({
  chain,
  receiver,
  proxy,
}: AdoptForkedProxyParameters): Promise<AdoptForkedProxyReturnType> {
  const address = getAddress(proxy.address);
  const implementation = await implementationOf(chain, address);
  if (implementation === zeroAddress) {
    throw new ProxyAdoptionError(
      `${chain.name}: ${address} is not an ERC-1967 proxy (its implementation slot is empty) — check fork.proxy.address and the fork block`,
    );
  }
  const proxyAdmin =
    proxy.kind === 'transparent' ? slotAddress(await chain.client.getStorageAt({ address, slot: ADMIN_SLOT })) : null;
  if (proxyAdmin === zeroAddress) {
    throw new ProxyAdoptionError(
      `${chain.name}: ${address} has no ERC-1967 admin, so it is not a transparent proxy — set fork.proxy.kind to "uups"`,
    );
  }
  const ownable = proxyAdmin ?? address;
  const previousOwner = await chain.client
    .readContract({ address: ownable, abi: ownableAbi, functionName: 'owner' })
    .catch((cause: unknown) => {
      throw new ProxyAdoptionError(`${chain.name}: ${ownable} has no owner() (an OZ Ownable is expected)`, { cause });
    });

  // The owner signs nothing: anvil sends as it (impersonation), with some ETH for gas.
  await chain.client.request({ method: 'anvil_impersonateAccount', params: [previousOwner] } as never);
  const balance = await chain.client.getBalance({ address: previousOwner });
  await chain.client.request({
    method: 'anvil_setBalance',
    params: [previousOwner, `0x${(balance + 10n ** 18n).toString(16)}`],
  } as never);
  try {
    const owner = createWalletClient({ account: previousOwner, transport: rpcHttp(chain.rpcUrl) });
    const handed = await owner.writeContract({
      chain: null,
      address: ownable,
      abi: ownableAbi,
      functionName: 'transferOwnership',
      args: [receiver],
    });
    await mined(chain, handed, `transferOwnership(receiver) as ${previousOwner} on ${ownable}`);
  } finally {
    await chain.client.request({ method: 'anvil_stopImpersonatingAccount', params: [previousOwner] } as never);
  }

  const deployer = createWalletClient({ account: testAccount(KEY_INDEX.deployer), transport: rpcHttp(chain.rpcUrl) });
  const registered = await deployer.writeContract({
    chain: null,
    address: receiver,
    abi: upgradeReceiverAbi,
    functionName: 'registerProxy',
    args: [
      address,
      RECEIVER_PROXY_KIND[proxy.kind],
      proxyAdmin ?? zeroAddress,
      stringToHex(`forked.${chain.name}`, { size: 32 }),
      implementation,
    ],
  });
  await mined(chain, registered, `registering ${address} with the receiver`);
  const locked = await deployer.writeContract({
    chain: null,
    address: receiver,
    abi: upgradeReceiverAbi,
    functionName: 'lockBootstrap',
  });
  await mined(chain, locked, 'locking the receiver’s bootstrap');
  return { previousOwner, proxyAdmin, implementation };
}

async function mined(chain: DrillChain, hash: Hex, what: string): Promise<void> {
  const receipt = await chain.client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new ProxyAdoptionError(`${chain.name}: ${what} reverted (${hash})`);
}
