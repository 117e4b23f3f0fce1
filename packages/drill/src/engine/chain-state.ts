/**
 * Each chain's progress through the current round, and the rounds a drill carries. Plain data the
 * phases, the faults' hooks and the defenders share (no behaviour): what a fault changes in a
 * phase goes through its hooks (`faults/schedule.ts`), not through flags here.
 */
import type { ChainAction } from '@lockstep/core/council';
import type { DispatchedMessage } from '@lockstep/core/relay';
import type { Address, Hex } from 'viem';
import type { DrillChain } from '../chains/start-chains.js';
import type { DeliveryPath, RoundReport } from '../types.js';
import type { ExpiredOnArrival } from './expired-on-arrival.js';
import type { ProposeAndApproveReturnType } from './phases/council.js';

export type ChainState = {
  chain: DrillChain;
  message?: DispatchedMessage;
  action?: ChainAction;
  /** The proxy the drill upgrades here: the example vault, or the chain's own (forked) proxy. */
  proxy: Address;
  /** Whether `proxy` is the example vault (deposits, attacker and vault health probes apply). */
  vault: boolean;
  implementationBefore: Address;
  /** The codehash of `implementationBefore` when the drill started (what a rollback must restore). */
  codehashBefore: Hex;
  queuedAt?: number;
  /**
   * Virtual time the receiver lets it execute (late deliveries wait the receiver's minimum delay;
   * those the fallback council alone confirmed, its fallback delay).
   */
  executableAt?: number;
  /** The adapters that confirmed the message here (read when it was queued). */
  deliveredVia?: DeliveryPath;
  /** The receiver's fallback delay, when only the fallback council confirmed the message. */
  fallbackDelaySeconds?: number;
  executed?: { block: bigint; timestamp: bigint };
  /** Failed executions so far, and the virtual time of the next attempt (backoff). */
  failures: number;
  nextAttemptAt?: number;
  /** The chain guardian cancelled the message here (it must never execute). */
  cancelled: boolean;
  /** The receiver refused the message: it arrived after its expiry (it can never execute here). */
  expiredOnArrival?: ExpiredOnArrival;
  /** The hub's final block holds no dispatch of the message (a reorg took it off): never delivered. */
  notOnHub?: boolean;
  done: boolean;
};

/** One proposal the drill carries: a wave, the whole upgrade, or a rollback. */
export type Round = {
  label: string;
  kind: RoundReport['kind'];
  states: ChainState[];
  proposal: ProposeAndApproveReturnType;
  /** The hub block that dispatched it (the relayer scans from there). */
  dispatchedBlock?: bigint;
  report: RoundReport;
};
