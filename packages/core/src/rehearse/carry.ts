/**
 * Carries each dispatched message to its forked chain the way the real path does, through as many
 * of the receiver's adapters as it wants (k, `planConfirmations`): the guardian adapter's
 * `deliverMessage` (the relayer's delivery, a quorum of attestations over the adapter's digest)
 * under rehearsal guardian keys (`installRehearsalGuardians`), and, when k = 2, the council
 * fallback adapter's `ratifyWithFallback` (a threshold of members' EIP-712 ratifications) under
 * rehearsal members (`installRehearsalFallbackCouncil`). Each stand-in is listed in the report.
 * The message must be Queued at the end: a confirmation short means the rehearsal stops.
 */
import type { Address } from 'viem';
import { ratifyWithFallback } from '../fallback/ratify-with-fallback.js';
import type { DispatchedMessage, HubLogFields } from '../message/dispatched.js';
import { readMessageState } from '../message/receiver-state.js';
import { localAttestationSource } from '../relay/guardian/attestation-source.js';
import { deliverMessage } from '../relay/guardian/deliver-message.js';
import { planConfirmations } from './confirmations.js';
import { RehearsalError } from './errors.js';
import { installRehearsalFallbackCouncil } from './fallback-override.js';
import type { ForkedChain } from './fork.js';
import { installRehearsalGuardians } from './guardian-override.js';
import type { RehearsalSubstitution, RehearsalTransaction } from './types.js';

export type CarryParameters = {
  chain: ForkedChain;
  message: Omit<DispatchedMessage, HubLogFields>;
  record(transaction: RehearsalTransaction): void;
  substitute(substitution: RehearsalSubstitution): void;
};

type ConfirmParameters = CarryParameters & { adapter: Address };

/** Confirms `message` through the receiver's k adapters until it is Queued; throws `RehearsalError` otherwise. */
export async function carryMessage(parameters: CarryParameters): Promise<void> {
  const { chain, message } = parameters;
  const plan = await planConfirmations(chain.client, { network: chain.network, receiver: message.receiver });
  for (const { address, kind } of plan.chosen) {
    if (kind === 'guardian') await confirmByGuardians({ ...parameters, adapter: address });
    else await confirmByFallbackCouncil({ ...parameters, adapter: address });
  }
  const state = await readMessageState(chain.client, message.receiver, message.messageId);
  if (state.status !== 'Queued') {
    throw new RehearsalError(
      `${chain.network}: message ${message.messageId} is ${state.status} after ${plan.chosen.length} of the ${plan.required} confirmation(s) the receiver wants, not Queued`,
      { reason: 'step-failed' },
    );
  }
}

async function confirmByGuardians({ chain, message, record, substitute, adapter }: ConfirmParameters): Promise<void> {
  const set = await installRehearsalGuardians(chain, adapter);
  substitute({
    chainId: chain.chainId,
    adapter,
    what: `guardian set ${set.index} of adapter ${adapter}: its commitment replaced on the fork by ${set.keys.length} rehearsal keys (quorum ${set.quorum}); deliver() checks them as it would the real ones`,
    why: 'the guardians’ keys are not ours: on a fork only keys the rehearsal holds can sign the attestations',
  });
  const delivered = await deliverMessage({
    client: chain.operator,
    adapter,
    receiver: message.receiver,
    message,
    guardianSet: set,
    attestations: await localAttestationSource({
      keys: set.privateKeys,
      adapter,
      clients: { [chain.chainId]: chain.client },
    }).fetch(message.messageId, chain.chainId),
  });
  if (delivered.status === 'delivered') {
    record({
      chainId: chain.chainId,
      step: `deliver (guardian adapter, ${delivered.signatures} signatures)`,
      hash: delivered.transactionHash,
    });
  }
}

async function confirmByFallbackCouncil({
  chain,
  message,
  record,
  substitute,
  adapter,
}: ConfirmParameters): Promise<void> {
  const council = await installRehearsalFallbackCouncil(chain, adapter);
  substitute({
    chainId: chain.chainId,
    adapter,
    what: `fallback council (nonce ${council.nonce}) of adapter ${adapter}: its ${council.accounts.length} members replaced on the fork by rehearsal keys (threshold ${council.threshold}); ratify() checks them as it would the real ones`,
    why: `the receiver wants a second confirmation (k = 2) and the fallback council's keys are not ours: on a fork only keys the rehearsal holds can sign the ratification`,
  });
  const result = await ratifyWithFallback({
    clients: { [chain.chainId]: chain.operator },
    adapter,
    receiver: message.receiver,
    messages: [message],
    accounts: council.accounts,
  });
  const [failed] = result.failed;
  if (failed) {
    throw new RehearsalError(
      `${chain.network}: the fallback adapter ${adapter} did not ratify message ${message.messageId}`,
      {
        reason: 'step-failed',
        cause: failed.error,
      },
    );
  }
  for (const ratified of result.ratified) {
    record({
      chainId: chain.chainId,
      step: `ratify (fallback adapter, ${ratified.signers.length} signatures)`,
      hash: ratified.hash,
    });
  }
}
