/**
 * The team's own system on a local drill chain: its current implementation, its release and a
 * proxy running the current one (initialised by the scenario's call), all through the deployment's
 * CREATE2 factory (the same addresses on every chain, so the release has one codehash). The proxy
 * is then handed to the chain's UpgradeReceiver and registered in its proxy registry, as a forked
 * chain's proxy is (`adoptForkedProxy`: its owner, or its ProxyAdmin's, transfers the upgrade right).
 */
import {
  erc1967ProxyAbi,
  erc1967ProxyBytecode,
  transparentUpgradeableProxyAbi,
  transparentUpgradeableProxyBytecode,
} from '@lockstep/client';
import { type Address, encodeDeployData, type Hex } from 'viem';
import type { DrillChain } from '../../chains/start-chains.js';
import { KEY_INDEX, testAccount } from '../../setup/keys.js';
import { adoptForkedProxy } from '../adopt-proxy.js';
import { deployThroughFactory } from '../vault.js';
import type { ResolvedSystem } from './resolve-system.js';

export type DeployOwnSystemParameters = {
  system: ResolvedSystem;
  chain: DrillChain;
  factory: Address;
  receiver: Address;
};

export type OwnDeployment = { proxy: Address; current: Address; release: Address };

export async function deployOwnSystem({
  system,
  chain,
  factory,
  receiver,
}: DeployOwnSystemParameters): Promise<OwnDeployment> {
  const current = await deployThroughFactory(
    chain,
    factory,
    `lockstep.drill.own.current`,
    system.current.bytecode,
    system.current.id,
  );
  const release = await deployThroughFactory(
    chain,
    factory,
    `lockstep.drill.own.release`,
    system.release.bytecode,
    system.release.id,
  );
  const proxy = await deployThroughFactory(
    chain,
    factory,
    `lockstep.drill.own.proxy`,
    proxyInitCode(system, current),
    `the ${system.kind} proxy of ${system.current.id} (initializer reverted? check system.proxy.initializer)`,
  );
  await adoptForkedProxy({ chain, receiver, proxy: { address: proxy, kind: system.kind, upgradeTo: release } });
  return { proxy, current, release };
}

/** OZ 5's ERC1967Proxy(implementation, data), or TransparentUpgradeableProxy(implementation, owner, data) (its ProxyAdmin owned by the deployer until adopted). */
function proxyInitCode(system: ResolvedSystem, implementation: Address): Hex {
  if (system.kind === 'uups')
    return encodeDeployData({
      abi: erc1967ProxyAbi,
      bytecode: erc1967ProxyBytecode,
      args: [implementation, system.initData],
    });
  return encodeDeployData({
    abi: transparentUpgradeableProxyAbi,
    bytecode: transparentUpgradeableProxyBytecode,
    args: [implementation, testAccount(KEY_INDEX.deployer).address, system.initData],
  });
}
