/**
 * The rounds a drill carries: one proposal for the whole upgrade, or one per wave of a staged
 * rollout (approved together, each dispatched only after the previous wave's health check). A
 * failed health check stops the rollout: the council cancels the remaining waves.
 */
import { scanDispatched } from '@lockstep/core/relay';
import { type Address, getAddress } from 'viem';
import { selectChains } from '../../scenario/schema.js';
import type { HealthReport, RoundReport } from '../../types.js';
import {
  type ChainState,
  codehashOf,
  type DrillContext,
  phaseName,
  type Round,
  registeredImplementation,
  stateOf,
} from '../drill-context.js';
import { advanceTo, catchUp, onEvent } from '../faults/timeline.js';
import { proposedImplementations } from '../vault.js';
import { cancelProposal as cancelOnCouncil, dispatch, proposeAndApprove } from './council.js';
import { executeRound } from './execute/execute-round.js';
import { checkHealth } from './health.js';
import { waitForHubToDispatch } from './hub-halt.js';
import { relayRound } from './relay/relay-round.js';

/**
 * Proposes one round (its implementation per chain) and collects the council's approvals. Each
 * action names the implementation its proxy must run when it executes: `replacing` where the
 * caller knows it (a rollback replaces the faulty release), else the registry's current record.
 */
export async function approveRound(
  ctx: DrillContext,
  spec: { label: string; kind: RoundReport['kind'] },
  names: readonly string[],
  implementations: ReadonlyMap<string, Address>,
  replacing: ReadonlyMap<string, Address> = new Map(),
): Promise<Round> {
  const { chains, hubChain, scenario, seed, states, addresses: a } = ctx;
  const rpcByChainId = Object.fromEntries(chains.map((chain) => [chain.chainId, chain.rpcUrl]));
  const roundStates = names.map((name) => stateOf(states, name));
  // The receiver refuses an upgrade whose proxy runs anything else by then (superseded or stale).
  const actions = await Promise.all(
    roundStates.map(async (state) => ({
      chainId: state.chain.chainId,
      proxy: state.proxy,
      previousImplementation:
        replacing.get(state.chain.name) ?? (await registeredImplementation(state.chain, a.receiver, state.proxy)),
      implementation: implementations.get(state.chain.name) ?? a.vaultV2,
    })),
  );
  const proposal = await proposeAndApprove({
    hubRpcUrl: hubChain.rpcUrl,
    council: a.council,
    actions,
    rpcUrls: rpcByChainId,
    threshold: scenario.council.threshold,
    label: `${scenario.name}#${seed}/${spec.label}`,
  });
  await catchUp(ctx);
  const round: Round = {
    ...spec,
    states: roundStates,
    proposal,
    report: {
      ...spec,
      proposalId: proposal.proposalId,
      chains: [...names],
      dispatchedAt: null,
      activationAt: null,
      cancelled: false,
      health: [],
    },
  };
  ctx.rounds.push(round);
  return round;
}

/**
 * The `propose+approve` phase: the implementation per target chain, the audited codehashes, and
 * one approved round for the upgrade (or one per wave). Returns the implementations.
 */
export async function proposeRounds(ctx: DrillContext): Promise<Map<string, Address>> {
  const { chains, recorder, scenario, states, adopted, audited, addresses: a } = ctx;
  const targetNames = selectChains(
    scenario.proposal.chains,
    chains.map((chain) => chain.name),
  );
  const waves = scenario.proposal.waves ?? [targetNames];
  const staged = waves.length > 1;
  return recorder.phase('propose+approve', async () => {
    const built = await proposedImplementations(
      scenario,
      targetNames.map((name) => stateOf(states, name).chain),
      { VaultV2: a.vaultV2 },
      a.factory,
    );
    // Adopted proxies go to the team's own release, deployed on that chain.
    for (const name of targetNames) {
      const upgradeTo = ctx.own?.releases.get(name) ?? stateOf(states, name).chain.fork?.proxy?.upgradeTo;
      if (!upgradeTo) continue;
      built.set(name, getAddress(upgradeTo));
      audited.add(await codehashOf(stateOf(states, name).chain, getAddress(upgradeTo)));
    }
    // What the auditors reviewed: the release as built (before any fault can touch it).
    const release = targetNames.find(
      (name) => !scenario.proposal.overrides?.some((o) => o.chain === name) && !adopted.has(name),
    );
    const releaseAt = release ? built.get(release) : undefined;
    if (release && releaseAt) audited.add(await codehashOf(stateOf(states, release).chain, releaseAt));
    for (const [i, wave] of waves.entries()) {
      await approveRound(
        ctx,
        staged ? { label: `wave ${i + 1}`, kind: 'wave' } : { label: 'upgrade', kind: 'upgrade' },
        wave,
        built,
      );
    }
    await onEvent(ctx, 'proposed');
    await onEvent(ctx, 'approved');
    await onEvent(ctx, 'scheduled');
    return built;
  });
}

/**
 * Carries every approved round in order, each followed by its health check; after a failed check
 * the remaining rounds are cancelled. Returns the failed health reports.
 */
export async function carryRounds(ctx: DrillContext): Promise<HealthReport[]> {
  const { clock, recorder, rounds } = ctx;
  let stoppedBy: HealthReport | undefined;
  const failing: HealthReport[] = [];
  for (const round of rounds) {
    if (stoppedBy) {
      await cancelRound(ctx, round);
      continue;
    }
    await carryRound(ctx, round);
    const health = await healthCheck(ctx, round);
    const unhealthy = health.filter((h) => !h.healthy);
    failing.push(...unhealthy);
    if (unhealthy.length > 0) stoppedBy = unhealthy[0];
  }
  if (stoppedBy && rounds.some((round) => round.report.cancelled)) {
    recorder.alert(
      'rollout-stopped',
      stoppedBy.chain,
      clock.now,
      `the rollout stopped after ${stoppedBy.chain} failed its health check: ${rounds
        .filter((round) => round.report.cancelled)
        .map((round) => round.label)
        .join(', ')} cancelled`,
    );
  }
  return failing;
}

/** The defenders' post-upgrade health check on every chain the round upgraded. */
export async function healthCheck(ctx: DrillContext, round: Round): Promise<HealthReport[]> {
  const { clock, recorder, addresses: a } = ctx;
  return recorder.phase(phaseName('health check', round), async () => {
    const executed = round.states.filter((state) => state.executed && !state.cancelled && state.action);
    const health = await Promise.all(
      executed.map((state) =>
        checkHealth({
          chain: state.chain,
          proxy: state.proxy,
          vaultProbes: state.vault,
          ...(ctx.own ? { own: ctx.own.system } : {}),
          expected: {
            implementation: state.action?.implementation ?? a.vaultV2,
            codehash: state.action?.codehash ?? '0x',
          },
          at: clock.now,
        }),
      ),
    );
    round.report.health = health;
    for (const h of health.filter((x) => !x.healthy)) {
      // The condition began with the execution that installed the unhealthy code.
      const executedAt = executed.find((state) => state.chain.name === h.chain)?.executed?.timestamp;
      const since = executedAt === undefined ? undefined : Number(executedAt) - clock.origin;
      recorder.alert(
        'health-check-failed',
        h.chain,
        h.at,
        `${h.chain} after ${round.label}: ${h.problems.join('; ')}`,
        since,
      );
    }
    return health;
  });
}

/** A wave after a failed health check: the council cancels its proposal so nobody can dispatch it. */
async function cancelRound(ctx: DrillContext, round: Round) {
  const { clock, recorder, hubChain, scenario, addresses: a } = ctx;
  await recorder.phase(phaseName('cancel', round), async () => {
    await cancelOnCouncil({
      hubRpcUrl: hubChain.rpcUrl,
      council: a.council,
      proposalId: round.proposal.proposalId,
      threshold: scenario.council.emergencyThreshold,
    });
    await catchUp(ctx);
    round.report.cancelled = true;
    for (const state of round.states) {
      recorder.mark({ at: clock.now, chain: state.chain.name, kind: 'alert', label: `${round.label} cancelled` });
    }
  });
}

/** One round from the timelock to the last execution: dispatch, relay, keeper at the activation time. */
export async function carryRound(ctx: DrillContext, round: Round) {
  const { clock, recorder, hubChain, addresses: a } = ctx;
  for (const state of round.states) {
    Object.assign(state, {
      message: undefined,
      action: round.proposal.actions.find((action) => action.chainId === state.chain.chainId),
      queuedAt: undefined,
      executableAt: undefined,
      deliveredVia: undefined,
      fallbackDelaySeconds: undefined,
      executed: undefined,
      failures: 0,
      nextAttemptAt: undefined,
      cancelled: false,
      expiredOnArrival: undefined,
      notOnHub: undefined,
      done: false,
    } satisfies Partial<ChainState>);
  }
  const dispatched = await recorder.phase(phaseName('timelock', round), async () => {
    const readyAt = Number(round.proposal.readyAt) - clock.origin;
    if (clock.now < readyAt) await advanceTo(ctx, clock.boundaryAtOrAfter(hubChain, readyAt));
    await waitForHubToDispatch(ctx, readyAt); // a halted hub dispatches nothing until it resumes
    const result = await dispatch(hubChain.rpcUrl, a.council, round.proposal.proposalId);
    await catchUp(ctx);
    const receipt = await hubChain.client.getTransactionReceipt({ hash: result.hash });
    const { messages } = await scanDispatched({
      client: hubChain.client,
      hub: a.hub,
      fromBlock: receipt.blockNumber,
      toBlock: receipt.blockNumber,
    });
    for (const message of messages) {
      const state = round.states.find((s) => s.chain.chainId === message.chainId);
      if (state) state.message = message;
    }
    await onEvent(ctx, 'dispatched');
    return { blockNumber: receipt.blockNumber, activation: result.messages[0]?.activationTime ?? 0 };
  });
  round.dispatchedBlock = dispatched.blockNumber;
  const dispatchedAt = clock.now;
  const activation = dispatched.activation - clock.origin;
  round.report.dispatchedAt = dispatchedAt;
  round.report.activationAt = activation;
  await relayRound(ctx, round, dispatchedAt, activation);
  await executeRound(ctx, round, activation);
}
