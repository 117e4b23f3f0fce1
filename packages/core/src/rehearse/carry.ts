/**
 * Carries each dispatched message to its forked chain the way the relayer does (`deliverMessage`
 * through the chain's GuardianAdapter, with a quorum of attestations over the adapter's digest),
 * under rehearsal guardian keys installed on the fork (`installRehearsalGuardians`). A receiver
 * that wants more confirmations than the guardian adapter gives gets them from its other adapters,
 * impersonated on the fork (their signers' keys are not ours either); each stand-in is reported.
 */
import { guardianAdapterAbi, upgradeReceiverAbi } from '@lockstep/client';
import type { Address } from 'viem';
import { writeContract } from 'viem/actions';
import type { DispatchedMessage, HubLogFields } from '../message/dispatched.js';
import { readMessageState } from '../message/receiver-state.js';
import { localAttestationSource } from '../relay/guardian/attestation-source.js';
import { deliverMessage } from '../relay/guardian/deliver-message.js';
import { RehearsalError } from './errors.js';
import { asImpersonated, type ForkedChain } from './fork.js';
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
  for (const adapter of adapters) {
    if ((await readMessageState(chain.client, receiver, message.messageId)).status !== 'Pending') break;
    if (adapter === guardian) continue;
    const hash = await asImpersonated(chain, adapter, (client) =>
      writeContract(client, {
        chain: client.chain,
        account: client.account,
        address: receiver,
        abi: upgradeReceiverAbi,
        functionName: 'confirmMessage',
        args: [message.encoded],
      }),
    );
    await chain.client.waitForTransactionReceipt({ hash });
    substitute({
      chainId: chain.chainId,
      what: `confirmation of adapter ${adapter}: impersonated on the fork (the receiver wants ${required})`,
    });
    record({ chainId: chain.chainId, step: `confirmMessage (impersonated adapter ${adapter})`, hash });
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
