/**
 * The attacker: once the fix is public (the first chain runs it), it tries the example vault's V1
 * exploit (`sweep`, callable by anyone in V1) on every chain at every block it gets, as someone
 * watching the chains and the mempool would. Its take per chain is what the drill reports as
 * `fundsLost`. In the drill's model the keeper's pre-signed execution is first in its block; the
 * attacker gets every block after (and the first block after a halt, where it outbids everyone).
 */
import { vaultV1Abi } from '@lockstep/client';
import { type Address, createWalletClient, http } from 'viem';
import type { DrillChain } from '../chains/start-chains.js';
import { KEY_INDEX, testAccount } from '../setup/keys.js';

export type AttackAttempt = { chain: string; stolen: bigint };

export class Attacker {
  readonly address: Address;
  /** Wei taken per chain. */
  readonly stolen = new Map<string, bigint>();
  private readonly vault: Address;
  active = false;

  constructor(vault: Address) {
    this.vault = vault;
    this.address = testAccount(KEY_INDEX.attacker).address;
  }

  /** Tries the exploit on `chain` (a no-op until `active`). Returns what it took, 0n if it failed. */
  async tryExploit(chain: DrillChain): Promise<bigint> {
    if (!this.active) return 0n;
    const balance = await chain.client.getBalance({ address: this.vault });
    if (balance === 0n) return 0n;
    const wallet = createWalletClient({ account: testAccount(KEY_INDEX.attacker), transport: http(chain.rpcUrl) });
    try {
      const { request } = await chain.client.simulateContract({
        account: wallet.account,
        address: this.vault,
        abi: vaultV1Abi,
        functionName: 'sweep',
        args: [this.address],
      });
      const hash = await wallet.writeContract({ ...request, chain: null });
      const receipt = await chain.client.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') return 0n;
    } catch {
      return 0n; // patched (onlyOwner) or paused: the exploit fails
    }
    this.stolen.set(chain.name, (this.stolen.get(chain.name) ?? 0n) + balance);
    return balance;
  }

  /** Tries every chain that is producing blocks. */
  async round(chains: readonly DrillChain[], running: (chain: DrillChain) => boolean): Promise<AttackAttempt[]> {
    const results = await Promise.all(
      chains.filter(running).map(async (chain) => ({ chain: chain.name, stolen: await this.tryExploit(chain) })),
    );
    return results.filter((result) => result.stolen > 0n);
  }
}
