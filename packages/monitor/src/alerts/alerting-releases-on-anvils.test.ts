/**
 * The release alerts from the real Monitor and alert engine on real anvils (ethereum as the hub,
 * arbitrum): upgrades of the example vault run through the council, the timelock, the hub, the
 * guardian relay and each receiver with core's functions, and the test withholds one step (an
 * execution, a delivery, a council rotation) past its deadline, then takes it.
 */
import type { Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Proposal } from '../model.js';
import { DEPLOY_TIMEOUT } from '../test-devnet.js';
import { type AnvilAlerting, startAnvilAlerting } from './anvil-alerting.fixture.js';

const DAY = 86_400;
let harness: AnvilAlerting;

beforeAll(async () => {
  harness = await startAnvilAlerting({
    monitor: {
      // The default activation grace (one block time of each chain); chain time jumps by hand, so no halts.
      monitors: [{ name: 'release', thresholds: { haltSeconds: 600 }, triggers: ['screen'] }],
      triggers: { screen: { type: 'terminal' } },
    },
  });
  expect(await harness.poll()).toEqual([]);
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await harness?.stop();
});

const proposalOf = (id: string): Proposal => {
  const proposal = harness.monitor.current().proposals.find((p) => p.id === id);
  if (!proposal) throw new Error(`the monitor does not show proposal ${id}`);
  return proposal;
};

/** Approves and schedules a proposal, waits out its timelock and executes it. */
async function runThroughTimelock(id: Hex): Promise<void> {
  const { devnet } = harness;
  await devnet.approve(id, [1, 2, 3, 4, 5, 6]);
  await devnet.schedule(id);
  await harness.tick(1);
  await harness.poll();
  const { readyAt } = proposalOf(id);
  if (readyAt === undefined) throw new Error(`the monitor shows no timelock for ${id}`);
  await harness.tickTo(readyAt + 1);
  await devnet.execute(id);
  await harness.tick(1);
}

/** Proposes an upgrade and runs it through the timelock: the hub dispatches it to both chains. */
async function dispatchUpgrade(label: string): Promise<Proposal> {
  const id = await harness.devnet.propose(label);
  await runThroughTimelock(id);
  expect(await harness.poll()).toEqual([]);
  const proposal = proposalOf(id);
  expect(proposal.chains.map((c) => [c.chain, c.stage])).toEqual([
    ['ethereum', 'dispatched'],
    ['arbitrum', 'dispatched'],
  ]);
  return proposal;
}

describe('release alerts from the real monitor on anvils', () => {
  it('a chain not executed one block time after the activation misses it, once; executing clears it', async () => {
    const { id, activationTime } = await dispatchUpgrade('VaultV2');
    if (activationTime === undefined) throw new Error('a dispatched upgrade has an activation time');
    expect(await harness.devnet.relay()).toBe(2);
    await harness.tick(1);
    expect(await harness.poll()).toEqual([]);
    const missed = (chain: string) => `activation-missed:${id}:${chain}`;

    // At the activation time both chains may still execute in their next block: no alert (with no grace, two).
    await harness.tickTo(activationTime);
    expect(await harness.poll()).toEqual([]);
    // arbitrum's block time (0.25 s) is over, ethereum's (12 s) is not.
    await harness.tickTo(activationTime + 1);
    expect(await harness.poll()).toEqual([`fired ${missed('arbitrum')}`]);
    await harness.tickTo(activationTime + 11);
    expect(await harness.poll()).toEqual([]);
    await harness.tickTo(activationTime + 12);
    expect(await harness.poll()).toEqual([`fired ${missed('ethereum')}`]);
    expect(harness.lines.at(-1)).toMatch(
      /FIRED {3}warning activation-missed ethereum: .*12 s after its activation time/,
    );
    await harness.tick(30);
    expect(await harness.poll()).toEqual([]);

    expect(await harness.devnet.executeReady(['arbitrum'])).toBe(1);
    await harness.tick(1);
    expect(await harness.poll()).toEqual([`cleared ${missed('arbitrum')}`]);
    expect(await harness.devnet.executeReady(['ethereum'])).toBe(1);
    await harness.tick(1);
    expect(await harness.poll()).toEqual([`cleared ${missed('ethereum')}`]);
    await harness.tick(1);
    expect(await harness.poll()).toEqual([]);
  });

  it('a message not delivered within its margin is late on each chain, once; delivering it clears it', async () => {
    const proposal = await dispatchUpgrade('VaultV2, again');
    const dispatchedAt = proposal.chains[0]?.history.find((e) => e.stage === 'dispatched')?.at;
    const margin = proposal.deliveryMargin;
    if (dispatchedAt === undefined || margin === undefined) throw new Error('a dispatched upgrade has a margin');
    const late = ['ethereum', 'arbitrum'].map((chain) => `delivery-late:${proposal.id}:${chain}`);

    // The relayer stays away.
    await harness.tickTo(dispatchedAt + margin - 1);
    expect(await harness.poll()).toEqual([]);
    await harness.tickTo(dispatchedAt + margin);
    expect(await harness.poll()).toEqual(late.map((key) => `fired ${key}`));
    await harness.tick(60);
    expect(await harness.poll()).toEqual([]);

    expect(await harness.devnet.relay()).toBe(2);
    await harness.tick(1);
    expect(await harness.poll()).toEqual(late.map((key) => `cleared ${key}`));
    await harness.tick(1);
    expect(await harness.poll()).toEqual([]);

    // Delivered late, the upgrade runs a minimum delay after delivery: run it, so nothing is left pending.
    await harness.tick(2 * 3600);
    expect(await harness.devnet.executeReady()).toBe(2);
    await harness.tick(1);
    expect(await harness.poll()).toEqual([]);
    expect(proposalOf(proposal.id).chains.map((c) => c.stage)).toEqual(['executed', 'executed']);
  });

  it('council seats whose term ends within the warning window warn once; a rotation extending them clears it', async () => {
    const hub = harness.monitor.current().chains.find((c) => c.chain === 'ethereum');
    const ends = hub?.councilTermEnds ?? [];
    const earliest = Math.min(...ends);
    const key = `council-term-ending:ethereum:${earliest}`;
    await harness.tickTo(earliest - 30 * DAY - 1);
    expect(await harness.poll()).toEqual([]);
    await harness.tickTo(earliest - 30 * DAY);
    expect(await harness.poll()).toEqual([`fired ${key}`]);
    expect(harness.lines.at(-1)).toMatch(
      /FIRED +info council-term-ending ethereum: 3 council seat\(s\) on ethereum: the term ends in 30 day/,
    );
    await harness.tick(DAY);
    expect(await harness.poll()).toEqual([]);

    // The council re-seats its members with the first cohort's terms a year longer, through the timelock.
    const id = await harness.devnet.proposeRotation(ends.map((end) => (end === earliest ? end + 365 * DAY : end)));
    await runThroughTimelock(id);
    expect(await harness.poll()).toEqual([`cleared ${key}`]);
    await harness.tick(1);
    expect(await harness.poll()).toEqual([]);
  });
});
