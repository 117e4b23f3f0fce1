import type { Address, Hex, LocalAccount } from 'viem';
import { readHubMessageState } from '../ack/hub-state.js';
import { type DeliveryReport, type ReportDeliveriesParameters, reportDeliveries } from '../ack/report-deliveries.js';
import { createNetworkClients, withNonceManager } from '../chain/clients.js';
import { type RetryOptions, sleep } from '../chain/retry.js';
import type { ReadClient } from '../chain/types.js';
import type { LockstepConfig } from '../config/schema.js';
import { adapterAddress as adapterAddressOf } from '../deploy/adapter-address.js';
import type { DeploymentAddresses } from '../deploy/deployment.js';
import { readDeployment } from '../deploy/read-deployment.js';
import { LockstepError } from '../errors/base.js';
import type { DispatchedMessage } from '../message/dispatched.js';
import type { EmergencyDelivery } from '../message/emergency-outcomes.js';
import type { MessageStatus, SkipReason } from '../message/receiver-state.js';
import type { AttestationSource } from './guardian/attestation-types.js';
import { type GuardianDeliveryDetail, guardianRelayAdapter } from './guardian/guardian-relay-adapter.js';
import type { RelayAdapter } from './relay-adapter.js';
import { scanDispatched } from './scan-dispatched.js';

/**
 * Lockstep's addresses the relayer needs (CREATE2: the same on every chain): the hub, the receiver
 * and the deployment's adapters, by kind (it delivers through its adapter's kind, e.g. `guardian`).
 */
export type RelayerAddresses = { hub: Address; receiver: Address } & Pick<DeploymentAddresses, 'adapters'>;

/**
 * One structured log event; the library never prints, the caller decides where events go.
 * `Detail`: what the relayer's adapter adds to a delivery (`RelayDelivery.detail`); the
 * GuardianAdapter's (`GuardianDeliveryDetail`) unless the relayer was given another adapter.
 */
export type RelayerEvent<Detail = GuardianDeliveryDetail> =
  | { type: 'scanned'; fromBlock: bigint; toBlock: bigint; found: number }
  | {
      type: 'delivered';
      network: string;
      chainId: number;
      messageId: Hex;
      transactionHash: Hex;
      blockNumber: bigint;
      receiverStatus: MessageStatus;
      /** The adapter's own account of the delivery (the GuardianAdapter's: signatures, guardian set). */
      detail: Detail;
      /** A pause or unpause: every target's outcome (see `emergency.problems`). */
      emergency?: EmergencyDelivery;
    }
  | {
      type: 'skipped';
      network: string;
      chainId: number;
      messageId: Hex;
      receiverStatus: MessageStatus;
      reason: SkipReason;
    }
  | { type: 'failed'; network: string; chainId: number; messageId: Hex; error: Error }
  | { type: 'unknown-destination'; chainId: number; messageId: Hex }
  /**
   * Not delivered: the hub's latest final block (`finalBlock`) holds no dispatch of the message
   * (a reorg deeper than the finality depth orphaned it). It stays open: if the canonical hub
   * dispatches it again, a later round delivers it.
   */
  | { type: 'not-on-hub'; network: string; chainId: number; messageId: Hex; finalBlock: bigint }
  /** The hub's record of a delivered message was checked, and moved forward if it lagged (`outcome`). */
  | { type: 'acknowledged'; report: Exclude<DeliveryReport, { outcome: 'failed' }> }
  /** Acknowledging a delivered message on the hub failed; it is tried again next round. */
  | { type: 'acknowledge-failed'; chainId: number; messageId: Hex; error: Error }
  | { type: 'retry'; operation: string; attempt: number; delayMs: number; error: string }
  | { type: 'round-failed'; error: Error };

/**
 * The adapter the relayer delivers through: the GuardianAdapter with attestations from `source`
 * (`guardianRelayAdapter(source)`; its deliveries' detail is `GuardianDeliveryDetail`), or any
 * other `adapter`.
 */
export type RelayerAdapterChoice<Detail = GuardianDeliveryDetail> =
  | ([GuardianDeliveryDetail] extends [Detail] ? { source: AttestationSource; adapter?: never } : never)
  | { adapter: RelayAdapter<Detail>; source?: never };

export type CreateRelayerParameters<Detail = GuardianDeliveryDetail> = RelayerAdapterChoice<Detail> & {
  config: Pick<LockstepConfig, 'networks'>;
  /** The relayer's signer; it gets its own nonce manager (one nonce sequence per chain). */
  account: LocalAccount;
  /** RPC URLs by network name: required for `{ local: true }` networks, else they override `rpc`. */
  rpcUrls?: Readonly<Record<string, string>>;
  /** Pause between rounds of `run`. Default 5000 ms. */
  pollIntervalMs?: number;
  /** Default: read from `deployments/<hub network>.json` under `root`. */
  addresses?: RelayerAddresses;
  root?: string;
  /** First hub block to scan. Default 0. */
  fromBlock?: bigint;
  retry?: RetryOptions;
  /**
   * A reporter of the hub (the config's `keys.reporter`). With it, after each round the relayer
   * acknowledges on the hub (`reportDeliveries`) every message it delivered or found Queued or
   * Executed on its destination, until the hub shows it. It gets its own nonce manager.
   */
  reporter?: LocalAccount;
  /**
   * With a `reporter`: how each round's acknowledgements are submitted (`reportDeliveries`'
   * `submit`): all sent together, then every receipt awaited. A caller that builds the hub's
   * blocks itself passes one that mines the block they land in.
   */
  submitAcknowledgements?: ReportDeliveriesParameters['submit'];
  onEvent?: (event: RelayerEvent<Detail>) => void;
};

export type RelayRoundResult = {
  /** `emergency`: a pause or unpause applied by this delivery, with every target's outcome. */
  delivered: { chainId: number; messageId: Hex; transactionHash: Hex; emergency?: EmergencyDelivery }[];
  skipped: { chainId: number; messageId: Hex; receiverStatus: MessageStatus; reason: SkipReason }[];
  failed: { chainId: number; messageId: Hex; error: Error }[];
  /** Refused: the hub's latest final block no longer holds the message (see the `not-on-hub` event). */
  notOnHub: { chainId: number; messageId: Hex; finalBlock: bigint }[];
  /** This round's hub acknowledgements (empty without a `reporter`). */
  acknowledged: DeliveryReport[];
};

export type Relayer = {
  /** One round: scan the hub for new messages, deliver every one not yet on its destination. */
  runOnce(): Promise<RelayRoundResult>;
  /** Rounds every `pollIntervalMs` until `signal` aborts; a failed round is reported and retried. */
  run(signal: AbortSignal): Promise<void>;
};

/**
 * Receiver statuses after which a message needs nothing more from the relayer. Pending is not one:
 * with k > 1 confirmations another adapter may have confirmed it and this one not yet.
 */
const FINAL: ReadonlySet<MessageStatus> = new Set(['Queued', 'Executed', 'Cancelled']);
/** Receiver statuses the hub can acknowledge. */
const ACKNOWLEDGEABLE: ReadonlySet<MessageStatus> = new Set(['Queued', 'Executed']);

/**
 * A relayer: reads `MessageDispatched` from the hub and delivers each message through its
 * destination's adapter (by default the GuardianAdapter, with a quorum of attestations from
 * `source`; see `RelayAdapter`). Its only state is derived from the
 * chains (the hub's logs, each receiver's `messageState`), held in memory as an optimization: a
 * process killed at any point and restarted rescans from `fromBlock` and skips whatever is already
 * delivered, so nothing is lost and nothing is delivered twice. A message Pending on its receiver
 * (confirmed by another adapter, with k > 1) is still delivered unless this adapter already
 * confirmed it. Chains are served in parallel, messages to one chain in hub-nonce order. With a
 * `reporter`, each round ends by acknowledging on the hub what is Queued or Executed.
 *
 * @example
 * const relayer = createRelayer({ config, account, rpcUrls, source: httpAttestationSource(urls) })
 * await relayer.run(AbortSignal.timeout(60_000))
 */
export function createRelayer<Detail = GuardianDeliveryDetail>(parameters: CreateRelayerParameters<Detail>): Relayer {
  const { config, onEvent, pollIntervalMs = 5000 } = parameters;
  // Without an adapter, `source` is given and `Detail` is the GuardianAdapter's (RelayerAdapterChoice).
  const adapter = (parameters.adapter ?? guardianRelayAdapter(parameters.source)) as RelayAdapter<Detail>;
  const hubNetwork = config.networks.find((network) => network.role === 'hub');
  if (!hubNetwork) throw new LockstepError('the config has no hub network', { docsPath: '#networks' });
  const clients = createNetworkClients(config, withNonceManager(parameters.account), parameters.rpcUrls ?? {});
  const hubClient = clients.get(hubNetwork.chainId)?.client;
  if (!hubClient) throw new LockstepError('the config has no hub network', { docsPath: '#networks' });
  const hubChainId = hubNetwork.chainId;
  const reporterClient = parameters.reporter
    ? createNetworkClients(
        { networks: [hubNetwork] },
        withNonceManager(parameters.reporter),
        parameters.rpcUrls ?? {},
      ).get(hubNetwork.chainId)?.client
    : undefined;
  const retry: RetryOptions = {
    ...parameters.retry,
    onRetry: (info) => {
      parameters.retry?.onRetry?.(info);
      onEvent?.({
        type: 'retry',
        ...info,
        error: info.error instanceof Error ? info.error.message : String(info.error),
      });
    },
  };

  let addresses = parameters.addresses;
  let nextBlock = parameters.fromBlock ?? 0n;
  /** Messages seen on the hub whose destination still needs them (or was not yet checked). */
  const open = new Map<Hex, DispatchedMessage>();
  /** Messages Queued or Executed on their destination whose hub acknowledgement is not yet confirmed. */
  const unacknowledged = new Map<Hex, number>();

  async function runOnce(): Promise<RelayRoundResult> {
    addresses ??= await hubAddresses(hubNetwork?.name ?? '', parameters.root);
    const { hub, receiver } = addresses;
    const adapterAddress = adapterAddressOf(addresses, adapter.kind);
    const scan = await scanDispatched({
      client: hubClient as NonNullable<typeof hubClient>,
      hub,
      fromBlock: nextBlock,
      confirmations: hubNetwork?.finalityDepth ?? 0,
      retry,
    });
    onEvent?.({ type: 'scanned', fromBlock: nextBlock, toBlock: scan.toBlock, found: scan.messages.length });
    for (const message of scan.messages) open.set(message.messageId, message);
    if (scan.toBlock + 1n > nextBlock) nextBlock = scan.toBlock + 1n;

    const result: RelayRoundResult = { delivered: [], skipped: [], failed: [], notOnHub: [], acknowledged: [] };
    const byChain = new Map<number, DispatchedMessage[]>();
    for (const message of open.values()) {
      if (!clients.has(message.chainId)) {
        onEvent?.({ type: 'unknown-destination', chainId: message.chainId, messageId: message.messageId });
        open.delete(message.messageId);
        continue;
      }
      byChain.set(message.chainId, [...(byChain.get(message.chainId) ?? []), message]);
    }
    await adapter.prepare?.([...byChain.values()].flat());
    await Promise.all(
      [...byChain].map(async ([chainId, messages]) => {
        const entry = clients.get(chainId);
        if (!entry) return;
        const { client, network } = entry;
        messages.sort((a, b) => (a.nonce < b.nonce ? -1 : 1));
        for (const message of messages) {
          const { messageId } = message;
          try {
            // Only what the hub's latest final block (this round's scan end) still holds: a message
            // scanned before a reorg deeper than the finality depth may be gone from the hub.
            const onHub = await readHubMessageState(hubClient as ReadClient, hub, messageId, retry, scan.toBlock);
            if (onHub.state === 'None') {
              result.notOnHub.push({ chainId, messageId, finalBlock: scan.toBlock });
              onEvent?.({ type: 'not-on-hub', network: network.name, chainId, messageId, finalBlock: scan.toBlock });
              continue;
            }
            const outcome = await adapter.deliver({ client, adapter: adapterAddress, receiver, message, retry });
            // Done with it: final on the receiver, or confirmed by this relayer's adapter (now or before).
            if (
              FINAL.has(outcome.receiverStatus) ||
              outcome.status === 'delivered' ||
              outcome.reason === 'confirmed-by-adapter'
            ) {
              open.delete(messageId);
            }
            if (ACKNOWLEDGEABLE.has(outcome.receiverStatus)) unacknowledged.set(messageId, chainId);
            if (outcome.status === 'delivered') {
              const emergency = outcome.emergency ? { emergency: outcome.emergency } : {};
              result.delivered.push({ chainId, messageId, transactionHash: outcome.transactionHash, ...emergency });
              onEvent?.({
                type: 'delivered',
                network: network.name,
                chainId,
                messageId,
                transactionHash: outcome.transactionHash,
                blockNumber: outcome.blockNumber,
                receiverStatus: outcome.receiverStatus,
                detail: outcome.detail,
                ...emergency,
              });
            } else {
              result.skipped.push({
                chainId,
                messageId,
                receiverStatus: outcome.receiverStatus,
                reason: outcome.reason,
              });
              onEvent?.({
                type: 'skipped',
                network: network.name,
                chainId,
                messageId,
                receiverStatus: outcome.receiverStatus,
                reason: outcome.reason,
              });
            }
          } catch (cause) {
            const explained = await adapter.explain?.(cause, {
              message,
              hub: { chainId: hubChainId, address: hub },
            });
            const error = explained ?? (cause instanceof Error ? cause : new LockstepError(String(cause)));
            result.failed.push({ chainId, messageId, error });
            onEvent?.({ type: 'failed', network: network.name, chainId, messageId, error });
          }
        }
      }),
    );
    if (reporterClient && unacknowledged.size > 0) {
      result.acknowledged = await acknowledge(reporterClient, hub, receiver);
    }
    return result;
  }

  /** Brings the hub's record of every delivered message up to date; failures stay for next round. */
  async function acknowledge(
    client: NonNullable<typeof reporterClient>,
    hub: Address,
    receiver: Address,
  ): Promise<DeliveryReport[]> {
    // A fixed order (destination chain id, then message id), not the order deliveries finished in:
    // the hub's acknowledgement transactions are the same on every run.
    const messageIds = [...unacknowledged]
      .sort(([idA, chainA], [idB, chainB]) => chainA - chainB || (idA < idB ? -1 : idA > idB ? 1 : 0))
      .map(([messageId]) => messageId);
    const readers = Object.fromEntries([...clients].map(([chainId, entry]) => [chainId, entry.client]));
    let reports: DeliveryReport[];
    try {
      reports = await reportDeliveries(client, {
        hub,
        receiver,
        clients: readers,
        messageIds,
        retry,
        ...(parameters.submitAcknowledgements ? { submit: parameters.submitAcknowledgements } : {}),
      });
    } catch (cause) {
      const error = cause instanceof Error ? cause : new LockstepError(String(cause));
      for (const [messageId, chainId] of unacknowledged) {
        onEvent?.({ type: 'acknowledge-failed', chainId, messageId, error });
      }
      return [];
    }
    for (const report of reports) {
      if (report.outcome === 'failed') {
        onEvent?.({
          type: 'acknowledge-failed',
          chainId: report.chainId,
          messageId: report.messageId,
          error: report.error,
        });
      } else {
        unacknowledged.delete(report.messageId);
        onEvent?.({ type: 'acknowledged', report });
      }
    }
    return reports;
  }

  async function run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await runOnce();
      } catch (cause) {
        onEvent?.({ type: 'round-failed', error: cause instanceof Error ? cause : new LockstepError(String(cause)) });
      }
      await sleep(pollIntervalMs, signal);
    }
  }

  return { runOnce, run };
}

/** The relayer's addresses from `deployments/<hub network>.json`. */
async function hubAddresses(network: string, root: string | undefined): Promise<RelayerAddresses> {
  const { addresses } = await readDeployment({ network, ...(root ? { root } : {}) });
  if (!addresses.hub) {
    throw new LockstepError(`deployments/${network}.json names no hub — deploy the hub with \`lockstep deploy\``, {
      docsPath: '#relaying',
    });
  }
  return { hub: addresses.hub, receiver: addresses.receiver, adapters: addresses.adapters };
}
