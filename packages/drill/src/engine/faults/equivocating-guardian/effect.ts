/**
 * The `equivocating-guardian` fault: one guardian of the deployed set turns malicious. Besides its
 * honest attestation of the hub's message to `target` (its node keeps running), it signs a second,
 * forged message with the same nonce and route whose payload installs the vulnerable V1 instead of
 * the approved release, and the attacker submits that forgery to `target`'s GuardianAdapter with the
 * one signature it has. The adapter needs a quorum, so the forgery never lands; the honest message
 * is still delivered; the monitor sees both signatures for one nonce on chain and names the guardian.
 */
import { guardianAdapterAbi } from '@lockstep/client';
import { rpcHttp } from '@lockstep/core/chain';
import { adapterAddress } from '@lockstep/core/deploy';
import {
  attestationTypedData,
  decodeMessage,
  encodeMessage,
  messageId,
  splitSignature,
  toGuardianSignatures,
} from '@lockstep/core/guardian';
import { readGuardianSets } from '@lockstep/core/relay';
import { createWalletClient, type Hex } from 'viem';
import { guardianIndex, KEY_INDEX, testAccount } from '../../../setup/keys.js';
import { type DrillContext, stateOf } from '../../drill-context.js';
import type { FaultEffect } from '../effect.js';
import type { FaultOf } from '../specs.js';

type EquivocatingGuardian = FaultOf<'equivocating-guardian'>;

export const equivocatingGuardian: FaultEffect<EquivocatingGuardian> = (ctx) => ({
  async inject(fault) {
    await equivocate(ctx, fault);
  },
});

/** Signs and submits the forgery; records the fault (with the forged message's id) and returns that id. */
async function equivocate(ctx: DrillContext, fault: EquivocatingGuardian): Promise<Hex | undefined> {
  const { clock, recorder, states, addresses: a } = ctx;
  const state = stateOf(states, fault.target);
  const honest = state.message;
  if (!honest) {
    recorder.note(`equivocating-guardian: no message to ${fault.target} yet, nothing to equivocate on`);
    return undefined;
  }
  const guardian = testAccount(guardianIndex(fault.guardian));
  const original = decodeMessage(honest.encoded);
  // Same nonce, source, destination, sender and receiver; the payload installs V1 instead of the release.
  const forged = { ...original, payload: forgePayload(original.payload, state.action?.implementation, a.vaultV1) };
  const forgedId = messageId(forged);
  const adapter = adapterAddress(a, 'guardian');
  const signature = splitSignature(await guardian.signTypedData(attestationTypedData({ message: forged, adapter })));
  const { current } = await readGuardianSets({ client: state.chain.client, adapter });
  const attacker = createWalletClient({
    account: testAccount(KEY_INDEX.attacker),
    transport: rpcHttp(state.chain.rpcUrl),
  });
  // Sent with a fixed gas limit (no estimation), so the refused forgery is mined and its calldata is on chain.
  const hash = await attacker.writeContract({
    chain: null,
    address: adapter,
    abi: guardianAdapterAbi,
    functionName: 'deliver',
    args: [
      encodeMessage(forged),
      current.index,
      current.keys,
      toGuardianSignatures([{ signer: guardian.address, signature }], current.keys),
    ],
    gas: 1_000_000n,
  });
  if (!clock.isHalted(state.chain.name)) await state.chain.client.waitForTransactionReceipt({ hash });
  ctx.forgedMessages.push({ chain: state.chain.name, messageId: forgedId });
  recorder.fault(
    'equivocating-guardian',
    fault.target,
    clock.now,
    `guardian ${guardian.address} also signs a forged message ${forgedId} for nonce ${original.nonce} to ${fault.target} (honest ${honest.messageId}); the attacker submits it with that one signature (tx ${hash})`,
  );
  return forgedId;
}

/** The payload with every occurrence of `from`'s address replaced by `to`'s (else its last byte flipped). */
function forgePayload(payload: Hex, from: string | undefined, to: string): Hex {
  const needle = from?.slice(2).toLowerCase();
  const body = payload.slice(2).toLowerCase();
  if (needle && body.includes(needle)) return `0x${body.replaceAll(needle, to.slice(2).toLowerCase())}`;
  const last = Number.parseInt(body.slice(-2), 16) ^ 0xff;
  return `0x${body.slice(0, -2)}${last.toString(16).padStart(2, '0')}`;
}
