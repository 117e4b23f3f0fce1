/**
 * `runDrill`: one crisis drill, end to end, on real anvil chains under one virtual clock. It starts
 * the chains, provisions Lockstep, lets a depositor fund the example vault (V1, vulnerable) on
 * every chain, and runs the real flow through the library: council → timelock → hub → guardian
 * nodes → relayer → receivers → keeper at the one activation time → codehash check. Faults from
 * the scenario are injected at their triggers; an attacker tries V1's exploit once the fix is
 * public. Returns the report (the caller writes it).
 *
 * This file is the orchestrator: the phases in order, over one shared `DrillContext`
 * (drill-context.ts); each step lives in its own module.
 */

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adapterAddress } from '@lockstep/core/deploy';
import type { Hex } from 'viem';
import { Attacker } from '../actors/attacker.js';
import { type GuardianMode, GuardianPool } from '../actors/guardians.js';
import { cachedStartStates, provisionChains } from '../chains/provision.js';
import { type DrillChain, fixedGenesis, fundActors, type KeptChain, startChains } from '../chains/start-chains.js';
import { VirtualClock } from '../chains/virtual-clock.js';
import { checkReport } from '../checker/check-report.js';
import type { ReportAttachment } from '../report/write-report.js';
import { pausesFirst } from '../scenario-fields.js';
import { drillConfig, drillConfigInput } from '../setup/drill-config.js';
import type { DrillReport, Scenario } from '../types.js';
import { assembleReport } from './assemble-report.js';
import { createMonitor } from './defenders/detectors.js';
import { attachMonitor, openDrillMonitorStore } from './defenders/production-monitor.js';
import { type DrillContext, type RelayLatency, requiredAddresses } from './drill-context.js';
import { collectEvidence, flowStartBlocks } from './evidence.js';
import { closeRpcProxies, guardianHubUrl } from './faults/rpc-fault/routes.js';
import { createFaultSchedule } from './faults/schedule.js';
import { deployOwnSystems } from './own-system/deploy-systems.js';
import { resolveOwnSystem } from './own-system/resolve-system.js';
import { emergency, emergencyPause } from './phases/emergency.js';
import { signPauseRoot } from './phases/pause-root.js';
import { type PresignedPauseResult, presignedPause } from './phases/presigned-pause.js';
import { rollback } from './phases/rollback.js';
import { carryRounds, proposeRounds } from './phases/rounds.js';
import { verifyChains } from './phases/verify.js';
import { prepareChains } from './prepare-chains.js';
import { type DrillProgress, Recorder } from './recorder.js';

export type RunDrillParameters = {
  scenario: Scenario;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Leave the chains running (their URLs are in the report). */
  keep?: boolean;
  /** With `keep`: where each anvil's output goes (`<dir>/<chain>.log`). Default: a new temporary folder. */
  keepLogDir?: string;
  /** Guardians as OS processes (`process`) or in this process. Default `in-process`. */
  guardianMode?: GuardianMode;
  /**
   * Recompute every figure of the report from the chains before they stop (`report.verification`):
   * switch times, window, each loss with its block and timestamp, deliveries, executions, block times.
   */
  verify?: boolean;
  /** Skip the deployed-state cache. */
  noCache?: boolean;
  /** Where deployed chain states are cached. Default `.lockstep/drill-cache`. */
  cacheDir?: string;
  /**
   * Attach the production monitor (`@lockstep/monitor`: watchers and alert engine, polled at the
   * drill's steps on its clock): its alerts go to `report.monitor`.
   */
  monitor?: boolean;
  onProgress?: (progress: DrillProgress) => void;
};

export type RunDrillReturnType = {
  report: DrillReport;
  /** Stops kept chains (no-op otherwise). */
  stop(): Promise<void>;
  /**
   * Kept chains: lets them outlive this process (detached anvils, no longer stopped at exit);
   * returns each chain's anvil (pid, URL, log file). Empty without `keep`.
   */
  release(): KeptChain[];
  /** Wall-clock relay latency per chain: hub finality to delivery receipt, in ms and destination blocks. */
  relayLatency: { chain: string; wallMs: number; blocks: number }[];
  /** Files the run produced besides the report, to be written beside it owner-only (the pre-signed pause's root file). */
  attachments: ReportAttachment[];
};

export async function runDrill(parameters: RunDrillParameters): Promise<RunDrillReturnType> {
  const { scenario } = parameters;
  // The team's own system is checked against its build before any chain starts.
  const ownSystem = scenario.system ? await resolveOwnSystem(scenario.system) : undefined;
  const seed = parameters.seed ?? scenario.seed;
  const startedAt = new Date();
  const wallStart = performance.now();
  const recorder = new Recorder(parameters.onProgress);
  // Opening PGlite takes seconds: it opens while the chains start and deploy.
  const monitorStore = parameters.monitor ? openDrillMonitorStore() : undefined;
  monitorStore?.catch(() => {}); // awaited where the monitor attaches; an early failure is not unhandled
  const config = drillConfig(scenario);
  const workDir = await mkdtemp(join(tmpdir(), 'lockstep-drill-'));
  const configFile = join(workDir, 'lockstep.config.json');
  await writeFile(configFile, JSON.stringify(drillConfigInput(scenario)));

  // Kept chains log to files (so they can outlive this process); a folder made here goes with them.
  const ownLogDir = parameters.keep && parameters.keepLogDir === undefined;
  const logDir = ownLogDir ? await mkdtemp(join(tmpdir(), 'lockstep-drill-kept-')) : parameters.keepLogDir;
  if (logDir && parameters.keep) await mkdir(logDir, { recursive: true });
  // The deployment's cache: where it applies, the chains start from their cached states.
  const cache = {
    config,
    exampleVaultImplementation: scenario.baseline,
    openBootstrap: scenario.chains.filter((chain) => chain.fork?.proxy || ownSystem).map((chain) => chain.name),
    // Cached states carry the fixed genesis' timestamps: a scenario with forks runs at wall-clock time.
    ...(parameters.noCache || !fixedGenesis(scenario.chains) ? { noCache: true } : {}),
    ...(parameters.cacheDir ? { cacheDir: parameters.cacheDir } : {}),
  };
  const preloaded = await cachedStartStates({ ...cache, chains: scenario.chains });
  const stateFiles = new Map([...preloaded].map(([name, state]) => [name, state.stateFile]));
  const started = await recorder.phase('anvil start', () =>
    startChains(scenario.chains, {
      stateFiles,
      ...(logDir === undefined || !parameters.keep ? {} : { logDir }),
    }),
  );
  const stopChains = async () => {
    await started.stop();
    if (ownLogDir && logDir) await rm(logDir, { recursive: true, force: true });
  };
  const chains = started.chains;
  const hubChain = hubOf(chains);
  const clock = new VirtualClock(chains);
  /** Set once the guardians exist: cleanup stops them (the deployed set's and a rotation's). */
  let ctx: DrillContext | undefined;
  const relayLatency: RelayLatency[] = [];

  const cleanup = async () => {
    await ctx?.guardians.stopAll();
    await ctx?.rotatedGuardians?.stopAll();
    await closeRpcProxies(chains);
    await ctx?.productionMonitor?.stop();
    await (await monitorStore?.catch(() => undefined))?.close();
    await rm(workDir, { recursive: true, force: true });
  };

  try {
    // ─── deploy ────────────────────────────────────────────────────────────────────────────
    const addresses = await recorder.phase(
      'deploy',
      async () => {
        const provisioned = await provisionChains({ ...cache, chains, fund: fundActors, preloaded });
        await clock.align();
        return provisioned;
      },
      (p) =>
        Object.entries(p.sources)
          .map(([chain, source]) => `${chain}: ${source}`)
          .join(', '),
    );
    const a = requiredAddresses(addresses.addresses);
    recorder.event('start', 0);

    const own = ownSystem ? await deployOwnSystems({ system: ownSystem, chains, addresses: a, recorder }) : undefined;
    const { adopted, states } = await prepareChains({
      scenario,
      chains,
      addresses: a,
      recorder,
      ...(own ? { own: own.proxies } : {}),
    });
    recorder.event('deployed', clock.now);
    const startBlocks = await flowStartBlocks(chains);

    ctx = {
      scenario,
      seed,
      guardianMode: parameters.guardianMode,
      chains,
      hubChain,
      clock,
      recorder,
      config,
      configFile,
      workDir,
      deployment: addresses.addresses,
      addresses: a,
      states,
      adopted,
      ...(own && ownSystem ? { own: { system: ownSystem, releases: own.releases } } : {}),
      audited: new Set<Hex>(),
      attacker: new Attacker(a.vault, seed),
      attackerOn: scenario.attacker.enabled,
      fundsAtRisk: BigInt(scenario.attacker.depositWei),
      reachAt: new Map<string, number>(),
      guardians: new GuardianPool({
        mode: parameters.guardianMode ?? 'in-process',
        config,
        configFile,
        hubRpcUrl: await guardianHubUrl(scenario, seed, hubChain),
        addresses: { hub: a.hub, guardianAdapter: adapterAddress(a, 'guardian') },
        count: scenario.guardians.size,
        storeDir: join(workDir, 'guardians'),
      }),
      rotatedGuardians: undefined,
      deliveredUnderSet: new Map<number, number>(),
      relayLatency,
      rounds: [],
      faults: createFaultSchedule(),
      monitor: createMonitor(chains),
      forgedMessages: [],
      startBlocks,
      productionMonitor: monitorStore
        ? attachMonitor({
            // Usually open by now; on a loaded machine PGlite's start shows here.
            store: await recorder.phase('monitor store', () => monitorStore),
            chains,
            deployment: addresses.addresses,
            config,
            clock,
          })
        : undefined,
    };
    const drill = ctx;
    await recorder.phase('guardians start', () => drill.guardians.startAll());

    let detectedAt: number | undefined;
    let pausedAllAt: number | undefined;
    let presigned: PresignedPauseResult | undefined;
    const attachments: ReportAttachment[] = [];
    if (scenario.proposal.kind === 'emergency-pause') {
      ({ detectedAt, pausedAllAt } = await emergencyPause(drill));
    } else if (scenario.proposal.kind === 'presigned-pause') {
      // Signed weeks before (stamped so) and held in a file until the exploit is seen.
      const held = await recorder.phase('pre-sign pause', () => signPauseRoot(drill));
      attachments.push({ name: held.name, text: await readFile(held.path, 'utf8') });
      presigned = await presignedPause(drill, held);
      ({ detectedAt, pausedAllAt } = presigned);
    }

    // ─── rounds: the proposals the drill carries (one, a wave each, then maybe a rollback) ────
    await proposeRounds(drill);
    const failing = await carryRounds(drill);

    // ─── rollback ──────────────────────────────────────────────────────────────────────────
    let rollbackDetectedAt: number | undefined;
    let rollbackRecoveredAt: number | undefined;
    if (failing.length > 0 && scenario.response.onFailedHealthCheck === 'rollback') {
      ({ detectedAt: rollbackDetectedAt, recoveredAt: rollbackRecoveredAt } = await rollback(drill, failing));
    }

    // ─── verify ────────────────────────────────────────────────────────────────────────────
    const chainReports = await verifyChains(drill);

    let recoveredAt: number | undefined;
    if (pausesFirst(scenario.proposal.kind)) {
      recoveredAt = await recorder.phase('unpause', () => emergency(drill, false));
    }

    // ─── evidence: each message's transactions, from the chains' logs ───────────────────────
    const evidence = await collectEvidence(drill);
    for (const chainReport of chainReports) chainReport.messages = evidence.get(chainReport.name) ?? [];
    if (presigned) {
      for (const chainReport of chainReports)
        chainReport.presignedPause = presigned.evidence.get(chainReport.name) ?? null;
    }

    // The monitor's last round: what the drill's final steps changed.
    await drill.productionMonitor?.poll();
    const report = assembleReport(drill, {
      chainReports,
      startedAt,
      wallStart,
      kept: parameters.keep === true,
      detectedAt,
      pausedAllAt,
      recoveredAt,
      rollbackDetectedAt,
      rollbackRecoveredAt,
      presignedPause: presigned?.report,
    });
    if (ownSystem?.tests)
      report.healthTests = { project: ownSystem.tests.root, test: ownSystem.tests.id, env: ownSystem.tests.env };
    if (parameters.verify) report.verification = await recorder.phase('check report', () => checkReport(report));
    await cleanup();
    if (!parameters.keep) await started.stop();
    return parameters.keep
      ? { report, relayLatency, attachments, stop: stopChains, release: () => started.release() }
      : { report, relayLatency, attachments, stop: async () => {}, release: () => [] };
  } catch (error) {
    await cleanup().catch(() => {});
    await stopChains();
    throw error;
  }
}

function hubOf(chains: readonly DrillChain[]): DrillChain {
  const hub = chains.find((chain) => chain.role === 'hub');
  if (!hub) throw new Error('the scenario has no hub chain');
  return hub;
}
