/**
 * One message's way on its destination chain, from that chain's events: an adapter verified it
 * (`attested`), the receiver counted it (`delivered`), it reached its confirmations and waits
 * (`queued`), it ran (`executed`) or its guardian cancelled it (`cancelled`); then from the chain's
 * clock: `executable` from its executable-at time, `expired` from its expiry.
 */
import type { Hex } from 'viem';
import type { ProposalOnChain } from '../model.js';
import type { StoredEvent } from '../store/types.js';
import { has, hexArg, numberArg } from './args.js';
import { entryOf, isFinal, isFinalStage, reach } from './history.js';

/** A proposal on one chain while it is derived: the receiver's times and the adapters that confirmed. */
export type DeliveryOnChain = ProposalOnChain & { executableAt?: number; expiresAt?: number; adapters?: string[] };

/** The messages the hub dispatched, by message id. */
export type MessageIndex = Map<Hex, { onChain: DeliveryOnChain; chainId: number }>;

/** Applies one destination event (adapter or receiver) to the message it names, if the hub dispatched it. */
export function applyDestinationEvent(
  messages: MessageIndex,
  nameOf: (chainId: number) => string,
  event: StoredEvent,
): void {
  if (!has(event, 'messageId')) return;
  const message = messages.get(hexArg(event, 'messageId'));
  if (!message || message.chainId !== event.chainId) return;
  const { onChain } = message;
  const chain = nameOf(event.chainId);
  const at = (stage: Parameters<typeof entryOf>[0]) => reach(onChain, entryOf(stage, chain, event));
  switch (event.name) {
    case 'MessageForwarded':
    case 'MessageRatified':
      confirmedBy(onChain, event.address);
      at('attested');
      return;
    case 'MessageConfirmed':
      onChain.attestations = Math.max(onChain.attestations ?? 0, numberArg(event, 'confirmations'));
      at('attested');
      at('delivered');
      return;
    case 'UpgradeQueued':
      onChain.executableAt = numberArg(event, 'executableAt');
      onChain.expiresAt = numberArg(event, 'expiresAt');
      at('attested');
      at('delivered');
      at('queued');
      return;
    case 'ActivationDelayed':
      onChain.executableAt = numberArg(event, 'executableAt');
      return;
    case 'UpgradeExecuted':
      at('executed');
      return;
    case 'EmergencyExecuted':
      // The receiver's (it names the message); the council's names only the action.
      at('attested');
      at('delivered');
      at('executed');
      return;
    case 'MessageCancelled':
      if (!isFinal(onChain)) at('cancelled');
      return;
  }
}

/** Counts an adapter's confirmation once (a k-of-n receiver hears from several). */
function confirmedBy(onChain: DeliveryOnChain, adapter: string): void {
  const adapters = new Set(onChain.adapters ?? []);
  adapters.add(adapter.toLowerCase());
  onChain.adapters = [...adapters];
  onChain.attestations = Math.max(onChain.attestations ?? 0, adapters.size);
}

/** The stages a chain's clock decides: executable once its executable-at time came, expired after its expiry. */
export function applyClocks(onChain: DeliveryOnChain, clock: number): void {
  const { executableAt, expiresAt } = onChain;
  // Executable from its executable-at time, also when it has run since (unless it ended before).
  const endedBefore = (at: number) => onChain.history.some((e) => isFinalStage(e.stage) && e.at < at);
  const queued = onChain.history.some((e) => e.stage === 'queued');
  if (queued && executableAt !== undefined && clock >= executableAt && !endedBefore(executableAt)) {
    reach(onChain, { stage: 'executable', at: executableAt, chain: onChain.chain });
  }
  if ((onChain.stage === 'queued' || onChain.stage === 'executable') && expiresAt !== undefined && clock >= expiresAt) {
    reach(onChain, { stage: 'expired', at: expiresAt, chain: onChain.chain });
  }
}

/** The model's view of a derived chain entry (without the derivation's working fields). */
export function publicView(onChain: DeliveryOnChain): ProposalOnChain {
  const { executableAt: _executableAt, expiresAt: _expiresAt, adapters: _adapters, ...view } = onChain;
  return view;
}
