/**
 * The drill scenario schema: what a scenario file (`scenarios/<name>.json`) may contain, its
 * defaults, and the cross-field rules (one hub, names that exist, thresholds the contracts accept).
 * Its output is exactly the shared `Scenario` type. Cross-field rules add issues carrying a `fix`
 * in `params`; `format-issues.ts` turns every issue into "path: problem — fix".
 */
import {
  councilEmergencyIssue,
  councilEmergencyRange,
  councilThresholdIssue,
  councilThresholdRange,
  defaultConfigInput,
  MAX_COUNCIL_MEMBERS,
  MAX_NETWORKS,
  MAX_SET_EXPIRY_WINDOW,
  MIN_COUNCIL_MEMBERS,
  majorityIssue,
  majorityRange,
} from '@lockstep/core/config';
import { z } from 'zod';
import { FAULT_FIELD_FIXES, FAULT_KINDS, faultSchema, faultShapes } from '../engine/faults/specs.js';
import {
  addIssue,
  chainName,
  MAX_SCENARIO_GUARDIANS,
  PROPOSAL_KINDS,
  seconds,
  selectChains,
  triggerShape,
  UINT32_MAX,
} from '../scenario-fields.js';
import type { Scenario } from '../types.js';
import { checkReferences } from './rules.js';
import { checkSystem, ownSystemSchema } from './system-shape.js';

export { FAULT_FIELD_FIXES, FAULT_KINDS, faultSchema, faultShapes, MAX_SCENARIO_GUARDIANS, selectChains, triggerShape };

/** Council keys come from anvil's test mnemonic indices 1-9, so at most 9 members. */
export const MAX_SCENARIO_COUNCIL = Math.min(9, MAX_COUNCIL_MEMBERS);
/** The most chains a drill runs (GovernanceHub's `MAX_CHAINS`). */
export const MAX_SCENARIO_CHAINS = MAX_NETWORKS;
/** 10 ETH: what the attacker's victims deposit in each vault by default. */
export const DEFAULT_ATTACKER_DEPOSIT_WEI = '10000000000000000000';
/** Emergency drills: the live exploit reaches one more chain every this many (virtual) seconds, by default. */
export const DEFAULT_EXPLOIT_SPREAD_SECONDS = 120;
export const DEFAULT_TIMELOCK_DELAY_SECONDS = 172_800;
export const DEFAULT_SEED = 1;
/** Blocks a guardian waits on the hub before signing, unless the scenario says otherwise. */
export const DEFAULT_HUB_FINALITY_DEPTH = 2;

const UINT256_MAX = 2n ** 256n - 1n;

const wei = z
  .string()
  .regex(/^(0|[1-9][0-9]*)$/)
  // zod runs this check after a failed regex too: only a decimal string is converted.
  .refine((value) => !/^(0|[1-9][0-9]*)$/.test(value) || BigInt(value) <= UINT256_MAX, {
    message: 'is more than 2^256 - 1',
  });
const implementation = z.enum(['VaultV2', 'VaultV3Malicious', 'VaultV3Faulty']);
/** `'all'` or a list of chain names. */
const chainSelection = z.union([z.literal('all'), z.array(chainName).min(1)]);

// ─── chains ─────────────────────────────────────────────────────────────────────────────────────

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

export const forkedProxyShape = {
  address,
  kind: z.enum(['uups', 'transparent']),
  upgradeTo: address,
};

export const forkShape = {
  url: z.url({ protocol: /^https?$/ }),
  blockNumber: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  proxy: z.strictObject(forkedProxyShape).optional(),
};

export const chainShape = {
  name: chainName,
  chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** Seconds between blocks; fractions allowed (0.25 for Arbitrum). */
  blockTime: z.number().positive().max(3600),
  role: z.enum(['hub', 'satellite']).default('satellite'),
  /** Default: 2 on the hub, 0 on satellites. */
  finalityDepth: z.number().int().min(0).max(100_000).optional(),
  fork: z.strictObject(forkShape).optional(),
};

const chainSchema = z.strictObject(chainShape).transform(({ finalityDepth, ...chain }) => ({
  ...chain,
  finalityDepth: finalityDepth ?? (chain.role === 'hub' ? DEFAULT_HUB_FINALITY_DEPTH : 0),
}));

export const chainsSchema = z
  .array(chainSchema)
  .min(1)
  .max(MAX_SCENARIO_CHAINS)
  .superRefine((chains, ctx) => {
    const names = new Map<string, number>();
    const ids = new Map<number, number>();
    chains.forEach((chain, i) => {
      const sameName = names.get(chain.name);
      if (sameName === undefined) names.set(chain.name, i);
      else
        addIssue(
          ctx,
          [i, 'name'],
          `"${chain.name}" is also the name of chains[${sameName}]`,
          'give every chain its own name',
        );
      const sameId = ids.get(chain.chainId);
      if (sameId === undefined) ids.set(chain.chainId, i);
      else
        addIssue(
          ctx,
          [i, 'chainId'],
          `chain id ${chain.chainId} is also used by chains[${sameId}]`,
          'give every chain its own chain id',
        );
    });
    const hubs = chains.filter((chain) => chain.role === 'hub').map((chain) => chain.name);
    if (chains.length === 0) return; // already "expected at least 1 entries"
    if (hubs.length === 0)
      addIssue(
        ctx,
        [],
        'no chain has role "hub"',
        'set "role": "hub" on exactly one chain (where the council and timelock live)',
      );
    else if (hubs.length > 1)
      addIssue(
        ctx,
        [],
        `${hubs.length} chains have role "hub" (${hubs.join(', ')})`,
        'keep "role": "hub" on exactly one chain; the others are satellites (the default)',
      );
  });

// ─── council, guardians ─────────────────────────────────────────────────────────────────────────

export const councilShape = {
  size: z.number().int().min(MIN_COUNCIL_MEMBERS).max(MAX_SCENARIO_COUNCIL).default(9),
  /** Default: ceil(2N/3), 6 of 9. */
  threshold: z.number().int().positive().optional(),
  /** Default: floor(N/3) + 1, 4 of 9. */
  emergencyThreshold: z.number().int().positive().optional(),
};

export const councilSchema = z
  .strictObject(councilShape)
  .transform(({ size, threshold, emergencyThreshold }) => {
    const t = threshold ?? councilThresholdRange(size).min;
    return { size, threshold: t, emergencyThreshold: emergencyThreshold ?? councilEmergencyRange(size, t).min };
  })
  .superRefine(({ size, threshold, emergencyThreshold }, ctx) => {
    // Quorum rules live in core (`@lockstep/core/config`), shared with the Lockstep config.
    const thresholdIssue = councilThresholdIssue(size, threshold, ': terms end in cohorts');
    if (thresholdIssue) {
      addIssue(ctx, ['threshold'], thresholdIssue.problem, thresholdIssue.fix);
      return;
    }
    const emergencyIssue = councilEmergencyIssue(size, threshold, emergencyThreshold);
    if (emergencyIssue) addIssue(ctx, ['emergencyThreshold'], emergencyIssue.problem, emergencyIssue.fix);
  })
  .prefault({});

export const guardiansShape = {
  size: z.number().int().min(1).max(MAX_SCENARIO_GUARDIANS).default(15),
  /** Default: a strict majority, 8 of 15. */
  quorum: z.number().int().positive().optional(),
};

export const guardiansSchema = z
  .strictObject(guardiansShape)
  .transform(({ size, quorum }) => ({ size, quorum: quorum ?? majorityRange(size).min }))
  .superRefine(({ size, quorum }, ctx) => {
    const issue = majorityIssue('quorum', quorum, size, 'guardians');
    if (issue) addIssue(ctx, ['quorum'], issue.problem, issue.fix);
  })
  .prefault({});

// ─── deployment timing ──────────────────────────────────────────────────────────────────────────

/** The deployment timing a scenario gets when it says nothing: the Lockstep default config's. */
export const DEFAULT_DEPLOYMENT = {
  messageExpirySeconds: defaultConfigInput.receiver.gracePeriod,
  deliveryMarginSeconds: defaultConfigInput.networks[0].deliveryMargin,
  minDelaySeconds: defaultConfigInput.receiver.minDelay,
  guardianSetOverlapSeconds: defaultConfigInput.guardians.setExpiryWindow,
} as const;

const wholeSeconds = z.number().int().min(0).max(UINT32_MAX);
export const deploymentShape = {
  messageExpirySeconds: wholeSeconds.min(1).default(DEFAULT_DEPLOYMENT.messageExpirySeconds),
  deliveryMarginSeconds: wholeSeconds.default(DEFAULT_DEPLOYMENT.deliveryMarginSeconds),
  minDelaySeconds: wholeSeconds.default(DEFAULT_DEPLOYMENT.minDelaySeconds),
  guardianSetOverlapSeconds: wholeSeconds
    .max(MAX_SET_EXPIRY_WINDOW)
    .default(DEFAULT_DEPLOYMENT.guardianSetOverlapSeconds),
};

// ─── proposal, faults, attacker, expectations ───────────────────────────────────────────────────

export const proposalShape = {
  kind: z.enum(PROPOSAL_KINDS).default('upgrade'),
  implementation: implementation.default('VaultV2'),
  chains: chainSelection.default('all'),
  overrides: z.array(z.strictObject({ chain: chainName, implementation })).optional(),
  waves: z.array(z.array(chainName).min(1)).min(1).max(MAX_SCENARIO_CHAINS).optional(),
};

export const responseShape = {
  onFailedHealthCheck: z.enum(['stop', 'rollback']).default('stop'),
  onHaltedChain: z.enum(['proceed', 'hold']).default('proceed'),
  /** The keeper's fee cap (gwei per gas): it bumps its offer within it; absent: it pays the node's estimate. */
  executorMaxFeeGwei: z.number().positive().max(1_000_000).optional(),
};

export const attackerShape = {
  enabled: z.boolean().default(false),
  depositWei: wei.default(DEFAULT_ATTACKER_DEPOSIT_WEI),
  spreadSeconds: seconds.default(DEFAULT_EXPLOIT_SPREAD_SECONDS),
};

const alertKinds = z
  .array(z.string().regex(/^[a-z][a-z0-9-]*$/))
  .min(1)
  .optional();

export const expectShape = {
  upgraded: chainSelection.optional(),
  unchanged: chainSelection.optional(),
  maxVulnerabilityWindowSeconds: z.number().min(0).optional(),
  alerts: alertKinds,
  maxFundsLostWei: wei.optional(),
  maxRtoSeconds: z.number().min(0).optional(),
  maxTimeToPauseSeconds: z.number().min(0).optional(),
  exactlyOnce: z.boolean().optional(),
  fallbackDelayed: chainSelection.optional(),
  noAlerts: alertKinds,
  /** Chain name (or `all`: every chain not named) → wei. */
  maxFundsLostWeiPerChain: z
    .record(z.string(), wei)
    .refine((limits) => Object.keys(limits).length > 0, { message: 'names no chain' })
    .optional(),
  staysOnOldCode: chainSelection.optional(),
};

// ─── the whole scenario ─────────────────────────────────────────────────────────────────────────

export const scenarioShape = {
  /** Default: the file's base name. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
    .optional(),
  description: z.string().trim().min(1),
  seed: z.number().int().min(0).max(UINT32_MAX).default(DEFAULT_SEED),
  chains: chainsSchema,
  council: councilSchema,
  guardians: guardiansSchema,
  timelockDelaySeconds: z.number().int().min(0).max(UINT32_MAX).default(DEFAULT_TIMELOCK_DELAY_SECONDS),
  deployment: z.strictObject(deploymentShape).prefault({}),
  baseline: z.enum(['VaultV1', 'VaultV2']).default('VaultV1'),
  proposal: z.strictObject(proposalShape).prefault({}),
  response: z.strictObject(responseShape).prefault({}),
  faults: z.array(faultSchema).default([]),
  attacker: z.strictObject(attackerShape).prefault({}),
  expect: z.strictObject(expectShape).prefault({}),
  system: ownSystemSchema.optional(),
};

/** Parses a scenario file's value. Without `name`, the output's name is `''` (the loader fills it). */
export const scenarioSchema = z
  .strictObject(scenarioShape)
  .transform(({ name, ...rest }) => ({ name: name ?? '', ...rest }))
  .superRefine((scenario, ctx) => {
    checkReferences(scenario, ctx);
    checkDeployment(scenario, ctx);
    checkSystem(scenario, ctx);
  });

/** What a scenario file may contain (before defaults). */
export type ScenarioInput = z.input<typeof scenarioSchema>;

// The schema's output must be exactly the shared type, both ways.
type Output = z.output<typeof scenarioSchema>;
const _toShared = (value: Output): Scenario => value;
const _fromShared = (value: Scenario): Output => value;
void _toShared;
void _fromShared;

/** The chain names a scenario refers to outside `chains` (proposal, overrides, faults, expectations). */
export function referencedChains(scenario: Scenario): Set<string> {
  const names = new Set<string>();
  const add = (selection: 'all' | readonly string[] | undefined) => {
    if (selection && selection !== 'all') for (const name of selection) names.add(name);
  };
  add(scenario.proposal.chains);
  for (const override of scenario.proposal.overrides ?? []) names.add(override.chain);
  for (const wave of scenario.proposal.waves ?? []) for (const name of wave) names.add(name);
  for (const fault of scenario.faults) if ('target' in fault) names.add(fault.target);
  add(scenario.expect.upgraded);
  add(scenario.expect.unchanged);
  add(scenario.expect.fallbackDelayed);
  add(scenario.expect.staysOnOldCode);
  for (const name of Object.keys(scenario.expect.maxFundsLostWeiPerChain ?? {})) if (name !== 'all') names.add(name);
  return names;
}

/**
 * The deployment's timing must let an upgrade run: a message can arrive before the activation
 * time, the keeper finds a block before the message expires, and the fallback path does not
 * always deliver expired messages. (The receiver: executable at max(activation, queued + delay),
 * expired from activation + messageExpirySeconds; the hub: activation = dispatch + margin + minDelay.)
 */
function checkDeployment(scenario: Output, ctx: z.RefinementCtx): void {
  const { deployment: d, chains, proposal, timelockDelaySeconds } = scenario;
  const hub = chains.find((chain) => chain.role === 'hub');
  if (!hub) return; // already "no chain has role hub"
  const targets = new Set(
    selectChains(
      proposal.chains,
      chains.map((chain) => chain.name),
    ),
  );
  const slowest = Math.max(...chains.filter((chain) => targets.has(chain.name)).map((chain) => chain.blockTime), 0);

  // Guardians sign once the dispatch block is final on the hub; the delivery then needs a block on
  // its destination. A shorter margin means every message arrives after the activation time.
  const arrival = Math.ceil((hub.finalityDepth + 1) * hub.blockTime + slowest);
  if (d.deliveryMarginSeconds < arrival)
    addIssue(
      ctx,
      ['deployment', 'deliveryMarginSeconds'],
      `is ${d.deliveryMarginSeconds} s, less than a message needs to arrive (${arrival} s: ${hub.name}'s finality, ${hub.finalityDepth + 1} blocks of ${hub.blockTime} s, then a block of ${slowest} s on the slowest target), so every chain would receive it after the activation time and switch late`,
      `set deliveryMarginSeconds to at least ${arrival} (the default is ${DEFAULT_DEPLOYMENT.deliveryMarginSeconds})`,
    );

  // The keeper executes in the first block at or after the activation time.
  if (d.messageExpirySeconds <= slowest)
    addIssue(
      ctx,
      ['deployment', 'messageExpirySeconds'],
      `is ${d.messageExpirySeconds} s, not more than one block (${slowest} s) of the slowest target: the message can expire before a block executes it`,
      `set messageExpirySeconds to more than ${slowest} (the default is ${DEFAULT_DEPLOYMENT.messageExpirySeconds}, 7 days)`,
    );

  // A message only the fallback council confirmed waits the fallback delay after it is queued
  // (at the earliest at dispatch), while it expires messageExpirySeconds after the activation time.
  const fallbackDelay = Math.max(timelockDelaySeconds, d.minDelaySeconds);
  const fallbackNeeds = fallbackDelay - d.deliveryMarginSeconds - d.minDelaySeconds;
  if (d.messageExpirySeconds <= fallbackNeeds)
    addIssue(
      ctx,
      ['deployment', 'messageExpirySeconds'],
      `is ${d.messageExpirySeconds} s, but a message only the fallback council confirms waits the fallback delay (${fallbackDelay} s, the timelock's) after it is queued, ${fallbackNeeds} s past the activation time at best: it would always expire on arrival (ReceiverExpiredOnArrival), so the fallback could never upgrade anything`,
      `set messageExpirySeconds to more than ${fallbackNeeds} (timelockDelaySeconds − deliveryMarginSeconds − minDelaySeconds), or shorten timelockDelaySeconds`,
    );
}
