/**
 * The relayer's view of a bridge adapter: its kind (where the deployment keeps its address) and how one
 * message goes through it. The relayer itself (scan, order, acknowledge) names no adapter; a new
 * adapter the relayer drives is one `RelayAdapter` (see `guardianRelayAdapter`).
 */
import type { Address } from 'viem';
import type { RetryOptions } from '../chain/retry.js';
import type { SignerClient } from '../chain/types.js';
import type { ReceiverAdapter } from '../config/schema.js';
import type { OutboxMessage } from '../message/dispatched.js';
import type { DeliverMessageReturnType } from './guardian/deliver-message.js';

export type RelayAdapterDeliverParameters = {
  /** A client of the message's destination chain whose account signs and pays. */
  client: SignerClient;
  /** The adapter's address (the same on every chain). */
  adapter: Address;
  /** The destination's UpgradeReceiver. */
  receiver: Address;
  message: OutboxMessage;
  retry: RetryOptions;
};

export type RelayAdapter = {
  /**
   * The adapter's kind: its name in the config's `receiver.adapters` and in the deployment's
   * `adapters` (e.g. `guardian`), where the relayer finds its address.
   */
  kind: ReceiverAdapter;
  /** Delivers one message through the adapter, at most once (skipped when the receiver needs nothing more). */
  deliver(parameters: RelayAdapterDeliverParameters): Promise<DeliverMessageReturnType>;
  /**
   * The error to report for a failed delivery, with whatever the adapter's side can add (e.g. each
   * guardian's state for a missed quorum); `undefined` to report the error as it is.
   */
  explain?(
    error: unknown,
    context: { message: OutboxMessage; hub: { chainId: number; address: Address } },
  ): Promise<Error | undefined>;
};
