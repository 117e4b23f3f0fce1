/**
 * The relayer's view of a bridge adapter: its kind (where the deployment keeps its address), how
 * one message goes through it and what that delivery did. The relayer itself (scan, order,
 * acknowledge) names no adapter; a new adapter the relayer drives is one `RelayAdapter` (see
 * `guardianRelayAdapter`).
 */
import type { Address, Hex } from 'viem';
import type { RetryOptions } from '../chain/retry.js';
import type { SignerClient } from '../chain/types.js';
import type { ReceiverAdapter } from '../config/schema.js';
import type { DispatchedMessage } from '../message/dispatched.js';
import type { EmergencyDelivery } from '../message/emergency-outcomes.js';
import type { MessageStatus, SkipReason } from '../message/receiver-state.js';

export type RelayAdapterDeliverParameters = {
  /** A client of the message's destination chain whose account signs and pays. */
  client: SignerClient;
  /** The adapter's address (the same on every chain). */
  adapter: Address;
  /** The destination's UpgradeReceiver. */
  receiver: Address;
  message: DispatchedMessage;
  retry: RetryOptions;
};

/**
 * What one delivery through an adapter did: sent (`delivered`, with the adapter's own account of
 * it in `detail`), or not needed (`skipped`).
 */
export type RelayDelivery<Detail = unknown> =
  | {
      status: 'delivered';
      transactionHash: Hex;
      blockNumber: bigint;
      /** The receiver's status for the message after the delivery. */
      receiverStatus: MessageStatus;
      /**
       * A pause or unpause this delivery applied: each target's outcome (`problems` lists those
       * left not as asked). `undefined` for anything else.
       */
      emergency?: EmergencyDelivery;
      /** What only this adapter knows of the delivery (the GuardianAdapter's: `GuardianDeliveryDetail`). */
      detail: Detail;
    }
  | {
      status: 'skipped';
      receiverStatus: MessageStatus;
      /**
       * `consumed`: the receiver is past confirming (Queued, Executed or Cancelled).
       * `confirmed-by-adapter`: Pending, and this adapter's confirmation is already counted.
       */
      reason: SkipReason;
    };

export type RelayAdapter<Detail = unknown> = {
  /**
   * The adapter's kind: its name in the config's `receiver.adapters` and in the deployment's
   * `adapters` (e.g. `guardian`), where the relayer finds its address.
   */
  kind: ReceiverAdapter;
  /**
   * Called once per relay pass, before its deliveries, with every message the pass may deliver:
   * an adapter gathers what it needs for all of them at once (the guardian adapter asks each
   * guardian once for every message's attestation). Optional.
   */
  prepare?(messages: readonly DispatchedMessage[]): Promise<void>;
  /** Delivers one message through the adapter, at most once (skipped when the receiver needs nothing more). */
  deliver(parameters: RelayAdapterDeliverParameters): Promise<RelayDelivery<Detail>>;
  /**
   * The error to report for a failed delivery, with whatever the adapter's side can add (e.g. each
   * guardian's state for a missed quorum); `undefined` to report the error as it is.
   */
  explain?(
    error: unknown,
    context: { message: DispatchedMessage; hub: { chainId: number; address: Address } },
  ): Promise<Error | undefined>;
};
