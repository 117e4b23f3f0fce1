/**
 * Test scaffolding (not exported): a vault a team administers itself, outside Lockstep — the
 * example VaultV1 behind a UUPS proxy (its owner upgrades it) or a transparent proxy (the owner of
 * the ProxyAdmin the proxy creates upgrades it) — and the V2 release it would move to, deployed on
 * an anvil. Shared by core's presign tests and the drill's fork tests.
 */
import {
  erc1967ProxyAbi,
  erc1967ProxyBytecode,
  transparentUpgradeableProxyAbi,
  transparentUpgradeableProxyBytecode,
  vaultV1Abi,
  vaultV1Bytecode,
  vaultV2Abi,
  vaultV2Bytecode,
} from '@lockstep/client';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  type LocalAccount,
  type PublicClient,
} from 'viem';

/** ERC-1967's admin slot: a transparent proxy's ProxyAdmin. */
export const ERC1967_ADMIN_SLOT = '0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103';

export type TeamVaultKind = 'uups' | 'transparent';

export type DeployTeamVaultParameters = {
  rpcUrl: string;
  /** Sends the deployments (must hold funds). */
  deployer: LocalAccount;
  /** Owns the vault (UUPS) or the ProxyAdmin (transparent). */
  owner: Address;
  kind: TeamVaultKind;
};

export type TeamVault = {
  client: PublicClient;
  proxy: Address;
  v1: Address;
  /** The release the team upgrades to. */
  v2: Address;
  /** The transparent proxy's ProxyAdmin; `undefined` for UUPS. */
  proxyAdmin: Address | undefined;
  /** What the owner calls to upgrade: the proxy itself (UUPS) or its ProxyAdmin. */
  upgrader: Address;
};

/** Deploys VaultV1, VaultV2 and a proxy on V1 initialized for `owner`. */
export async function deployTeamVault({
  rpcUrl,
  deployer,
  owner,
  kind,
}: DeployTeamVaultParameters): Promise<TeamVault> {
  const wallet = createWalletClient({ account: deployer, transport: http(rpcUrl) });
  const client = createPublicClient({ transport: http(rpcUrl), pollingInterval: 50 }) as PublicClient;
  const deployed = async (hash: Hex) => {
    const { contractAddress } = await client.waitForTransactionReceipt({ hash });
    if (!contractAddress) throw new Error(`transaction ${hash} deployed nothing`);
    return getAddress(contractAddress);
  };
  const v1 = await deployed(await wallet.deployContract({ chain: null, abi: vaultV1Abi, bytecode: vaultV1Bytecode }));
  const v2 = await deployed(await wallet.deployContract({ chain: null, abi: vaultV2Abi, bytecode: vaultV2Bytecode }));
  const init = encodeFunctionData({ abi: vaultV1Abi, functionName: 'initialize', args: [owner] });
  const proxy = await deployed(
    kind === 'uups'
      ? await wallet.deployContract({
          chain: null,
          abi: erc1967ProxyAbi,
          bytecode: erc1967ProxyBytecode,
          args: [v1, init],
        })
      : await wallet.deployContract({
          chain: null,
          abi: transparentUpgradeableProxyAbi,
          bytecode: transparentUpgradeableProxyBytecode,
          args: [v1, owner, init],
        }),
  );
  const proxyAdmin =
    kind === 'transparent'
      ? getAddress(`0x${((await client.getStorageAt({ address: proxy, slot: ERC1967_ADMIN_SLOT })) ?? '').slice(-40)}`)
      : undefined;
  return { client, proxy, v1, v2, proxyAdmin, upgrader: proxyAdmin ?? proxy };
}
