/**
 * The clock's part of a sequencer outage, against real anvil chains: while a chain is halted the
 * other runs on; a block forced through L1 is mined on the halted chain stamped at its time and the
 * chain stays halted (a transaction sent then is not mined); the first block after the outage
 * carries what waited and its timestamp jumps over the outage from its parent's.
 */
import { createWalletClient, http, parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAccount } from '../setup/keys.js';
import { fundActors, type StartChainsReturnType, startChains } from './start-chains.js';
import { VirtualClock } from './virtual-clock.js';

/** The deployer (funded by anvil) and the first council member (funded by `fundActors`). */
const FUNDED = [0, 1] as const;

let started: StartChainsReturnType;

beforeAll(async () => {
  started = await startChains([
    { name: 'hub', chainId: 1, blockTime: 12, role: 'hub', finalityDepth: 0 },
    { name: 'l2', chainId: 10, blockTime: 2, role: 'satellite', finalityDepth: 0 },
  ]);
  await Promise.all(started.chains.map(fundActors));
}, 60_000);

afterAll(async () => {
  await started?.stop();
});

describe('VirtualClock: forced blocks on a halted chain', () => {
  it('mines a forced block at its time on a halted chain, keeps it halted, and resumes with a jump', async () => {
    const [hub, l2] = started.chains as [
      StartChainsReturnType['chains'][number],
      StartChainsReturnType['chains'][number],
    ];
    const clock = new VirtualClock(started.chains);
    await clock.align();
    const stamp = (t: number) => BigInt(clock.origin + t);
    const wallet = (index: number) => createWalletClient({ account: testAccount(index), transport: http(l2.rpcUrl) });

    await clock.advanceTo(10);
    await clock.halt(l2);
    const before = await l2.client.getBlock({ blockTag: 'latest' });
    await clock.advanceTo(1000);
    // The hub ran on; the halted chain made no block.
    expect((await hub.client.getBlock({ blockTag: 'latest' })).timestamp).toBe(stamp(996));
    expect((await l2.client.getBlock({ blockTag: 'latest' })).number).toBe(before.number);

    // Forced: one block at 1000 with exactly the forced transaction.
    let forcedHash: `0x${string}` | undefined;
    const at = await clock.forceBlock(l2, 1000, async () => {
      forcedHash = await wallet(FUNDED[0]).sendTransaction({
        chain: null,
        to: wallet(FUNDED[1]).account.address,
        value: 1n,
      });
    });
    expect(at).toBe(1000);
    const forced = await l2.client.getBlock({ blockTag: 'latest' });
    expect(forced.number).toBe(before.number + 1n);
    expect(forced.timestamp).toBe(stamp(1000));
    expect(forced.transactions).toEqual([forcedHash]);

    // Still halted: what is sent now waits.
    const waiting = await wallet(FUNDED[1]).sendTransaction({
      chain: null,
      to: wallet(FUNDED[0]).account.address,
      value: parseEther('0.001'),
    });
    await clock.advanceTo(5000);
    expect((await l2.client.getBlock({ blockTag: 'latest' })).number).toBe(forced.number);
    expect(clock.isHalted('l2')).toBe(true);

    // Back: one block at 5000 with what waited, 4000 s after its parent; then the chain's cadence.
    const back = await clock.resume(l2);
    const first = await l2.client.getBlock({ blockTag: 'latest' });
    expect(back).toBe(5000);
    expect(first.timestamp - forced.timestamp).toBe(4000n);
    expect(first.transactions).toEqual([waiting]);
    await clock.advanceTo(5004);
    expect((await l2.client.getBlock({ blockTag: 'latest' })).timestamp).toBe(stamp(5004));
  }, 120_000);

  it('refuses to force a block on a running chain', async () => {
    const [, l2] = started.chains as [unknown, StartChainsReturnType['chains'][number]];
    const clock = new VirtualClock(started.chains);
    await expect(clock.forceBlock(l2, 0, async () => {})).rejects.toThrow(
      /running: a forced block is for a halted chain/,
    );
  });
});
