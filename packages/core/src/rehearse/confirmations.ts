/**
 * Which of a receiver's adapters the rehearsal confirms a message through. The receiver wants k
 * of its adapters (`requiredConfirmations`); on a fork their signers' keys are not ours, so only an
 * adapter whose signer set the rehearsal can stand in for counts: Lockstep's GuardianAdapter
 * (transport "guardian": its set's commitment is replaced) and CouncilFallbackAdapter (transport
 * "council-fallback": its members are replaced). Any other adapter (another bridge, a contract
 * without `transport()`) would have to be impersonated, which confirms nothing, so a receiver that
 * needs one is refused. The guardian adapter comes first (the relayer's path), then the fallback.
 */
import { guardianAdapterAbi, upgradeReceiverAbi } from '@lockstep/client';
import type { Address, Client } from 'viem';
import { readContract } from 'viem/actions';
import { RehearsalError } from './errors.js';

/** The adapter kinds the rehearsal can stand signers in for, by their `transport()`. */
export type RehearsableAdapterKind = 'guardian' | 'council-fallback';

const REHEARSABLE: readonly RehearsableAdapterKind[] = ['guardian', 'council-fallback'];

export type ReceiverAdapter = { address: Address; transport: string | undefined };

export type ConfirmationPlan = {
  /** The receiver's `requiredConfirmations` (k). */
  required: number;
  /** Every adapter the receiver lists, with its transport (absent: it has no `transport()`). */
  adapters: ReceiverAdapter[];
  /** The k adapters the rehearsal confirms through, in order. */
  chosen: { address: Address; kind: RehearsableAdapterKind }[];
};

/**
 * Reads `receiver`'s adapters and k and picks the k it confirms through. Throws `RehearsalError`
 * (`unsupported-deployment`) naming the adapters it cannot stand in for when fewer than k are left.
 */
export async function planConfirmations(
  client: Client,
  { network, receiver }: { network: string; receiver: Address },
): Promise<ConfirmationPlan> {
  const [addresses, k] = await readContract(client, {
    address: receiver,
    abi: upgradeReceiverAbi,
    functionName: 'adapters',
  });
  const required = Number(k);
  const adapters = await Promise.all(
    addresses.map(async (address) => ({
      address,
      transport: await readContract(client, { address, abi: guardianAdapterAbi, functionName: 'transport' }).catch(
        () => undefined,
      ),
    })),
  );
  // With k = 1 the message goes the relayer's way, through the guardian adapter alone.
  const kinds = required === 1 ? REHEARSABLE.slice(0, 1) : REHEARSABLE;
  const chosen = kinds.flatMap((kind) =>
    adapters.filter((a) => a.transport === kind).map((a) => ({ address: a.address, kind })),
  );
  if (chosen.length >= required) return { required, adapters, chosen: chosen.slice(0, required) };
  if (required === 1) {
    throw new RehearsalError(
      `${network}: the receiver trusts no guardian adapter (${addresses.join(', ')}) — the rehearsal carries messages through the guardian adapter only`,
      { reason: 'unsupported-deployment' },
    );
  }
  const others = adapters.filter((a) => !REHEARSABLE.includes(a.transport as RehearsableAdapterKind));
  throw new RehearsalError(
    `${network}: receiver ${receiver} wants ${required} of its ${adapters.length} adapters to confirm a message, and the rehearsal can stand in for the signers of ${chosen.length} — ${others.map(describe).join('; ')}`,
    {
      reason: 'unsupported-deployment',
      metaMessages: [
        'On a fork the signers of each adapter are replaced by rehearsal keys, and every check of the adapter runs against them.',
        'That is possible for Lockstep’s GuardianAdapter (transport "guardian") and CouncilFallbackAdapter (transport "council-fallback") only;',
        'any other adapter’s confirmation could only be impersonated, which proves nothing about the real path, so the rehearsal refuses it.',
      ],
    },
  );
}

function describe({ address, transport }: ReceiverAdapter): string {
  return transport === undefined
    ? `adapter ${address} has no transport() (not a Lockstep adapter): its confirmation cannot be rehearsed`
    : `adapter ${address} (transport "${transport}") keeps signers the rehearsal cannot replace: its confirmation cannot be rehearsed`;
}
