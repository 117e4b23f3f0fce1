/**
 * The rehearsal's forks: one local anvil `--fork-url` each network's RPC (started and stopped
 * here, never the real chain), a funded throw-away operator that sends what anyone may send
 * (approveBySig, schedule, execute, deliver), impersonation for what only a named account may
 * send, and the clock moved forward where the real path waits.
 */
import { startAnvil } from '@lockstep/toolchain';
import {
  type Address,
  type Chain,
  createTestClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type LocalAccount,
  numberToHex,
  parseEther,
  publicActions,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { SignerClient } from '../chain/types.js';
import { shortMessage } from '../presign/simulate.js';
import { RehearsalError } from './errors.js';

/** One network to fork: its name, chain id and the RPC its state is read from. */
export type ForkSource = { network: string; chainId: number; rpcUrl: string };

export type ForkedChain = {
  network: string;
  chainId: number;
  /** The fork's own RPC (a loopback anvil). */
  rpcUrl: string;
  /** The fork as a viem chain (its id and RPC). */
  chain: Chain;
  /** The block the fork was taken at: the real chain's head when the rehearsal started. */
  forkBlock: bigint;
  /** Reads, and anvil's test methods (impersonation, time, storage). */
  client: ReturnType<typeof forkClient>;
  /** The throw-away operator on this fork (funded here; it exists nowhere else). */
  operator: SignerClient;
};

function forkClient(rpcUrl: string) {
  return createTestClient({ mode: 'anvil', transport: http(rpcUrl, { retryCount: 0 }), pollingInterval: 50 }).extend(
    publicActions,
  );
}

export type Forks = { chains: ForkedChain[]; operator: LocalAccount; stop(): Promise<void> };

/**
 * Forks every source at its head, all at once. If any fork cannot be started every started one is
 * stopped and `RehearsalError` (`no-fork`) names the network and its RPC's problem.
 */
export async function startForks(sources: readonly ForkSource[]): Promise<Forks> {
  const operator = privateKeyToAccount(generatePrivateKey());
  const settled = await Promise.allSettled(sources.map((source) => forkOne(source, operator)));
  const started = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => {
    await Promise.all(started.map(({ anvil }) => anvil.stop()));
  };
  const failed = settled.findIndex((s) => s.status === 'rejected');
  if (failed >= 0) {
    await stop();
    const failure = settled[failed] as PromiseRejectedResult;
    throw new RehearsalError(
      `no fork of ${sources[failed]?.network} could be started (${shortMessage(failure.reason)}) — check its RPC URL (--rpc ${sources[failed]?.network}=<url>) and that the node serves state`,
      { reason: 'no-fork', cause: failure.reason },
    );
  }
  return { chains: started.map(({ chain }) => chain), operator, stop };
}

type Anvil = Awaited<ReturnType<typeof startAnvil>>;

async function forkOne(source: ForkSource, operator: LocalAccount): Promise<{ anvil: Anvil; chain: ForkedChain }> {
  const anvil = await startAnvil({
    name: `fork of ${source.network}`,
    chainId: source.chainId,
    extraArgs: ['--fork-url', source.rpcUrl],
  });
  try {
    const client = forkClient(anvil.rpcUrl);
    // A chain for the wallet clients: an impersonated account's transaction is sent by the node, which wants one.
    const chain = defineChain({
      id: source.chainId,
      name: `fork of ${source.network}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [anvil.rpcUrl] } },
    });
    const forkBlock = await client.getBlockNumber();
    await client.setBalance({ address: operator.address, value: parseEther('100') });
    const forked: ForkedChain = {
      network: source.network,
      chainId: source.chainId,
      rpcUrl: anvil.rpcUrl,
      chain,
      forkBlock,
      client,
      operator: createWalletClient({ account: operator, chain, transport: http(anvil.rpcUrl, { retryCount: 0 }) }),
    };
    return { anvil, chain: forked };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}

/**
 * Runs `send` with a client that sends as `account` on the fork (anvil impersonation, with ETH for
 * gas), then stops impersonating. Only ever on a fork: no key of `account` is needed or used.
 */
export async function asImpersonated<T>(
  chain: ForkedChain,
  account: Address,
  send: (client: SignerClient) => Promise<T>,
): Promise<T> {
  await chain.client.impersonateAccount({ address: account });
  const balance = await chain.client.getBalance({ address: account });
  if (balance < parseEther('1')) await chain.client.setBalance({ address: account, value: balance + parseEther('1') });
  try {
    return await send(
      createWalletClient({ account, chain: chain.chain, transport: http(chain.rpcUrl, { retryCount: 0 }) }),
    );
  } finally {
    await chain.client.stopImpersonatingAccount({ address: account });
  }
}

/** Mines one empty block at `timestamp` (unix seconds) when the fork's clock is behind it. */
export async function warpTo(chain: ForkedChain, timestamp: bigint): Promise<bigint> {
  const latest = await chain.client.getBlock({ blockTag: 'latest' });
  if (latest.timestamp >= timestamp) return latest.timestamp;
  await chain.client.request({ method: 'evm_mine' as never, params: [numberToHex(timestamp)] as never });
  return timestamp;
}

/** Writes one storage word on the fork (anvil only). */
export async function setStorage(chain: ForkedChain, address: Address, slot: Hex, value: Hex): Promise<void> {
  await chain.client.setStorageAt({ address, index: slot, value });
}
