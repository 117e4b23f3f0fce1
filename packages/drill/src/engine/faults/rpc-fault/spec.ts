/**
 * `rpc-fault`: `target`'s RPC endpoint misbehaves for `durationSeconds` (virtual) for the `actors`
 * named (the relayer, the keeper, the guardians): `error` answers a `rate` of requests with a
 * JSON-RPC error, `timeout` leaves a `rate` unanswered, `latency` holds every answer `latencyMs`,
 * `drop` cuts a `rate` of connections. Which requests are hit is drawn from the scenario's seed.
 * Guardians read only the hub, so a guardian fault only bites on the hub.
 */
import { z } from 'zod';
import { chainName, positiveSeconds, trigger } from '../../../scenario-fields.js';
import { DURATION_FIX, defineFaultSpec } from '../spec.js';

/** Who reaches chains over RPC in a drill, and so who can be given the faulty endpoint. */
export const RPC_ACTORS = ['relayer', 'keeper', 'guardians'] as const;
export const RPC_FAULT_MODES = ['error', 'timeout', 'latency', 'drop'] as const;

export const rpcFaultSpec = defineFaultSpec({
  kind: 'rpc-fault',
  shape: {
    kind: z.literal('rpc-fault'),
    target: chainName,
    trigger,
    actors: z
      .array(z.enum(RPC_ACTORS))
      .min(1)
      .default([...RPC_ACTORS]),
    mode: z.enum(RPC_FAULT_MODES),
    rate: z.number().gt(0).max(1).default(0.5),
    latencyMs: z.number().int().positive().max(60_000).default(500),
    durationSeconds: positiveSeconds,
  },
  fixes: {
    actors: `name who sees the faulty endpoint: one or more of ${RPC_ACTORS.join(', ')}`,
    mode: `choose one of ${RPC_FAULT_MODES.join(', ')}`,
    rate: 'set the share of requests hit, more than 0 and at most 1 (error, timeout, drop)',
    latencyMs: 'set the added latency in whole milliseconds, 1 to 60000 (latency mode)',
    durationSeconds: DURATION_FIX,
  },
  check(fault, env) {
    if (new Set(fault.actors).size !== fault.actors.length) {
      env.report(['actors'], 'names an actor twice', 'list each actor once');
    }
  },
});
