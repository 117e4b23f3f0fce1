/**
 * The Lockstep config schema. Field rules mirror what the contracts would revert on (member counts,
 * thresholds, guardian quorum, expiry window, grace period), so a bad config fails here, before any
 * transaction. Cross-field rules add issues carrying a `fix` in `params`; `format-issues.ts`
 * turns every issue into "path: problem — fix".
 */
import { getAddress, isAddress, zeroAddress } from 'viem';
import { z } from 'zod';
import { cohortTermOffsets, effectiveCohorts, seatsEndingTogether } from './council-terms.js';
import { envName, seconds } from './fields.js';
import { addIssue } from './issue.js';
import { monitorNetworkIssues, monitorSchema } from './monitor.js';
import { councilEmergencyIssue, councilThresholdIssue, majorityIssue } from './quorum.js';

export { cohortTermOffsets, effectiveCohorts, seatsEndingTogether, TERM_STAGGER_SECONDS } from './council-terms.js';

/** SecurityCouncil and CouncilFallbackAdapter: `MIN_MEMBERS` / `MAX_MEMBERS`. */
export const MIN_COUNCIL_MEMBERS = 5;
export const MAX_COUNCIL_MEMBERS = 9;
/** GuardianAdapter: `MAX_GUARDIANS` and `MAX_SET_EXPIRY_WINDOW` (7 days). */
export const MAX_GUARDIANS = 32;
export const MAX_SET_EXPIRY_WINDOW = 7 * 24 * 60 * 60;
/** GovernanceHub: `MAX_CHAINS`. */
export const MAX_NETWORKS = 128;
/**
 * The bridge adapters a receiver can trust, by transport name: the `transport` of each entry of
 * `_adapterKinds` in `script/LockstepDeployment.sol`, which deploys them.
 */
export const RECEIVER_ADAPTERS = ['guardian', 'fallback'] as const;
export type ReceiverAdapter = (typeof RECEIVER_ADAPTERS)[number];

/** A checksummed, non-zero address. Lower- or upper-case input is accepted and checksummed. */
const address = z
  .string()
  .superRefine((value, ctx) => {
    if (!/^0x[0-9a-fA-F]{40}$/.test(value)) {
      addIssue(
        ctx,
        [],
        `expected a 0x-prefixed 20-byte address, got ${JSON.stringify(value)}`,
        'write the address as 0x followed by 40 hex digits',
      );
    } else if (!isAddress(value)) {
      addIssue(
        ctx,
        [],
        `the checksum of ${value} is wrong (a typo?)`,
        'copy the address again, or write it all in lower case',
      );
    } else if (value.toLowerCase() === zeroAddress) {
      addIssue(ctx, [], 'the zero address is not allowed', 'use the real account address');
    }
  })
  .transform((value) => (isAddress(value, { strict: false }) ? getAddress(value) : value) as `0x${string}`);

/** Distinct addresses, returned in ascending order (the contracts require ascending sets). */
function addressSet(what: string, min: number, max: number) {
  return z
    .array(address)
    .min(min)
    .max(max)
    .superRefine((list, ctx) => {
      const seen = new Map<string, number>();
      list.forEach((entry, i) => {
        const key = entry.toLowerCase();
        const first = seen.get(key);
        if (first === undefined) seen.set(key, i);
        else
          addIssue(
            ctx,
            [i],
            `${entry} is listed twice (also at [${first}])`,
            `remove the duplicate; each of the ${what} must be a different address`,
          );
      });
    })
    .transform((list) => [...list].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
}

// ─── networks ───────────────────────────────────────────────────────────────────────────────────

export const localRpcShape = {
  local: z.literal(true),
  /** Seconds between blocks; fractions allowed (Arbitrum-like chains: 0.25). */
  blockTime: z.number().positive().max(3600),
};

export const rpcSchema = z.union([z.url({ protocol: /^(https?|wss?)$/ }), z.strictObject(localRpcShape)]);

export const networkShape = {
  name: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
  chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  role: z.enum(['hub', 'satellite']),
  rpc: rpcSchema,
  /** Further RPC URLs of the same chain, tried in order when `rpc` (then the one before) fails. */
  rpcFallbacks: z
    .array(z.url({ protocol: /^(https?|wss?)$/ }))
    .max(8)
    .optional(),
  finalityDepth: z.number().int().min(0).max(100_000),
  deliveryMargin: seconds,
  /**
   * The chain's per-transaction gas cap, if it has one (the `hub-gas` gate checks the hub's
   * transactions against it). Ethereum mainnet and Sepolia default to 2^24 (EIP-7825).
   */
  txGasCap: z.number().int().min(21_000).optional(),
};

export const networksSchema = z
  .array(z.strictObject(networkShape))
  .min(1)
  .max(MAX_NETWORKS)
  .superRefine((networks, ctx) => {
    const names = new Map<string, number>();
    const chainIds = new Map<number, number>();
    networks.forEach((network, i) => {
      const sameName = names.get(network.name);
      if (sameName !== undefined) {
        addIssue(
          ctx,
          [i, 'name'],
          `"${network.name}" is also the name of networks[${sameName}]`,
          'give every network its own name',
          network.name,
        );
      } else names.set(network.name, i);
      const sameId = chainIds.get(network.chainId);
      if (sameId !== undefined) {
        addIssue(
          ctx,
          [i, 'chainId'],
          `chain id ${network.chainId} is also used by networks[${sameId}]`,
          'each network must be a different chain; fix the chain id or remove the duplicate',
          network.chainId,
        );
      } else chainIds.set(network.chainId, i);
      checkRpcFallbacks(network, i, ctx);
    });
    const hubs = networks.filter((n) => n.role === 'hub').map((n) => n.name);
    if (hubs.length === 0) {
      addIssue(
        ctx,
        [],
        'no network has role "hub"',
        'set role: "hub" on exactly one network (the home chain of the council and timelock)',
      );
    } else if (hubs.length > 1) {
      addIssue(
        ctx,
        [],
        `${hubs.length} networks have role "hub" (${hubs.join(', ')})`,
        'keep role: "hub" on exactly one network and set the others to "satellite"',
      );
    }
  });

/** Fallback URLs back up a remote `rpc`, each a different endpoint. */
function checkRpcFallbacks(
  network: { rpc: string | { local: true }; rpcFallbacks?: string[] | undefined },
  i: number,
  ctx: z.RefinementCtx,
): void {
  const fallbacks = network.rpcFallbacks ?? [];
  if (fallbacks.length === 0) return;
  if (typeof network.rpc !== 'string') {
    addIssue(
      ctx,
      [i, 'rpcFallbacks'],
      'backs up a local network, which has no RPC URL of its own',
      'remove rpcFallbacks, or set rpc to the chain’s primary URL',
    );
    return;
  }
  const seen = [network.rpc, ...fallbacks];
  fallbacks.forEach((url, j) => {
    const first = seen.indexOf(url);
    if (first <= j)
      addIssue(
        ctx,
        [i, 'rpcFallbacks', j],
        `${url} is listed twice (also ${first === 0 ? 'as rpc' : `at rpcFallbacks[${first - 1}]`})`,
        'remove the duplicate; each fallback must be a different endpoint',
        url,
      );
  });
}

// ─── council, guardians, fallback ───────────────────────────────────────────────────────────────

export const councilShape = {
  members: addressSet('council members', MIN_COUNCIL_MEMBERS, MAX_COUNCIL_MEMBERS),
  threshold: z.number().int().positive(),
  emergencyThreshold: z.number().int().positive(),
  termDays: z.number().int().positive().max(36_500),
  /**
   * Term cohorts: member i (ascending) sits in cohort i % cohorts, whose term ends
   * termDays * (k + 1) / cohorts days after deployment. Absent: the deploy script picks the fewest
   * that keep the council able to rotate itself, ceil(n / (n - threshold)).
   */
  cohorts: z.number().int().positive().max(MAX_COUNCIL_MEMBERS).optional(),
};

export const councilSchema = z.strictObject(councilShape).superRefine((council, ctx) => {
  const n = council.members.length;
  const thresholdIssue = councilThresholdIssue(
    n,
    council.threshold,
    ' of them: terms end in cohorts, so at least one seat must be able to end while the rest still reach the threshold',
  );
  if (thresholdIssue) {
    addIssue(ctx, ['threshold'], thresholdIssue.problem, thresholdIssue.fix, council.threshold);
    return;
  }
  const emergencyIssue = councilEmergencyIssue(n, council.threshold, council.emergencyThreshold);
  if (emergencyIssue) {
    addIssue(ctx, ['emergencyThreshold'], emergencyIssue.problem, emergencyIssue.fix, council.emergencyThreshold);
  }
  const maxTogether = n - council.threshold;
  const fewest = Math.ceil(n / maxTogether);
  const cohorts = effectiveCohorts(council);
  if (cohorts > n) {
    addIssue(
      ctx,
      ['cohorts'],
      `expected at most ${n} cohorts (one per member), got ${cohorts}`,
      `set cohorts between ${fewest} and ${n}, or leave it out (${fewest})`,
      council.cohorts,
    );
    return;
  }
  const together = seatsEndingTogether(cohortTermOffsets(n, council.termDays, cohorts));
  if (together > maxTogether) {
    const spacing = Math.floor(council.termDays / cohorts);
    const why =
      cohorts < fewest
        ? `${cohorts} cohort(s) put ${together} of ${n} seats in the first one`
        : `cohorts ${spacing} days apart (termDays / cohorts) count as one: ${together} seats end within 30 days of each other`;
    addIssue(
      ctx,
      [council.cohorts === undefined ? 'termDays' : 'cohorts'],
      `${why}, but at most ${maxTogether} (members - threshold) may, or the council could no longer rotate itself (CouncilTermsNotStaggered)`,
      cohorts < fewest
        ? `set cohorts to at least ${fewest} (or leave it out)`
        : `make termDays at least ${30 * cohorts} days, or use fewer cohorts (at least ${fewest})`,
      council.cohorts ?? council.termDays,
    );
  }
});

export const guardiansShape = {
  keys: addressSet('guardian keys', 1, MAX_GUARDIANS),
  quorum: z.number().int().positive(),
  setExpiryWindow: z.number().int().min(0).max(MAX_SET_EXPIRY_WINDOW),
};

export const guardiansSchema = z.strictObject(guardiansShape).superRefine((guardians, ctx) => {
  const issue = majorityIssue('quorum', guardians.quorum, guardians.keys.length, 'guardians');
  if (issue) addIssue(ctx, ['quorum'], issue.problem, issue.fix, guardians.quorum);
});

export const fallbackShape = {
  members: addressSet('fallback members', MIN_COUNCIL_MEMBERS, MAX_COUNCIL_MEMBERS),
  threshold: z.number().int().positive(),
};

export const fallbackSchema = z.strictObject(fallbackShape).superRefine((fallback, ctx) => {
  const issue = majorityIssue('threshold', fallback.threshold, fallback.members.length, 'members');
  if (issue) addIssue(ctx, ['threshold'], issue.problem, issue.fix, fallback.threshold);
});

// ─── timelock, receiver ─────────────────────────────────────────────────────────────────────────

export const timelockShape = { delaySeconds: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) };
export const receiverShape = {
  minDelay: seconds,
  gracePeriod: seconds.min(1),
  /** The adapters every receiver trusts, by transport, in confirmation-bit order. */
  adapters: z
    .array(z.enum(RECEIVER_ADAPTERS))
    .min(1)
    .max(RECEIVER_ADAPTERS.length)
    .default([...RECEIVER_ADAPTERS]),
  /** Adapters that must confirm a message before it acts (1 to `adapters.length`). */
  requiredConfirmations: z.number().int().positive().default(1),
  /**
   * Seconds an upgrade confirmed by the fallback adapter alone waits after it is queued. Absent:
   * the timelock's delay, or `minDelay` if longer (see `effectiveFallbackDelay`); never less.
   */
  fallbackDelay: seconds.optional(),
};

export const receiverSchema = z.strictObject(receiverShape).superRefine((receiver, ctx) => {
  receiver.adapters.forEach((adapter, i) => {
    const first = receiver.adapters.indexOf(adapter);
    if (first !== i) {
      addIssue(
        ctx,
        ['adapters', i],
        `"${adapter}" is listed twice (also at [${first}])`,
        'list each adapter once',
        adapter,
      );
    }
  });
  const count = receiver.adapters.length;
  if (receiver.requiredConfirmations > count) {
    addIssue(
      ctx,
      ['requiredConfirmations'],
      `expected 1 to ${count} (the number of adapters), got ${receiver.requiredConfirmations}`,
      `set requiredConfirmations between 1 and ${count}, or list more adapters`,
      receiver.requiredConfirmations,
    );
  }
});

/**
 * The fallback delay the receivers get: `receiver.fallbackDelay`, else the timelock's delay (or
 * the receivers' `minDelay` when that is longer: a receiver refuses a shorter fallback delay).
 */
export function effectiveFallbackDelay(config: {
  timelock: { delaySeconds: number };
  receiver: { minDelay: number; fallbackDelay?: number | undefined };
}): number {
  return config.receiver.fallbackDelay ?? Math.max(config.timelock.delaySeconds, config.receiver.minDelay);
}

// ─── keys ───────────────────────────────────────────────────────────────────────────────────────

export const keySourceShapes = {
  env: { env: envName },
  keystore: { keystore: z.string().min(1), passphraseEnv: envName },
  mnemonic: {
    mnemonicEnv: envName,
    index: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(0),
  },
};

/** Where a key comes from: never the key itself. */
export const keySourceSchema = z.union([
  z.strictObject(keySourceShapes.env),
  z.strictObject(keySourceShapes.keystore),
  z.strictObject(keySourceShapes.mnemonic),
]);

const keySourceList = z.array(keySourceSchema).max(MAX_GUARDIANS);

/** The roles Lockstep signs as. Lists hold one source per member, in any order. */
export const keysShape = {
  deployer: keySourceSchema.optional(),
  relayer: keySourceSchema.optional(),
  reporter: keySourceSchema.optional(),
  chainGuardian: keySourceSchema.optional(),
  council: keySourceList.optional(),
  guardians: keySourceList.optional(),
  fallback: keySourceList.optional(),
};

// ─── the whole config ───────────────────────────────────────────────────────────────────────────

export const configShape = {
  networks: networksSchema,
  council: councilSchema,
  guardians: guardiansSchema,
  fallback: fallbackSchema,
  timelock: z.strictObject(timelockShape),
  receiver: receiverSchema,
  /** Each receiver's guardian: may cancel a queued message on its chain. */
  chainGuardian: address,
  /** Accounts allowed to report delivery progress to the hub. */
  reporters: addressSet('reporters', 0, 64),
  keys: z.strictObject(keysShape).default({}),
  /** `lockstep monitor`: what it watches, when it alerts, and where alerts go (absent: `defaultMonitorSettings`). */
  monitor: monitorSchema.optional(),
};

export const lockstepConfigSchema = z.strictObject(configShape).superRefine((config, ctx) => {
  const lists = [
    ['council', config.council.members.length, 'council members'],
    ['guardians', config.guardians.keys.length, 'guardian keys'],
    ['fallback', config.fallback.members.length, 'fallback members'],
  ] as const;
  for (const [role, size, what] of lists) {
    const sources = config.keys[role];
    if (sources && sources.length > size) {
      addIssue(
        ctx,
        ['keys', role],
        `lists ${sources.length} key sources but there are only ${size} ${what}`,
        `list at most one key source per entry of ${role}`,
      );
    }
  }
  // SECURITY: the fallback path never needs fewer keys than the council (the adapter's floor).
  if (config.fallback.threshold < config.council.threshold) {
    addIssue(
      ctx,
      ['fallback', 'threshold'],
      `is ${config.fallback.threshold}, below council.threshold (${config.council.threshold}): the fallback would reach every chain with fewer keys than the council`,
      config.fallback.members.length >= config.council.threshold
        ? `raise fallback.threshold to at least ${config.council.threshold}`
        : `add fallback members (at least ${config.council.threshold}) and raise fallback.threshold to at least ${config.council.threshold}`,
      config.fallback.threshold,
    );
  }
  if (config.monitor) {
    for (const issue of monitorNetworkIssues(config.monitor, config.networks)) {
      addIssue(ctx, ['monitor', ...issue.path], issue.problem, issue.fix, issue.input);
    }
  }
  // SECURITY: and it is never faster than the timelock (nor than the receivers' minimum delay).
  const fallbackDelay = effectiveFallbackDelay(config);
  const floor = Math.max(config.timelock.delaySeconds, config.receiver.minDelay);
  if (config.receiver.adapters.includes('fallback') && fallbackDelay < floor) {
    const which = floor === config.timelock.delaySeconds ? 'timelock.delaySeconds' : 'receiver.minDelay';
    addIssue(
      ctx,
      ['receiver', 'fallbackDelay'],
      `is ${fallbackDelay} s, below ${which} (${floor} s): an upgrade confirmed by the fallback alone would skip part of the delay`,
      `set receiver.fallbackDelay to at least ${floor} (or leave it out to use the timelock's delay)`,
      fallbackDelay,
    );
  }
});

/** A validated Lockstep config: addresses checksummed, address sets ascending, defaults filled. */
export type LockstepConfig = z.output<typeof lockstepConfigSchema>;
/** What a config file may contain (before defaults): the type `defineConfig` checks. */
export type LockstepConfigInput = z.input<typeof lockstepConfigSchema>;
export type NetworkConfig = LockstepConfig['networks'][number];
export type NetworkRole = NetworkConfig['role'];
export type RpcSource = NetworkConfig['rpc'];
export type KeySource = z.output<typeof keySourceSchema>;
export type KeySourceInput = z.input<typeof keySourceSchema>;
export type KeyRole = keyof typeof keysShape;
