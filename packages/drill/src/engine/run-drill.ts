/**
 * `runDrill`: one crisis drill, end to end, on real anvil chains under one virtual clock. It starts
 * the chains, provisions Lockstep, lets a depositor fund the example vault (V1, vulnerable) on
 * every chain, and runs the real flow through the library: council → timelock → hub → guardian
 * nodes → relayer → receivers → keeper at the one activation time → codehash check. Faults from
 * the scenario are injected at their triggers; an attacker tries V1's exploit once the fix is
 * public. Returns the report (the caller writes it).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploymentRegistryAbi, guardianAdapterAbi, upgradeReceiverAbi } from '@lockstep/client';
import { getDeliveryStatus } from '@lockstep/core/ack';
import type { ChainAction } from '@lockstep/core/council';
import { describeApproval, signApproval, submitApprovals } from '@lockstep/core/council';
import type { DeploymentAddresses } from '@lockstep/core/deploy';
import { executeEmergency, getPausedStates, proposeEmergency } from '@lockstep/core/emergency';
import { QuorumNotMetError } from '@lockstep/core/errors';
import { type ExecutionReport, executeReady } from '@lockstep/core/executor';
import { ratifyWithFallback } from '@lockstep/core/fallback';
import {
  createRelayer,
  httpAttestationSource,
  type OutboxMessage,
  type RelayerEvent,
  readMessageState,
  scanDispatched,
} from '@lockstep/core/relay';
import { type Address, createWalletClient, encodeFunctionData, getAddress, type Hex, http, keccak256 } from 'viem';
import { Attacker } from '../actors/attacker.js';
import { type GuardianMode, GuardianPool } from '../actors/guardians.js';
import { killRelayer, spawnRelayer, stopRelayer, writeRelayerDeployment } from '../actors/relayer-process.js';
import { provisionChains } from '../chains/provision.js';
import { type DrillChain, fundActors, startChains } from '../chains/start-chains.js';
import { VirtualClock } from '../chains/virtual-clock.js';
import { formatEth, formatVirtualTime } from '../report/format.js';
import { selectChains } from '../scenario/schema.js';
import { drillConfig, drillConfigInput } from '../setup/drill-config.js';
import { councilIndex, guardianIndex, KEY_INDEX, rotatedGuardianIndex, testAccount } from '../setup/keys.js';
import { shuffled } from '../setup/seeded.js';
import type { ChainReport, DrillReport, Fault, FlowEvent, HealthReport, RoundReport, Scenario } from '../types.js';
import { adoptForkedProxy } from './adopt-proxy.js';
import {
  cancelProposal as cancelOnCouncil,
  dispatch,
  type ProposeAndApproveReturnType,
  proposeAndApprove,
} from './council-flow.js';
import { evaluateExpectations } from './expectations.js';
import { rotateEverywhere } from './guardian-rotation.js';
import { checkHealth } from './health-check.js';
import { type DrillProgress, Recorder } from './recorder.js';
import { deposit, implementationOf, proposedImplementations } from './vault.js';

/** How long (virtual) a destination may stay without the message before an alert fires. */
const ACK_TIMEOUT_SECONDS = 300;
/**
 * How long (virtual) the guardian bridge may stay below quorum before the fallback council ratifies:
 * well inside the delivery margin, so late ratifications do not delay activation.
 */
const FALLBACK_AFTER_SECONDS = 600;
/** Emergency drills: the live exploit reaches one more chain every this many (virtual) seconds. */
const EXPLOIT_SPREAD_SECONDS = 120;
/** How long (virtual) the drill waits for deliveries or executions before giving up. */
const HORIZON_SECONDS = 4 * 24 * 3600;

export type RunDrillParameters = {
  scenario: Scenario;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Leave the chains running (their URLs are in the report). */
  keep?: boolean;
  /** Guardians as OS processes (`process`) or in this process. Default `in-process`. */
  guardianMode?: GuardianMode;
  /** Skip the deployed-state cache. */
  noCache?: boolean;
  /** Where deployed chain states are cached. Default `.lockstep/drill-cache`. */
  cacheDir?: string;
  onProgress?: (progress: DrillProgress) => void;
};

export type RunDrillReturnType = {
  report: DrillReport;
  /** Stops kept chains (no-op otherwise). */
  stop(): Promise<void>;
  /** Wall-clock relay latency per chain: hub finality to delivery receipt, in ms and destination blocks. */
  relayLatency: { chain: string; wallMs: number; blocks: number }[];
};

type ChainState = {
  chain: DrillChain;
  message?: OutboxMessage;
  action?: ChainAction;
  /** The proxy the drill upgrades here: the example vault, or the chain's own (forked) proxy. */
  proxy: Address;
  /** Whether `proxy` is the example vault (deposits, attacker and vault health probes apply). */
  vault: boolean;
  implementationBefore: Address;
  /** The codehash of `implementationBefore` when the drill started (what a rollback must restore). */
  codehashBefore: Hex;
  queuedAt?: number;
  /** Virtual time the receiver lets it execute (late deliveries wait the receiver's minimum delay). */
  executableAt?: number;
  executed?: { block: bigint; timestamp: bigint };
  /** Set by a fault: the bridge lost this chain's message. */
  dropped: boolean;
  /** Set by a fault: the first execution here runs out of gas. */
  revertNext: boolean;
  /** Failed executions so far, and the virtual time of the next attempt (backoff). */
  failures: number;
  nextAttemptAt?: number;
  /** The chain guardian cancelled the message here (it must never execute). */
  cancelled: boolean;
  done: boolean;
};

/** One proposal the drill carries: a wave, the whole upgrade, or a rollback. */
type Round = {
  label: string;
  kind: RoundReport['kind'];
  states: ChainState[];
  proposal: ProposeAndApproveReturnType;
  /** The hub block that dispatched it (the relayer scans from there). */
  dispatchedBlock?: bigint;
  report: RoundReport;
};

/** A phase's name in a round: `relay` for the first (or only) round, `relay (wave 2)` after. */
function phaseName(phase: string, round: Round): string {
  return round.kind === 'upgrade' || round.label === 'wave 1' ? phase : `${phase} (${round.label})`;
}

async function codehashOf(chain: DrillChain, address: Address): Promise<Hex> {
  const code = await chain.client.getCode({ address });
  return code ? keccak256(code) : '0x';
}

export async function runDrill(parameters: RunDrillParameters): Promise<RunDrillReturnType> {
  const { scenario } = parameters;
  const seed = parameters.seed ?? scenario.seed;
  const startedAt = new Date();
  const wallStart = performance.now();
  const recorder = new Recorder(parameters.onProgress);
  const config = drillConfig(scenario);
  const workDir = await mkdtemp(join(tmpdir(), 'lockstep-drill-'));
  const configFile = join(workDir, 'lockstep.config.json');
  await writeFile(configFile, JSON.stringify(drillConfigInput(scenario)));

  const started = await recorder.phase('anvil start', () => startChains(scenario.chains));
  const chains = started.chains;
  const hubChain = hubOf(chains);
  const clock = new VirtualClock(chains);
  let guardians: GuardianPool | undefined;
  /** The set a `rotate-guardians` fault installs (in-process nodes). */
  let rotatedGuardians: GuardianPool | undefined;
  const relayLatency: RunDrillReturnType['relayLatency'] = [];

  const cleanup = async () => {
    await guardians?.stopAll();
    await rotatedGuardians?.stopAll();
    await rm(workDir, { recursive: true, force: true });
  };

  try {
    // ─── deploy ────────────────────────────────────────────────────────────────────────────
    const addresses = await recorder.phase(
      'deploy',
      async () => {
        const provisioned = await provisionChains({
          config,
          chains,
          exampleVaultImplementation: scenario.baseline,
          openBootstrap: chains.filter((chain) => chain.fork?.proxy).map((chain) => chain.name),
          ...(parameters.noCache ? { noCache: true } : {}),
          ...(parameters.cacheDir ? { cacheDir: parameters.cacheDir } : {}),
        });
        await fundActors(chains);
        await clock.align();
        return provisioned;
      },
      (p) =>
        Object.entries(p.sources)
          .map(([chain, source]) => `${chain}: ${source}`)
          .join(', '),
    );
    const a = required(addresses.addresses);
    recorder.event('start', 0);

    // Forked chains with the team's own proxy: it is handed to the drill's receiver (impersonating its owner).
    const adopted = new Map<string, Address>();
    for (const chain of chains) {
      const proxy = chain.fork?.proxy;
      if (!proxy) continue;
      const adoption = await adoptForkedProxy({ chain, receiver: a.receiver, proxy });
      adopted.set(chain.name, getAddress(proxy.address));
      recorder.note(
        `${chain.name}: ${proxy.address} (${proxy.kind}) adopted — ${adoption.previousOwner} impersonated, upgrade right handed to the receiver`,
      );
    }
    /** The proxy a chain's upgrade targets: its own (forked) proxy, or the example vault. */
    const proxyOf = (chain: DrillChain): Address => adopted.get(chain.name) ?? a.vault;

    const states = new Map<string, ChainState>();
    await Promise.all(
      chains.map(async (chain) => {
        const proxy = proxyOf(chain);
        const implementationBefore = await implementationOf(chain, proxy);
        states.set(chain.name, {
          chain,
          proxy,
          vault: !adopted.has(chain.name),
          implementationBefore,
          codehashBefore: await codehashOf(chain, implementationBefore),
          dropped: false,
          revertNext: false,
          failures: 0,
          cancelled: false,
          done: false,
        });
        if (!adopted.has(chain.name)) await deposit(chain, a.vault, BigInt(scenario.attacker.depositWei));
      }),
    );
    /** Codehashes the defenders accept at queue time: the audited release, and a rollback's previous verified build. */
    const audited = new Set<Hex>();
    const fundsAtRisk = BigInt(scenario.attacker.depositWei);
    const attacker = new Attacker(a.vault);
    const attackerOn = scenario.attacker.enabled;
    recorder.event('deployed', clock.now);

    guardians = new GuardianPool({
      mode: parameters.guardianMode ?? 'in-process',
      config,
      configFile,
      hubRpcUrl: hubChain.rpcUrl,
      addresses: { hub: a.hub, guardianAdapter: a.guardianAdapter },
      count: scenario.guardians.size,
      storeDir: join(workDir, 'guardians'),
    });
    const pool = guardians;
    await recorder.phase('guardians start', () => pool.startAll());

    /**
     * A relayer over the drill's guardian nodes, scanning the hub from `fromBlock`. `to`: only these
     * destinations (the others are unreachable: dropped, halted). `acknowledge`: it marks each
     * delivery on the hub with the reporter key, where a monitor sees it.
     */
    const relayerFor = (options: {
      fromBlock: bigint;
      to?: readonly ChainState[];
      acknowledge: boolean;
      onEvent?: (event: RelayerEvent) => void;
    }) =>
      createRelayer({
        config: options.to
          ? {
              networks: config.networks.filter(
                (n) => n.role === 'hub' || options.to?.some((s) => s.chain.name === n.name),
              ),
            }
          : config,
        account: testAccount(KEY_INDEX.relayer),
        rpcUrls: Object.fromEntries(chains.map((chain) => [chain.name, chain.rpcUrl])),
        source: httpAttestationSource(guardianUrls(), { timeoutMs: 2000 }),
        addresses: { hub: a.hub, receiver: a.receiver, guardianAdapter: a.guardianAdapter },
        fromBlock: options.fromBlock,
        retry: { attempts: 2, baseDelayMs: 50 },
        ...(options.acknowledge ? { reporter: testAccount(KEY_INDEX.reporter) } : {}),
        onEvent: (event) => {
          if (event.type === 'delivered') deliveredUnderSet.set(event.chainId, event.guardianSetIndex);
          options.onEvent?.(event);
        },
      });
    /** Every guardian node's URL: the deployed set's and, after a rotation, the new set's. */
    const guardianUrls = () => [...pool.urls, ...(rotatedGuardians?.urls ?? [])];
    /** In-process nodes scan the hub now (in step with the clock). */
    const pollGuardians = async () => {
      await pool.pollAll();
      await rotatedGuardians?.pollAll();
    };
    /** The guardian set each chain's last delivery was made under (from the relayer's events). */
    const deliveredUnderSet = new Map<number, number>();

    // ─── faults ────────────────────────────────────────────────────────────────────────────
    let crashRelayer = false;
    const pending: { fault: Fault; at: number }[] = [];
    const clearAt: { at: number; clear: () => Promise<void> }[] = [];
    /** Flow events seen so far: a fault triggers on its event's first occurrence (the first wave's). */
    const seen = new Set<FlowEvent>();
    const onEvent = async (event: FlowEvent, at = clock.now) => {
      recorder.event(event, at);
      if (!seen.has(event)) {
        seen.add(event);
        for (const fault of scenario.faults.filter((f) => f.trigger.after === event)) {
          pending.push({ fault, at: at + fault.trigger.delaySeconds });
        }
      }
      await fireDue();
    };
    const fireDue = async () => {
      for (const item of pending.filter((p) => p.at <= clock.now)) {
        pending.splice(pending.indexOf(item), 1);
        await inject(item.fault);
      }
      for (const item of clearAt.filter((c) => c.at <= clock.now)) {
        clearAt.splice(clearAt.indexOf(item), 1);
        await item.clear();
      }
    };
    /** Advances the clock to `to`, stopping at every fault trigger and clearance on the way. */
    const advanceTo = async (to: number) => {
      for (;;) {
        const stops = [...pending.map((p) => p.at), ...clearAt.map((c) => c.at)].filter(
          (t) => t > clock.now && t <= to,
        );
        const next = stops.length > 0 ? Math.min(...stops) : to;
        await clock.advanceTo(next);
        await fireDue();
        if (next >= to) return;
      }
    };
    const inject = async (fault: Fault) => {
      switch (fault.kind) {
        case 'drop-message': {
          const state = stateOf(states, fault.target);
          state.dropped = true;
          recorder.fault('drop-message', fault.target, clock.now, `the bridge loses the message to ${fault.target}`);
          return;
        }
        case 'halt-chain': {
          const state = stateOf(states, fault.target);
          await clock.halt(state.chain);
          const report = recorder.fault(
            'halt-chain',
            fault.target,
            clock.now,
            `${fault.target} stops producing blocks for ${fault.durationSeconds} s`,
          );
          recorder.alert(
            'chain-halted',
            fault.target,
            clock.now,
            `${fault.target} produced no block since ${formatVirtualTime(clock.now)}`,
          );
          clearAt.push({
            at: clock.now + fault.durationSeconds,
            clear: async () => {
              // The first block after the halt: whoever outbids gets in first (the attacker does).
              await clock.resume(state.chain);
              recorder.clear(report, clock.now);
              if (attackerOn) await exploit([state.chain]);
            },
          });
          return;
        }
        case 'kill-guardians': {
          const killed = await pool.kill(fault.count);
          const report = recorder.fault(
            'kill-guardians',
            'all',
            clock.now,
            `${killed.length} guardians stopped (${pool.running} of ${scenario.guardians.size} left, quorum ${scenario.guardians.quorum})`,
          );
          if (fault.durationSeconds !== undefined) {
            clearAt.push({
              at: clock.now + fault.durationSeconds,
              clear: async () => {
                await pool.restartAll();
                recorder.clear(report, clock.now);
              },
            });
          }
          return;
        }
        case 'rotate-guardians': {
          await rotateGuardians();
          return;
        }
        case 'crash-relayer': {
          crashRelayer = true;
          return;
        }
        case 'revert-execution': {
          stateOf(states, fault.target).revertNext = true;
          recorder.fault(
            'revert-execution',
            fault.target,
            clock.now,
            `the first execution on ${fault.target} runs out of gas`,
          );
          return;
        }
        case 'mutate-implementation': {
          const state = stateOf(states, fault.target);
          const implementation = state.action?.implementation ?? a.vaultV2;
          const v1Code = await state.chain.client.getCode({ address: a.vaultV1 });
          await state.chain.client.setCode({ address: implementation, bytecode: v1Code ?? '0x' });
          recorder.fault(
            'mutate-implementation',
            fault.target,
            clock.now,
            `the code at ${implementation} on ${fault.target} changes after approval`,
          );
          return;
        }
        default: {
          const unknown: never = fault;
          throw new Error(`unknown fault ${JSON.stringify(unknown)}`);
        }
      }
    };

    /** Emergency drills: the live exploit reaches one more chain every EXPLOIT_SPREAD_SECONDS, in seed order. */
    const reachAt = new Map<string, number>();
    const exploit = async (targets: readonly DrillChain[]) => {
      const hits = await attacker.round(
        targets.filter((chain) => !adopted.has(chain.name)),
        (chain) => !clock.isHalted(chain.name) && (reachAt.get(chain.name) ?? 0) <= clock.now,
      );
      for (const hit of hits) {
        recorder.mark({
          at: clock.now,
          chain: hit.chain,
          kind: 'exploit',
          label: `drained ${formatEth(hit.stolen.toString())}`,
        });
      }
    };

    /**
     * One emergency action (pause or unpause of the vault on every chain): the emergency quorum
     * approves, the hub dispatches at once (no timelock), the guardians sign after finality, the
     * relayer delivers, and each receiver applies it on arrival. Returns when every chain has it.
     */
    const emergency = async (pause: boolean): Promise<number> => {
      const proposer = createWalletClient({ account: testAccount(councilIndex(0)), transport: http(hubChain.rpcUrl) });
      const proposed = await proposeEmergency(proposer, {
        council: a.council,
        pause,
        targets: chains.map((chain) => ({ chainId: chain.chainId, target: a.vault })),
      });
      const approvals = await Promise.all(
        Array.from({ length: scenario.council.emergencyThreshold }, async (_, i) => {
          const member = createWalletClient({
            account: testAccount(councilIndex(i)),
            transport: http(hubChain.rpcUrl),
          });
          const described = await describeApproval(member, { council: a.council, proposalId: proposed.actionId });
          return signApproval(member.account, described);
        }),
      );
      await submitApprovals(proposer, { council: a.council, proposalId: proposed.actionId, approvals });
      const executed = await executeEmergency(proposer, { council: a.council, actionId: proposed.actionId });
      const finalAt = clock.boundaryAtOrAfter(hubChain, clock.now + hubChain.finalityDepth * hubChain.blockTime);
      await advanceTo(finalAt);
      if (attackerOn) await exploit(chains);
      const pending = new Set(chains.map((chain) => chain.name));
      const deadline = clock.now + 3600;
      while (pending.size > 0 && clock.now <= deadline) {
        await pollGuardians();
        const relayer = relayerFor({ fromBlock: executed.blockNumber, acknowledge: false });
        await relayer.runOnce();
        const states = await getPausedStates({
          clients: Object.fromEntries(chains.map((chain) => [chain.chainId, chain.client])),
          targets: chains.map((chain) => ({ chainId: chain.chainId, target: a.vault })),
        });
        for (const chain of chains) {
          const paused = states.find((p) => p.chainId === chain.chainId)?.paused;
          if (pending.has(chain.name) && paused === pause) {
            pending.delete(chain.name);
            recorder.mark({ at: clock.now, chain: chain.name, kind: 'executed', label: pause ? 'paused' : 'unpaused' });
          }
        }
        if (pending.size === 0) break;
        await advanceTo(clock.now + hubChain.blockTime);
        if (attackerOn) await exploit(chains);
      }
      if (pending.size > 0) {
        recorder.alert(
          'emergency-incomplete',
          null,
          clock.now,
          `not ${pause ? 'paused' : 'unpaused'}: ${[...pending].join(', ')}`,
        );
      }
      return clock.now;
    };

    let detectedAt: number | undefined;
    let pausedAllAt: number | undefined;
    if (scenario.proposal.kind === 'emergency-pause') {
      pausedAllAt = await recorder.phase('emergency pause', async () => {
        // The exploit is live: it hits its first chain now and spreads to one more every few minutes.
        const order = shuffled(
          chains.map((chain) => chain.name),
          seed,
        );
        for (const [i, name] of order.entries()) reachAt.set(name, clock.now + i * EXPLOIT_SPREAD_SECONDS);
        attacker.active = true;
        if (attackerOn) await exploit(chains);
        detectedAt = clock.now;
        recorder.alert('exploit-detected', order[0] ?? null, clock.now, `funds are leaving the vault on ${order[0]}`);
        return emergency(true);
      });
    }

    // ─── rounds: the proposals the drill carries (one, a wave each, then maybe a rollback) ────
    const targetNames = selectChains(
      scenario.proposal.chains,
      chains.map((chain) => chain.name),
    );
    const rpcByChainId = Object.fromEntries(chains.map((chain) => [chain.chainId, chain.rpcUrl]));
    const waves = scenario.proposal.waves ?? [targetNames];
    const staged = waves.length > 1;
    const rounds: Round[] = [];

    /** Proposes one round (its implementation per chain) and collects the council's approvals. */
    const approveRound = async (
      spec: { label: string; kind: RoundReport['kind'] },
      names: readonly string[],
      implementations: ReadonlyMap<string, Address>,
    ): Promise<Round> => {
      const roundStates = names.map((name) => stateOf(states, name));
      const proposal = await proposeAndApprove({
        hubRpcUrl: hubChain.rpcUrl,
        council: a.council,
        actions: roundStates.map((state) => ({
          chainId: state.chain.chainId,
          proxy: state.proxy,
          implementation: implementations.get(state.chain.name) ?? a.vaultV2,
        })),
        rpcUrls: rpcByChainId,
        threshold: scenario.council.threshold,
        label: `${scenario.name}#${seed}/${spec.label}`,
      });
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
      rounds.push(round);
      return round;
    };

    const implementations = await recorder.phase('propose+approve', async () => {
      const built = await proposedImplementations(
        scenario,
        targetNames.map((name) => stateOf(states, name).chain),
        { VaultV2: a.vaultV2 },
        a.factory,
      );
      // Adopted proxies go to the team's own release, deployed on that chain.
      for (const name of targetNames) {
        const upgradeTo = stateOf(states, name).chain.fork?.proxy?.upgradeTo;
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
          staged ? { label: `wave ${i + 1}`, kind: 'wave' } : { label: 'upgrade', kind: 'upgrade' },
          wave,
          built,
        );
      }
      await onEvent('proposed');
      await onEvent('approved');
      await onEvent('scheduled');
      return built;
    });
    void implementations;

    let stoppedBy: HealthReport | undefined;
    const failing: HealthReport[] = [];
    for (const round of rounds) {
      if (stoppedBy) {
        await cancelRound(round);
        continue;
      }
      await carryRound(round);
      const health = await healthCheck(round);
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

    // ─── rollback ──────────────────────────────────────────────────────────────────────────
    let rollbackDetectedAt: number | undefined;
    let rollbackRecoveredAt: number | undefined;
    if (failing.length > 0 && scenario.response.onFailedHealthCheck === 'rollback') {
      rollbackDetectedAt = Math.min(...failing.map((h) => h.at));
      const rollback = await recorder.phase('propose+approve (rollback)', async () => {
        const previous = new Map<string, Address>();
        for (const { chain } of failing) {
          const state = stateOf(states, chain);
          const entry = await state.chain.client.readContract({
            address: a.registry,
            abi: deploymentRegistryAbi,
            functionName: 'entry',
            args: [state.proxy],
          });
          // The previous verified implementation: the registry's record, whose code must still be what ran before.
          const restored = entry.previousImplementation;
          const codehash = await codehashOf(state.chain, restored);
          if (
            restored.toLowerCase() !== state.implementationBefore.toLowerCase() ||
            codehash !== state.codehashBefore
          ) {
            recorder.alert(
              'rollback-refused',
              chain,
              clock.now,
              `${chain}: the registry's previous implementation ${restored} is not the verified one that ran before (${state.implementationBefore})`,
            );
            continue;
          }
          previous.set(chain, restored);
          audited.add(codehash);
        }
        if (previous.size === 0) return undefined;
        recorder.alert(
          'rollback-proposed',
          null,
          clock.now,
          `rollback to the previous verified implementation on ${[...previous.keys()].join(', ')}`,
        );
        return approveRound({ label: 'rollback', kind: 'rollback' }, [...previous.keys()], previous);
      });
      if (rollback) {
        await carryRound(rollback);
        const health = await healthCheck(rollback);
        if (health.length === rollback.states.length && health.every((h) => h.healthy)) {
          rollbackRecoveredAt = Math.max(...health.map((h) => h.at));
        }
      }
    }

    /** The defenders' post-upgrade health check on every chain the round upgraded. */
    async function healthCheck(round: Round): Promise<HealthReport[]> {
      return recorder.phase(phaseName('health check', round), async () => {
        const executed = round.states.filter((state) => state.executed && !state.cancelled && state.action);
        const health = await Promise.all(
          executed.map((state) =>
            checkHealth({
              chain: state.chain,
              proxy: state.proxy,
              vaultProbes: state.vault,
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
          recorder.alert(
            'health-check-failed',
            h.chain,
            h.at,
            `${h.chain} after ${round.label}: ${h.problems.join('; ')}`,
          );
        }
        return health;
      });
    }

    /** A wave after a failed health check: the council cancels its proposal so nobody can dispatch it. */
    async function cancelRound(round: Round) {
      await recorder.phase(phaseName('cancel', round), async () => {
        await cancelOnCouncil({
          hubRpcUrl: hubChain.rpcUrl,
          council: a.council,
          proposalId: round.proposal.proposalId,
          threshold: scenario.council.emergencyThreshold,
        });
        round.report.cancelled = true;
        for (const state of round.states) {
          recorder.mark({ at: clock.now, chain: state.chain.name, kind: 'alert', label: `${round.label} cancelled` });
        }
      });
    }

    /** One round from the timelock to the last execution: dispatch, relay, keeper at the activation time. */
    async function carryRound(round: Round) {
      for (const state of round.states) {
        Object.assign(state, {
          message: undefined,
          action: round.proposal.actions.find((action) => action.chainId === state.chain.chainId),
          queuedAt: undefined,
          executableAt: undefined,
          executed: undefined,
          failures: 0,
          nextAttemptAt: undefined,
          cancelled: false,
          done: false,
        } satisfies Partial<ChainState>);
      }
      const dispatched = await recorder.phase(phaseName('timelock', round), async () => {
        const readyAt = Number(round.proposal.readyAt) - clock.origin;
        if (clock.now < readyAt) await advanceTo(clock.boundaryAtOrAfter(hubChain, readyAt));
        const result = await dispatch(hubChain.rpcUrl, a.council, round.proposal.proposalId);
        const receipt = await hubChain.client.getTransactionReceipt({ hash: result.hash });
        const { messages } = await scanDispatched({
          client: hubChain.client,
          hub: a.hub,
          fromBlock: receipt.blockNumber,
          toBlock: receipt.blockNumber,
        });
        for (const message of messages) {
          const state = round.states.find((s) => s.chain.chainId === message.dstChainId);
          if (state) state.message = message;
        }
        await onEvent('dispatched');
        return { blockNumber: receipt.blockNumber, activation: result.messages[0]?.activationTime ?? 0 };
      });
      round.dispatchedBlock = dispatched.blockNumber;
      const dispatchedAt = clock.now;
      const activation = dispatched.activation - clock.origin;
      round.report.dispatchedAt = dispatchedAt;
      round.report.activationAt = activation;
      await relayRound(round, dispatchedAt, activation);
      await executeRound(round, activation);
    }

    /** Guardians sign after the hub's finality, the relayer delivers; alerts, re-deliveries and fallback on the way. */
    async function relayRound(round: Round, dispatchedAt: number, activation: number) {
      await recorder.phase(phaseName('relay', round), async () => {
        // The hub's finality depth in hub blocks, then the guardians sign and the relayer delivers.
        const finalAt = clock.boundaryAtOrAfter(hubChain, clock.now + hubChain.finalityDepth * hubChain.blockTime);
        await advanceTo(finalAt);
        const finalWall = performance.now();
        /** When each delivery's receipt came back (wall time), from the relayer's own events. */
        const deliveredWall = new Map<number, number>();
        let lastAlertCheck = clock.now;
        let quorumLostSince: number | undefined;
        while (clock.now - dispatchedAt <= HORIZON_SECONDS) {
          await pollGuardians();
          const open = round.states.filter((s) => s.message && s.queuedAt === undefined);
          const reachable = open.filter((s) => !s.dropped && !clock.isHalted(s.chain.name));
          if (reachable.length > 0) {
            const quorum = await waitForQuorum(pool, reachable, scenario.guardians.quorum, parameters.guardianMode);
            if (quorum) quorumLostSince = undefined;
            else quorumLostSince ??= clock.now;
            // The bridge has been below quorum for too long: the fallback council ratifies instead.
            if (quorumLostSince !== undefined && clock.now - quorumLostSince >= FALLBACK_AFTER_SECONDS) {
              await ratifyByFallback(reachable);
            }
            if (!quorum)
              recorder.alert(
                'bridge-quorum-lost',
                null,
                clock.now,
                `fewer than ${scenario.guardians.quorum} guardians sign: delivery stalls`,
              );
            if (crashRelayer) {
              crashRelayer = false;
              await relayWithCrash(round, reachable);
            }
            const relayer = relayerFor({
              fromBlock: round.dispatchedBlock ?? 0n,
              to: reachable,
              acknowledge: true,
              onEvent: (event) => {
                if (event.type === 'delivered') deliveredWall.set(event.chainId, performance.now());
              },
            });
            await relayer.runOnce();
          }
          for (const state of open) {
            const status = await readMessageState(state.chain.client, a.receiver, state.message?.messageId ?? '0x');
            if (status.status === 'Queued' && state.queuedAt === undefined) {
              state.queuedAt = clock.now;
              state.executableAt = status.executableAt - clock.origin;
              await auditQueued(state);
              recorder.mark({ at: clock.now, chain: state.chain.name, kind: 'queued', label: 'queued' });
              const wallMs = Math.round((deliveredWall.get(state.chain.chainId) ?? performance.now()) - finalWall);
              relayLatency.push({
                chain: state.chain.name,
                wallMs,
                blocks: Math.max(1, Math.ceil(wallMs / 1000 / state.chain.blockTime)),
              });
            }
          }
          const missing = round.states.filter((s) => s.message && s.queuedAt === undefined);
          if (missing.length === 0) break;
          // The hub's acknowledgement record: a message still Dispatched after the timeout alerts, and is re-delivered.
          if (clock.now - dispatchedAt >= ACK_TIMEOUT_SECONDS && clock.now > lastAlertCheck) {
            lastAlertCheck = clock.now;
            const acks = await getDeliveryStatus({
              hubClient: hubChain.client,
              hub: a.hub,
              id: round.proposal.proposalId,
            });
            const unacknowledged = new Set(
              acks.messages.filter((m) => m.hubState === 'Dispatched').map((m) => m.chainId),
            );
            for (const state of missing.filter((s) => unacknowledged.has(s.chain.chainId))) {
              recorder.alert(
                'message-not-acknowledged',
                state.chain.name,
                clock.now,
                `the hub has no acknowledgement from ${state.chain.name} for message ${state.message?.messageId.slice(0, 10)}… ${formatVirtualTime(clock.now - dispatchedAt)} after dispatch`,
              );
              if (state.dropped) {
                state.dropped = false; // re-delivery goes through on the next round
                const fault = recorder.faults.find((f) => f.kind === 'drop-message' && f.target === state.chain.name);
                if (fault) recorder.clear(fault, clock.now);
              }
            }
          }
          const anyHalted = missing.some((s) => clock.isHalted(s.chain.name));
          // Deliveries left only for halted chains wait for the activation loop (which resumes them).
          if (anyHalted && missing.every((s) => clock.isHalted(s.chain.name)) && clock.now >= activation - 1e-6) break;
          // Next: the acknowledgement deadline, a fault firing or clearing, or activation.
          const ackDeadline = dispatchedAt + ACK_TIMEOUT_SECONDS;
          const stops = [
            ...(clock.now < ackDeadline ? [ackDeadline] : []),
            ...pending.map((p) => p.at),
            ...clearAt.map((c) => c.at),
            // Stop just short of activation: the blocks at activation carry the executions.
            ...(clock.now < activation ? [activation - 1e-6] : []),
          ].filter((at) => at > clock.now);
          const waitingOnQuorum = missing.some((s) => !s.dropped && !clock.isHalted(s.chain.name));
          const next = waitingOnQuorum ? clock.now + Math.max(hubChain.blockTime, 60) : Math.min(...stops);
          if (!Number.isFinite(next)) break;
          await advanceTo(next);
        }
        await onEvent('delivered');
      });
    }

    /** The keeper executes on every chain at the first block at or after the activation time; retries with backoff. */
    async function executeRound(round: Round, activation: number) {
      await recorder.phase(phaseName('execute', round), async () => {
        // Up to just before activation: the blocks at activation are mined below, each with its execution.
        if (clock.now < activation) await advanceTo(activation - 1e-6);
        for (const state of round.states) {
          if (state.queuedAt !== undefined) {
            recorder.mark({ at: activation, chain: state.chain.name, kind: 'activation', label: 'activation' });
          }
        }
        await onEvent('activation', Math.max(activation, clock.now));
        let t = Math.max(activation, clock.now);
        while (t - activation <= HORIZON_SECONDS) {
          const open = round.states.filter((s) => s.message && !s.done);
          if (open.length === 0) break;
          // The next moment something can happen: a running chain's next block, or a fault clearing.
          const candidates = [
            ...open
              .filter((s) => !clock.isHalted(s.chain.name))
              .map((s) => clock.boundaryAtOrAfter(s.chain, Math.max(t, s.executableAt ?? t, s.nextAttemptAt ?? t))),
            ...clearAt.map((c) => c.at),
          ];
          if (candidates.length === 0) break;
          const from = t;
          t = Math.max(t, Math.min(...candidates));
          // Chains with a block at `t`: the keeper's execution is the first transaction of that block.
          const due = open.filter(
            (s) =>
              !clock.isHalted(s.chain.name) &&
              clock.boundaryAtOrAfter(s.chain, Math.max(from, s.executableAt ?? from, s.nextAttemptAt ?? from)) <=
                t + 1e-9,
          );
          await advanceTo(t);
          // Halted chains that resumed may still need their message: deliver it now.
          const undelivered = open.filter((s) => s.queuedAt === undefined && !clock.isHalted(s.chain.name));
          if (undelivered.length > 0) await redeliver(round, undelivered);
          const reports = await Promise.all(due.map((state) => executeOn(state)));
          for (const [i, report] of reports.entries()) {
            const state = due[i];
            if (!state || !report) continue;
            if (report.status === 'executed') {
              state.executed = { block: report.blockNumber, timestamp: report.timestamp };
              state.done = true;
              recorder.mark({
                at: clock.now,
                chain: state.chain.name,
                kind: 'executed',
                label: `executed #${report.blockNumber}`,
              });
              attacker.active = true; // the fix is public now
            } else if (report.status === 'already-executed' || report.status === 'expired') {
              state.done = true;
            } else if (report.status === 'failed' && /^ReceiverCodehashMismatch/.test(report.reason)) {
              // The approved code is not what is deployed: never retry; the chain guardian cancels.
              recorder.alert(
                'codehash-mismatch',
                state.chain.name,
                clock.now,
                `execution on ${state.chain.name} refused: ${report.reason}`,
              );
              await cancelOn(state, 'the implementation code changed after approval');
            } else if (report.status === 'failed') {
              recorder.alert(
                'execution-reverted',
                state.chain.name,
                clock.now,
                `execution on ${state.chain.name} reverted: ${report.reason}`,
              );
              // Retry at the next block, then back off (doubling, at most an hour) until expiry.
              state.failures += 1;
              state.nextAttemptAt = clock.now + Math.min(3600, state.chain.blockTime * 2 ** (state.failures - 1));
            } else if (report.status === 'not-queued') {
              state.done = true;
            }
          }
          if (attackerOn) await exploit(chains);
          t += 1e-6;
          // Nothing can ever execute on a chain whose message never arrived and nothing is pending.
          if (clearAt.length === 0 && open.every((s) => s.queuedAt === undefined && !clock.isHalted(s.chain.name)))
            break;
        }
        await onEvent('executed');
      });
    }

    /**
     * The defenders' check when a message is queued: the implementation must be the audited one
     * (the fix's codehash) and its code must still have the approved codehash. Otherwise the
     * chain guardian cancels the message before activation.
     */
    async function auditQueued(state: ChainState) {
      if (!state.action) return;
      const code = await state.chain.client.getCode({ address: state.action.implementation });
      const deployed = code ? keccak256(code) : undefined;
      const problem = !audited.has(state.action.codehash)
        ? `${state.action.implementation} is not the audited implementation (codehash ${state.action.codehash.slice(0, 10)}…, audited ${[...audited].map((h) => `${h.slice(0, 10)}…`).join(', ')})`
        : deployed !== state.action.codehash
          ? `the code at ${state.action.implementation} changed after approval (now ${deployed?.slice(0, 10) ?? 'none'}…)`
          : undefined;
      if (!problem) return;
      recorder.alert('codehash-mismatch', state.chain.name, clock.now, `${state.chain.name}: ${problem}`);
      await cancelOn(state, problem);
    }

    async function cancelOn(state: ChainState, why: string) {
      if (!state.message || state.cancelled) return;
      const guardian = createWalletClient({
        account: testAccount(KEY_INDEX.chainGuardian),
        transport: http(state.chain.rpcUrl),
      });
      const hash = await guardian.writeContract({
        chain: null,
        address: a.receiver,
        abi: upgradeReceiverAbi,
        functionName: 'cancel',
        args: [state.message.messageId],
      });
      await state.chain.client.waitForTransactionReceipt({ hash });
      state.cancelled = true;
      state.done = true;
      recorder.mark({ at: clock.now, chain: state.chain.name, kind: 'alert', label: `cancelled: ${why}` });
    }

    /** The fallback verifier: the fallback council (the council's keys) ratifies each undelivered message. */
    async function ratifyByFallback(undelivered: ChainState[]) {
      const submitter = testAccount(KEY_INDEX.relayer);
      const result = await ratifyWithFallback({
        clients: Object.fromEntries(
          undelivered.map((s) => [
            s.chain.chainId,
            createWalletClient({ account: submitter, transport: http(s.chain.rpcUrl) }),
          ]),
        ),
        adapter: a.fallbackAdapter,
        receiver: a.receiver,
        messages: undelivered.flatMap((s) => (s.message ? [{ encoded: s.message.encoded }] : [])),
        accounts: Array.from({ length: scenario.council.size }, (_, i) => testAccount(councilIndex(i))),
      });
      for (const ratified of result.ratified) {
        const state = undelivered.find((s) => s.chain.chainId === ratified.chainId);
        recorder.alert(
          'fallback-ratified',
          state?.chain.name ?? null,
          clock.now,
          `the fallback council ratified the message to ${state?.chain.name ?? ratified.chainId} (${ratified.signers.length} signatures)`,
        );
      }
      for (const failed of result.failed) {
        recorder.note(`fallback ratification on chain ${failed.chainId} failed: ${failed.error.message}`);
      }
    }

    /** The relayer as an OS process, `kill -9`'d right after its first delivery, then restarted. */
    async function relayWithCrash(round: Round, reachable: ChainState[]) {
      const relayerParameters = {
        configFile,
        root: join(workDir, 'relayer'),
        chains,
        addresses: addresses.addresses,
        guardianUrls: guardianUrls(),
        fromBlock: round.dispatchedBlock ?? 0n,
      };
      await writeRelayerDeployment(relayerParameters);
      const first = spawnRelayer(relayerParameters);
      const started = await Promise.race([
        first.firstDelivery.then(() => true),
        first.exited.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 60_000)),
      ]);
      await killRelayer(first);
      const delivered = first.lines.filter((line) => line.type === 'delivered').length;
      if (!started) {
        throw new Error(
          `the relayer process delivered nothing before the crash: ${JSON.stringify(first.lines.slice(-5))}`,
        );
      }
      const fault = recorder.fault(
        'crash-relayer',
        'relayer',
        clock.now,
        `relayer kill -9'd after ${delivered} of ${reachable.length} deliveries; restarted`,
      );
      const second = spawnRelayer(relayerParameters);
      try {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const statuses = await Promise.all(
            reachable.map((s) => readMessageState(s.chain.client, a.receiver, s.message?.messageId ?? '0x')),
          );
          if (statuses.every((status) => status.status !== 'None')) break;
          if (Date.now() > deadline) throw new Error('the restarted relayer did not deliver every message within 60 s');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        await stopRelayer(second);
      }
      recorder.clear(fault, clock.now);
    }

    /**
     * The `rotate-guardians` fault: every adapter moves to a new set (mnemonic 40 and up, same size
     * and quorum), signed by the current set. The new guardians join now: they attest what the hub
     * dispatches from here on, so messages already in flight still travel on the old set's
     * signatures, which count until the expiry window ends.
     */
    async function rotateGuardians() {
      const running = chains.filter((chain) => !clock.isHalted(chain.name));
      const rotations = await rotateEverywhere({
        chains: running,
        adapter: a.guardianAdapter,
        currentKeyIndices: Array.from({ length: scenario.guardians.size }, (_, i) => guardianIndex(i)),
        newKeyIndices: Array.from({ length: scenario.guardians.size }, (_, i) => rotatedGuardianIndex(i)),
        newQuorum: scenario.guardians.quorum,
      });
      const expiresAt = Math.min(...rotations.map((r) => r.previousSetExpiresAt)) - clock.origin;
      recorder.fault(
        'rotate-guardians',
        'all',
        clock.now,
        `guardian set rotated to set ${rotations[0]?.newIndex ?? 1} on ${rotations.map((r) => r.chain).join(', ')}; the old set counts until ${formatVirtualTime(expiresAt)}`,
      );
      for (const chain of chains.filter((c) => !running.includes(c))) {
        recorder.note(`${chain.name} is halted: its guardian set was not rotated`);
      }
      const head = await hubChain.client.getBlockNumber();
      rotatedGuardians = await startRotatedGuardians(head + 1n, 'rotated-guardians');
    }

    async function startRotatedGuardians(fromBlock: bigint, store: string): Promise<GuardianPool> {
      const rotated = new GuardianPool({
        mode: 'in-process',
        config,
        configFile,
        hubRpcUrl: hubChain.rpcUrl,
        addresses: { hub: a.hub, guardianAdapter: a.guardianAdapter },
        count: scenario.guardians.size,
        storeDir: join(workDir, store),
        keyIndex: rotatedGuardianIndex,
        fromBlock,
      });
      await rotated.startAll();
      return rotated;
    }

    /** The new set's nodes rescan the hub from `fromBlock` (fresh stores), so they attest messages dispatched before they joined. */
    async function backfillRotatedGuardians(fromBlock: bigint) {
      await rotatedGuardians?.stopAll();
      rotatedGuardians = await startRotatedGuardians(fromBlock, `rotated-guardians-from-${fromBlock}`);
    }

    async function redeliver(round: Round, undelivered: ChainState[]) {
      await pollGuardians();
      const relayer = relayerFor({ fromBlock: round.dispatchedBlock ?? 0n, to: undelivered, acknowledge: true });
      const delivery = await relayer.runOnce();
      for (const failed of delivery.failed) {
        recorder.note(`delivery to chain ${failed.chainId} failed: ${failed.error.message}`);
      }
      const expired = delivery.failed.filter((failed) => expiredSetRefusal(failed.error));
      if (expired.length > 0 && rotatedGuardians) {
        for (const failed of expired) {
          const state = undelivered.find((s) => s.chain.chainId === failed.chainId);
          recorder.alert(
            'guardian-set-expired',
            state?.chain.name ?? null,
            clock.now,
            `the old guardian set's signatures no longer count on ${state?.chain.name ?? failed.chainId}: ${failed.error.message}`,
          );
        }
        // The new set attests the in-flight message too (its nodes rescan the hub from the dispatch), then it is delivered.
        await backfillRotatedGuardians(round.dispatchedBlock ?? 0n);
        await pollGuardians();
        // A new relayer: its attestation source lists the restarted nodes' URLs.
        const retried = await relayerFor({
          fromBlock: round.dispatchedBlock ?? 0n,
          to: undelivered,
          acknowledge: true,
        }).runOnce();
        for (const failed of retried.failed) {
          recorder.note(`delivery to chain ${failed.chainId} failed again: ${failed.error.message}`);
        }
      }
      for (const state of undelivered) {
        const status = await readMessageState(state.chain.client, a.receiver, state.message?.messageId ?? '0x');
        if (status.status === 'Queued') {
          state.queuedAt = clock.now;
          state.executableAt = status.executableAt - clock.origin;
          await auditQueued(state);
          recorder.mark({ at: clock.now, chain: state.chain.name, kind: 'queued', label: 'queued (late)' });
        }
      }
    }

    async function executeOn(state: ChainState): Promise<ExecutionReport | undefined> {
      if (!state.message || state.queuedAt === undefined) return undefined;
      const keeper = createWalletClient({
        account: testAccount(KEY_INDEX.relayer),
        transport: http(state.chain.rpcUrl),
      });
      if (state.revertNext) {
        state.revertNext = false;
        const hash = await keeper.sendTransaction({
          chain: null,
          to: a.receiver,
          data: executeCalldata(state.message.encoded),
          gas: 60_000n,
        });
        await state.chain.client.waitForTransactionReceipt({ hash });
        return {
          chainId: state.chain.chainId,
          messageId: state.message.messageId,
          status: 'failed',
          reason: 'out of gas',
          error: new Error('out of gas'),
        };
      }
      const [report] = await executeReady({
        clients: { [state.chain.chainId]: keeper },
        receiver: a.receiver,
        messages: [
          { messageId: state.message.messageId, dstChainId: state.chain.chainId, encoded: state.message.encoded },
        ],
      });
      return report;
    }

    // ─── verify ────────────────────────────────────────────────────────────────────────────
    const chainReports = await recorder.phase('verify', async () => {
      const reports = await Promise.all(
        [...states.values()].map(async (state): Promise<ChainReport> => {
          const after = await implementationOf(state.chain, state.proxy);
          const code = await state.chain.client.getCode({ address: after });
          const messageId = state.message?.messageId;
          // Deliveries: the guardian adapter's forwards of this message; executions: the receiver's upgrades.
          const [forwarded, executed] = messageId
            ? await Promise.all([
                state.chain.client.getContractEvents({
                  address: a.guardianAdapter,
                  abi: guardianAdapterAbi,
                  eventName: 'MessageForwarded',
                  args: { messageId },
                  fromBlock: 0n,
                }),
                state.chain.client.getContractEvents({
                  address: a.receiver,
                  abi: upgradeReceiverAbi,
                  eventName: 'UpgradeExecuted',
                  args: { messageId },
                  fromBlock: 0n,
                }),
              ])
            : [[], []];
          return {
            name: state.chain.name,
            chainId: state.chain.chainId,
            rpcUrl: state.chain.rpcUrl,
            blockTime: state.chain.blockTime,
            proxy: state.proxy,
            implementationBefore: state.implementationBefore,
            implementationAfter: after,
            expectedCodehash: state.action?.codehash ?? '',
            observedCodehash: code ? keccak256(code) : '',
            executedAtBlock: state.executed ? Number(state.executed.block) : null,
            executedAtTimestamp: state.executed ? Number(state.executed.timestamp) : null,
            deliveries: forwarded.length,
            guardianSet: deliveredUnderSet.get(state.chain.chainId) ?? null,
            executions: executed.length,
            fundsAtRisk: state.vault ? fundsAtRisk.toString() : '0',
            fundsLost: (attacker.stolen.get(state.chain.name) ?? 0n).toString(),
          };
        }),
      );
      await onEvent('verified');
      return reports;
    });

    let recoveredAt: number | undefined;
    if (scenario.proposal.kind === 'emergency-pause') {
      recoveredAt = await recorder.phase('unpause', () => emergency(false));
    }

    const executedTimes = chainReports.flatMap((c) => (c.executedAtTimestamp === null ? [] : [c.executedAtTimestamp]));
    const window =
      executedTimes.length === chainReports.length && executedTimes.length > 0
        ? Math.max(...executedTimes) - Math.min(...executedTimes)
        : null;
    const first = rounds[0];
    /** Emergency drills: detection to unpaused on the fix; rollbacks: detection to every failing chain healthy again. */
    const rto = (): number | null => {
      if (rollbackDetectedAt !== undefined)
        return rollbackRecoveredAt === undefined ? null : Math.round(rollbackRecoveredAt - rollbackDetectedAt);
      return detectedAt !== undefined && recoveredAt !== undefined ? Math.round(recoveredAt - detectedAt) : null;
    };
    const totalLost = [...attacker.stolen.values()].reduce((sum, v) => sum + v, 0n);
    const partial: Omit<DrillReport, 'outcome' | 'expectations'> = {
      scenario: scenario.name,
      description: scenario.description,
      runId: runId(startedAt, seed),
      seed,
      startedAt: startedAt.toISOString(),
      chains: chainReports,
      vulnerabilityWindowSeconds: window,
      timeInQueueSeconds:
        first?.report.activationAt != null && first.report.dispatchedAt !== null
          ? Math.round(first.report.activationAt - first.report.dispatchedAt)
          : null,
      faults: recorder.faults,
      alerts: recorder.alerts,
      rtoSeconds: rto(),
      rounds: rounds.map((round) => round.report),
      timeToPauseAllSeconds:
        detectedAt !== undefined && pausedAllAt !== undefined ? Math.round(pausedAllAt - detectedAt) : null,
      rpo: attackerOn ? totalLost.toString() : null,
      timeline: recorder.timeline.sort((x, y) => x.at - y.at),
      phases: recorder.phases,
      wallTimeMs: Math.round(performance.now() - wallStart),
      kept: parameters.keep === true,
      addresses: Object.fromEntries(Object.entries(a).filter((entry): entry is [string, Address] => !!entry[1])),
    };
    const expectations = evaluateExpectations(scenario, partial);
    const report: DrillReport = {
      ...partial,
      outcome: expectations.every((e) => e.passed) ? 'pass' : 'fail',
      expectations,
    };
    await cleanup();
    if (!parameters.keep) await started.stop();
    return { report, relayLatency, stop: parameters.keep ? () => started.stop() : async () => {} };
  } catch (error) {
    await cleanup().catch(() => {});
    await started.stop();
    throw error;
  }
}

/** Waits (wall time) until `quorum` guardians signed every message; in-process nodes signed already. */
async function waitForQuorum(
  pool: GuardianPool,
  states: readonly ChainState[],
  quorum: number,
  mode: GuardianMode | undefined,
): Promise<boolean> {
  if (pool.running < quorum) return false;
  const deadline = Date.now() + (mode === 'process' ? 20_000 : 2_000);
  for (;;) {
    const counts = await Promise.all(states.map((s) => pool.signedCount(s.message?.messageId ?? '0x')));
    if (counts.every((count) => count >= quorum)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A delivery refused because the only set with a quorum of signatures has expired. */
function expiredSetRefusal(error: Error): boolean {
  return error instanceof QuorumNotMetError && error.sets.some((set) => set.expiredAt !== undefined);
}

function hubOf(chains: readonly DrillChain[]): DrillChain {
  const hub = chains.find((chain) => chain.role === 'hub');
  if (!hub) throw new Error('the scenario has no hub chain');
  return hub;
}

function required(addresses: DeploymentAddresses) {
  const { hub, council, vault, vaultV1, vaultV2 } = addresses;
  if (!hub || !council || !vault || !vaultV1 || !vaultV2) {
    throw new Error('the drill deployment lacks the hub, council or example vault');
  }
  return { ...addresses, hub, council, vault, vaultV1, vaultV2 };
}

function stateOf(states: Map<string, ChainState>, name: string): ChainState {
  const state = states.get(name);
  if (!state) throw new Error(`no chain named ${name} in this drill`);
  return state;
}

function executeCalldata(encoded: Hex): Hex {
  return encodeFunctionData({ abi: upgradeReceiverAbi, functionName: 'execute', args: [encoded] });
}

function runId(startedAt: Date, seed: number): string {
  return `${startedAt.toISOString().replace(/[:.]/g, '-')}-s${seed}`;
}
