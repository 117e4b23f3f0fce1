/**
 * Carries each dispatched message to its forked chain the way the relayer does (`deliverMessage`
 * through the chain's GuardianAdapter, with a quorum of attestations over the adapter's digest),
 * under rehearsal guardian keys installed on the fork (`installRehearsalGuardians`). A receiver
 * that wants more than one adapter's confirmation (k > 1) is refused for now: the other adapters'
 * signers (a fallback council) would need a stand-in of their own, which is not built yet.
 */
import { guardianAdapterAbi, upgradeReceiverAbi } from '@lockstep/client';
import type { Address } from 'viem';
import type { DispatchedMessage, HubLogFields } from '../message/dispatched.js';
import { readMessageState } from '../message/receiver-state.js';
import { localAttestationSource } from '../relay/guardian/attestation-source.js';
import { deliverMessage } from '../relay/guardian/deliver-message.js';
import { RehearsalError } from './errors.js';
import type { ForkedChain } from './fork.js';
import { installRehearsalGuardians } from './guardian-override.js';
import type { RehearsalSubstitution, RehearsalTransaction } from './types.js';

export type CarryParameters = {
  chain: ForkedChain;
  message: Omit<DispatchedMessage, HubLogFields>;
  record(transaction: RehearsalTransaction): void;
  substitute(substitution: RehearsalSubstitution): void;
};

/** Delivers `message` on its fork until the receiver queues it; throws `RehearsalError` otherwise. */
export async function carryMessage({ chain, message, record, substitute }: CarryParameters): Promise<void> {
  const receiver = message.receiver;
  const [adapters, required] = await chain.client.readContract({
    address: receiver,
    abi: upgradeReceiverAbi,
    functionName: 'adapters',
  });
  if (required > 1n) {
    throw new RehearsalError(
      `${chain.network}: receiver ${receiver} wants ${required} adapters to confirm a message; the rehearsal carries it through the guardian adapter alone (k = 1)`,
      { reason: 'unsupported-deployment' },
    );
  }
  const guardian = await findGuardianAdapter(chain, adapters);
  const set = await installRehearsalGuardians(chain, guardian);
  substitute({
    chainId: chain.chainId,
    what: `guardian set ${set.index} of adapter ${guardian}: its commitment replaced on the fork by ${set.keys.length} rehearsal keys (quorum ${set.quorum}); deliver() checks them as it would the real ones`,
  });
  const delivered = await deliverMessage({
    client: chain.operator,
    adapter: guardian,
    receiver,
    message,
    guardianSet: set,
    attestations: await localAttestationSource({
      keys: set.privateKeys,
      adapter: guardian,
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
  const state = await readMessageState(chain.client, receiver, message.messageId);
  if (state.status !== 'Queued') {
    throw new RehearsalError(
      `${chain.network}: message ${message.messageId} is ${state.status} after delivery, not Queued`,
      {
        reason: 'step-failed',
      },
    );
  }
}

async function findGuardianAdapter(chain: ForkedChain, adapters: readonly Address[]): Promise<Address> {
  for (const adapter of adapters) {
    const transport = await chain.client
      .readContract({ address: adapter, abi: guardianAdapterAbi, functionName: 'transport' })
      .catch(() => undefined);
    if (transport === 'guardian') return adapter;
  }
  throw new RehearsalError(
    `${chain.network}: the receiver trusts no guardian adapter (${adapters.join(', ')}) — the rehearsal carries messages through the guardian adapter only`,
    { reason: 'unsupported-deployment' },
  );
}
