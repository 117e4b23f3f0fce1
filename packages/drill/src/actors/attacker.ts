/**
 * The attacker: once the fix is public (a block on some chain runs it), it tries the example
 * vault's V1 exploit (`sweep`, callable by anyone in V1) on every chain, as someone watching the
 * chains and the mempool would. Its take per chain is what the drill reports as `fundsLost`, each
 * theft with the transaction, block and timestamp that carried it.
 *
 * The rule the drill states and the chains show (see `engine/attacker/exploit.ts`): the attacker reacts to
 * a block it has seen in each chain's first block strictly after it and after its reaction time
 * there (0 to 2 of that chain's blocks, from the seed); in a block where the keeper's
 * execution is due, the keeper's pre-signed transaction is first (it was broadcast for that block
 * before the attacker could react); in a chain's first block after a halt, the attacker's
 * transaction (waiting with the higher tip) is first.
 */
import { vaultV1Abi } from '@lockstep/client';
import { rpcHttp } from '@lockstep/core/chain';
import { type Address, createWalletClient, encodeFunctionData, type Hex } from 'viem';
import type { DrillChain } from '../chains/start-chains.js';
import { KEY_INDEX, testAccount } from '../setup/keys.js';
import { seededInt } from '../setup/seeded.js';

/** One theft, as the chain recorded it. */
export type Theft = { chain: string; wei: bigint; txHash: Hex; blockNumber: bigint; timestamp: bigint };

/** An attempt submitted to a chain's mempool, waiting for its block. */
export type SubmittedAttempt = { chain: DrillChain; hash: Hex; balance: bigint };

/** The attacker's reaction time on a chain is 0 to this many of its blocks (seeded). */
const MAX_REACTION_BLOCKS = 2;

/** Enough gas for `sweep`; fixed, so that submitting never estimates against a block not yet built. */
const SWEEP_GAS = 200_000n;

export class Attacker {
  readonly address: Address;
  /** Wei taken per chain. */
  readonly stolen = new Map<string, bigint>();
  /** Every theft, in the order the chains mined them. */
  readonly thefts: Theft[] = [];
  /** Chain name → the virtual time from which the attacker wants into that chain's next block. */
  readonly planned = new Map<string, number>();
  private readonly vault: Address;
  private readonly seed: number;
  private readonly planListeners = new Set<(chain: string, at: number) => void>();
  active = false;

  constructor(vault: Address, seed: number) {
    this.vault = vault;
    this.seed = seed;
    this.address = testAccount(KEY_INDEX.attacker).address;
  }

  /**
   * The fix became public in a block at virtual time `seen`: plan an attempt on each of `chains`
   * after it, once the attacker's reaction time on that chain has passed.
   */
  learn(seen: number, chains: readonly DrillChain[]): void {
    this.active = true;
    for (const chain of chains) {
      const at = seen + 1e-6 + this.reactionSeconds(chain);
      const planned = this.planned.get(chain.name);
      if (planned === undefined || planned > at) {
        this.planned.set(chain.name, at);
        for (const listener of this.planListeners) listener(chain.name, at);
      }
    }
  }

  /** Calls `listener` with each chain and time `learn` plans an attempt for from now on. Returns the unsubscribe. */
  onPlan(listener: (chain: string, at: number) => void): () => void {
    this.planListeners.add(listener);
    return () => this.planListeners.delete(listener);
  }

  /**
   * How long the attacker takes to act on `chain` once it saw the fix: 0 to 2 of that chain's
   * blocks, drawn from the drill's seed (the attacker timing `--seed` varies).
   */
  reactionSeconds(chain: DrillChain): number {
    return seededInt(this.seed, `attacker:${chain.name}`, MAX_REACTION_BLOCKS + 1) * chain.blockTime;
  }

  /** The vault's balance if the exploit would work on `chain` as last mined (funds in it, `sweep` open); else 0n. */
  async wouldWork(chain: DrillChain): Promise<bigint> {
    if (!this.active) return 0n;
    const balance = await chain.client.getBalance({ address: this.vault });
    if (balance === 0n) return 0n;
    try {
      await chain.client.simulateContract({
        account: testAccount(KEY_INDEX.attacker),
        address: this.vault,
        abi: vaultV1Abi,
        functionName: 'sweep',
        args: [this.address],
      });
      return balance;
    } catch {
      return 0n; // patched (onlyOwner) or paused: the exploit fails
    }
  }

  /**
   * Submits the exploit to `chain`'s mempool if it would work on the chain as last mined. Does not
   * wait: the caller mines the block. Undefined: nothing to try.
   */
  async submit(chain: DrillChain): Promise<SubmittedAttempt | undefined> {
    const balance = await this.wouldWork(chain);
    if (balance > 0n) return this.send(chain, balance);
    this.planned.delete(chain.name);
    return undefined;
  }

  /** Submits the sweep of `balance` (what `wouldWork` found) without checking again. */
  async send(chain: DrillChain, balance: bigint): Promise<SubmittedAttempt> {
    this.planned.delete(chain.name);
    const wallet = createWalletClient({ account: testAccount(KEY_INDEX.attacker), transport: rpcHttp(chain.rpcUrl) });
    const hash = await wallet.sendTransaction({
      chain: null,
      to: this.vault,
      data: encodeFunctionData({ abi: vaultV1Abi, functionName: 'sweep', args: [this.address] }),
      gas: SWEEP_GAS,
    });
    return { chain, hash, balance };
  }

  /** Once its block is mined: what the attempt took (0n if it reverted, e.g. behind the keeper's fix). */
  async settle(attempt: SubmittedAttempt): Promise<bigint> {
    const { chain, hash, balance } = attempt;
    const receipt = await chain.client.getTransactionReceipt({ hash });
    if (receipt.status !== 'success') return 0n;
    const block = await chain.client.getBlock({ blockNumber: receipt.blockNumber });
    this.stolen.set(chain.name, (this.stolen.get(chain.name) ?? 0n) + balance);
    this.thefts.push({
      chain: chain.name,
      wei: balance,
      txHash: hash,
      blockNumber: receipt.blockNumber,
      timestamp: block.timestamp,
    });
    return balance;
  }
}
