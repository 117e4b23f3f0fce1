/**
 * The Lockstep config schema. Field rules mirror what the contracts would revert on (member counts,
 * thresholds, guardian quorum, expiry window, grace period), so a bad config fails here, before any
 * transaction. Cross-field rules add issues carrying a `fix` in `params`; `format-issues.ts`
 * turns every issue into "path: problem — fix".
 */
import { getAddress, isAddress, zeroAddress } from 'viem';
import { z } from 'zod';

/** SecurityCouncil and CouncilFallbackAdapter: `MIN_MEMBERS` / `MAX_MEMBERS`. */
export const MIN_COUNCIL_MEMBERS = 5;
export const MAX_COUNCIL_MEMBERS = 9;
/** GuardianAdapter: `MAX_GUARDIANS` and `MAX_SET_EXPIRY_WINDOW` (7 days). */
export const MAX_GUARDIANS = 32;
export const MAX_SET_EXPIRY_WINDOW = 7 * 24 * 60 * 60;
/** GovernanceHub: `MAX_CHAINS`. */
export const MAX_NETWORKS = 64;

const UINT32_MAX = 2 ** 32 - 1;

/** A `custom` issue with the fix a person should apply. */
function addIssue(
  ctx: z.RefinementCtx,
  path: readonly PropertyKey[],
  problem: string,
  fix: string,
  input?: unknown,
): void {
  ctx.addIssue({ code: 'custom', message: problem, path: [...path], params: { fix }, input });
}

/** Seconds as the contracts store them (`uint32`). */
const seconds = z.number().int().min(0).max(UINT32_MAX);

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

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);

// ─── networks ───────────────────────────────────────────────────────────────────────────────────

export const localRpcShape = {
  local: z.literal(true),
  /** Seconds between blocks; fractions allowed (Arbitrum-like chains: 0.25). */
  blockTime: z.number().positive().max(3600),
};

export const rpcSchema = z.union([z.url({ protocol: /^(https?|wss?)$/ }), z.strictObject(localRpcShape)]);

export const networkShape = {
  name: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/),
  chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  role: z.enum(['hub', 'satellite']),
  rpc: rpcSchema,
  finalityDepth: z.number().int().min(0).max(100_000),
  deliveryMargin: seconds,
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

// ─── council, guardians, fallback ───────────────────────────────────────────────────────────────

export const councilShape = {
  members: addressSet('council members', MIN_COUNCIL_MEMBERS, MAX_COUNCIL_MEMBERS),
  threshold: z.number().int().positive(),
  emergencyThreshold: z.number().int().positive(),
  termDays: z.number().int().positive().max(36_500),
};

export const councilSchema = z.strictObject(councilShape).superRefine((council, ctx) => {
  const n = council.members.length;
  const min = Math.ceil((2 * n) / 3);
  if (council.threshold < min || council.threshold > n) {
    addIssue(
      ctx,
      ['threshold'],
      `expected ${min} to ${n} (at least two thirds of ${n} members), got ${council.threshold}`,
      `set threshold between ${min} and ${n}`,
      council.threshold,
    );
    return;
  }
  const minEmergency = Math.floor(n / 3) + 1;
  if (council.emergencyThreshold < minEmergency || council.emergencyThreshold > council.threshold) {
    addIssue(
      ctx,
      ['emergencyThreshold'],
      `expected ${minEmergency} to ${council.threshold} (more than a third of ${n} members, at most threshold), got ${council.emergencyThreshold}`,
      `set emergencyThreshold between ${minEmergency} and ${council.threshold}`,
      council.emergencyThreshold,
    );
  }
});

export const guardiansShape = {
  keys: addressSet('guardian keys', 1, MAX_GUARDIANS),
  quorum: z.number().int().positive(),
  setExpiryWindow: z.number().int().min(0).max(MAX_SET_EXPIRY_WINDOW),
};

/** A strict majority of `size`, as GuardianAdapter and CouncilFallbackAdapter require. */
export function minMajority(size: number): number {
  return Math.floor(size / 2) + 1;
}

export const guardiansSchema = z.strictObject(guardiansShape).superRefine((guardians, ctx) => {
  const n = guardians.keys.length;
  if (guardians.quorum < minMajority(n) || guardians.quorum > n) {
    addIssue(
      ctx,
      ['quorum'],
      `expected ${minMajority(n)} to ${n} (more than half of ${n} guardians), got ${guardians.quorum}`,
      `set quorum between ${minMajority(n)} and ${n}`,
      guardians.quorum,
    );
  }
});

export const fallbackShape = {
  members: addressSet('fallback members', MIN_COUNCIL_MEMBERS, MAX_COUNCIL_MEMBERS),
  threshold: z.number().int().positive(),
};

export const fallbackSchema = z.strictObject(fallbackShape).superRefine((fallback, ctx) => {
  const n = fallback.members.length;
  if (fallback.threshold < minMajority(n) || fallback.threshold > n) {
    addIssue(
      ctx,
      ['threshold'],
      `expected ${minMajority(n)} to ${n} (more than half of ${n} members), got ${fallback.threshold}`,
      `set threshold between ${minMajority(n)} and ${n}`,
      fallback.threshold,
    );
  }
});

// ─── timelock, receiver ─────────────────────────────────────────────────────────────────────────

export const timelockShape = { delaySeconds: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) };
export const receiverShape = { minDelay: seconds, gracePeriod: seconds.min(1) };

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
  receiver: z.strictObject(receiverShape),
  /** Each receiver's guardian: may cancel a queued message on its chain. */
  chainGuardian: address,
  /** Accounts allowed to report delivery progress to the hub. */
  reporters: addressSet('reporters', 0, 64),
  keys: z.strictObject(keysShape).default({}),
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
