/**
 * The presign plan: what to sign, per network — a JSON file the team reviews before the ceremony.
 *
 * ```json
 * { "proposal": "vault-v2", "notBefore": "2026-12-06T12:00:00Z", "expiresAt": "2026-12-20T00:00:00Z",
 *   "nonceOffset": 0,
 *   "transactions": [
 *     { "network": "ethereum", "kind": "uups-upgrade", "proxy": "0x…", "implementation": "0x…" },
 *     { "network": "arbitrum", "kind": "proxy-admin-upgrade", "proxyAdmin": "0x…", "proxy": "0x…", "implementation": "0x…" },
 *     { "network": "optimism", "kind": "receiver-execute", "encodedMessage": "0x…", "gasLimit": "400000" } ] }
 * ```
 */
import { proxyAdminAbi, upgradeReceiverAbi, vaultV1Abi } from '@lockstep/client';
import { type Address, encodeFunctionData, getAddress, type Hex, isHex } from 'viem';
import { z } from 'zod';
import { TRANSACTION_KINDS, type TransactionKind } from './bundle.js';

/**
 * The UUPS upgrade entry point (`UUPSUpgradeable.upgradeToAndCall`), taken from the generated ABI
 * of the example vault, a `UUPSUpgradeable`: the same function every UUPS proxy exposes.
 */
export const uupsUpgradeAbi = vaultV1Abi.filter(
  (item) => item.type === 'error' || (item.type === 'function' && item.name === 'upgradeToAndCall'),
);

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte address')
  .transform((v) => getAddress(v));
const data = z
  .string()
  .refine((v) => isHex(v), 'expected 0x-prefixed hex')
  .transform((v) => v as Hex);
const wei = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((v) => BigInt(v));
/** Unix seconds, or an ISO-8601 date. */
export const timeSchema = z.union([
  z.number().int().nonnegative(),
  z.iso.datetime({ offset: true }).transform((v) => Math.floor(Date.parse(v) / 1000)),
]);

const overrides = {
  network: z.string().min(1),
  /** The gas limit to sign; default: the estimate plus the safety buffer. */
  gasLimit: wei.optional(),
  maxFeePerGas: wei.optional(),
  maxPriorityFeePerGas: wei.optional(),
  /** This chain's offset over the plan's. */
  nonceOffset: z.number().int().min(0).max(1000).optional(),
};

const planTransactionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...overrides,
    kind: z.literal('uups-upgrade'),
    proxy: address,
    implementation: address,
    data: data.default('0x'),
  }),
  z.strictObject({
    ...overrides,
    kind: z.literal('proxy-admin-upgrade'),
    proxyAdmin: address,
    proxy: address,
    implementation: address,
    data: data.default('0x'),
  }),
  z.strictObject({
    ...overrides,
    kind: z.literal('receiver-execute'),
    encodedMessage: data,
    /** Default: the network's deployment (`deployments/<network>.json`). */
    receiver: address.optional(),
  }),
]);

export const presignPlanSchema = z
  .strictObject({
    proposal: z.string().min(1),
    notBefore: timeSchema,
    expiresAt: timeSchema,
    nonceOffset: z.number().int().min(0).max(1000).default(0),
    transactions: z.array(planTransactionSchema).min(1),
  })
  .superRefine((plan, ctx) => {
    if (plan.expiresAt <= plan.notBefore) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be after notBefore' });
    }
    const seen = new Set<string>();
    plan.transactions.forEach((t, i) => {
      if (seen.has(t.network)) {
        ctx.addIssue({
          code: 'custom',
          path: ['transactions', i, 'network'],
          message: `${t.network} is listed twice: a bundle holds one transaction per chain`,
        });
      }
      seen.add(t.network);
    });
  });

export type PresignPlan = z.output<typeof presignPlanSchema>;
export type PresignPlanInput = z.input<typeof presignPlanSchema>;
export type PlanTransaction = z.output<typeof planTransactionSchema>;

export { TRANSACTION_KINDS, type TransactionKind };

/** The call a plan entry makes: its target, calldata and one line saying what it does. */
export function planCall(
  entry: PlanTransaction,
  receiver: Address | undefined,
): { to: Address; data: Hex; description: string } {
  if (entry.kind === 'uups-upgrade') {
    return {
      to: entry.proxy,
      data: encodeFunctionData({
        abi: uupsUpgradeAbi,
        functionName: 'upgradeToAndCall',
        args: [entry.implementation, entry.data],
      }),
      description: `upgradeToAndCall on proxy ${entry.proxy} → ${entry.implementation}`,
    };
  }
  if (entry.kind === 'proxy-admin-upgrade') {
    return {
      to: entry.proxyAdmin,
      data: encodeFunctionData({
        abi: proxyAdminAbi,
        functionName: 'upgradeAndCall',
        args: [entry.proxy, entry.implementation, entry.data],
      }),
      description: `ProxyAdmin ${entry.proxyAdmin} upgradeAndCall ${entry.proxy} → ${entry.implementation}`,
    };
  }
  const to = entry.receiver ?? receiver;
  if (!to) throw new Error('planCall: a receiver-execute entry needs the receiver');
  return {
    to,
    data: encodeFunctionData({ abi: upgradeReceiverAbi, functionName: 'execute', args: [entry.encodedMessage] }),
    description: `UpgradeReceiver ${to} execute(message)`,
  };
}
