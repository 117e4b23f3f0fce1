/**
 * Equivocation: a guardian that signs two different messages for one hub nonce (same source and
 * destination). Only one message can carry that nonce on the hub, so the second signature is a
 * forgery attempt whatever quorum it reaches. Pure logic over signatures observed anywhere
 * (`EquivocationDetector`), plus a thin reader (`readDeliverAttempts`) that finds them where they
 * must end up to matter: every `deliver` call to a GuardianAdapter, successful or reverted, with
 * each signature's signer recovered from the message it claims to attest.
 */
import { guardianAdapterAbi } from '@lockstep/client';
import { type Address, type Client, decodeFunctionData, getAddress, type Hex, isAddressEqual } from 'viem';
import { getBlock } from 'viem/actions';
import { recoverAttestationSigner } from '../guardian/attestation.js';
import { decodeMessage, type LockstepMessage, messageId } from '../message/codec.js';
import type { Detection } from './types.js';

/** One guardian signature seen for one message. */
export type SignatureObservation = {
  signer: Address;
  srcChainId: bigint;
  dstChainId: bigint;
  nonce: bigint;
  messageId: Hex;
  /** When it was seen (seconds, the detector's clock). */
  at: number;
  /** Where it was seen (e.g. a transaction hash). */
  source: string;
};

export type EquivocationDetection = Detection<'guardian-equivocation'> & {
  signer: Address;
  nonce: bigint;
  dstChainId: bigint;
  /** The different messages the guardian signed for that nonce, in the order they were seen. */
  messageIds: Hex[];
  sources: string[];
};

/** Remembers every (signer, route, nonce) → messages seen; reports each equivocating guardian once per nonce. */
export class EquivocationDetector {
  private readonly seen = new Map<string, { messageId: Hex; at: number; source: string }[]>();
  private readonly reported = new Set<string>();

  constructor(private readonly chainName: (dstChainId: bigint) => string = (id) => `chain ${id}`) {}

  observe(observations: readonly SignatureObservation[]): EquivocationDetection[] {
    const found: EquivocationDetection[] = [];
    for (const o of observations) {
      const key = `${o.signer.toLowerCase()}:${o.srcChainId}:${o.dstChainId}:${o.nonce}`;
      const messages = this.seen.get(key) ?? [];
      if (!messages.some((m) => m.messageId.toLowerCase() === o.messageId.toLowerCase())) {
        messages.push({ messageId: o.messageId, at: o.at, source: o.source });
      }
      this.seen.set(key, messages);
      if (messages.length < 2 || this.reported.has(key)) continue;
      this.reported.add(key);
      const chain = this.chainName(o.dstChainId);
      found.push({
        kind: 'guardian-equivocation',
        chain,
        detectedAt: o.at,
        // The conflict exists from the first sighting of the second message.
        since: messages[1]?.at ?? o.at,
        signer: getAddress(o.signer),
        nonce: o.nonce,
        dstChainId: o.dstChainId,
        messageIds: messages.map((m) => m.messageId),
        sources: messages.map((m) => m.source),
        message: `guardian ${getAddress(o.signer)} signed ${messages.length} different messages for nonce ${o.nonce} to ${chain} (${messages.map((m) => `${m.messageId.slice(0, 10)}…`).join(', ')}): remove it from the guardian set`,
      });
    }
    return found;
  }
}

/** One `deliver` call to the adapter: the message it carried and who signed it (recovered, not trusted). */
export type DeliverAttempt = {
  txHash: Hex;
  blockNumber: bigint;
  blockTimestamp: number;
  message: LockstepMessage;
  messageId: Hex;
  /** The signers of the signatures that recover (one that recovers to no key is left out). */
  signers: Address[];
};

/**
 * Every `deliver` transaction sent to `adapter` in blocks `fromBlock..toBlock` (reverted ones too:
 * their calldata is on chain), each signature's signer recovered against the message it carries.
 * One `eth_getBlockByNumber` per block, all requested at once (batch them in the transport).
 */
export async function readDeliverAttempts(
  client: Client,
  parameters: { adapter: Address; fromBlock: bigint; toBlock: bigint },
): Promise<DeliverAttempt[]> {
  const { adapter, fromBlock, toBlock } = parameters;
  if (toBlock < fromBlock) return [];
  const numbers = Array.from({ length: Number(toBlock - fromBlock) + 1 }, (_, i) => fromBlock + BigInt(i));
  const blocks = await Promise.all(
    numbers.map((blockNumber) => getBlock(client, { blockNumber, includeTransactions: true })),
  );
  const attempts: DeliverAttempt[] = [];
  for (const block of blocks) {
    for (const tx of block.transactions) {
      if (!tx.to || !isAddressEqual(tx.to, adapter)) continue;
      let call: ReturnType<typeof decodeFunctionData<typeof guardianAdapterAbi>>;
      try {
        call = decodeFunctionData({ abi: guardianAdapterAbi, data: tx.input });
      } catch {
        continue; // not an adapter call this reader knows
      }
      if (call.functionName !== 'deliver') continue;
      const [encoded, , , signatures] = call.args;
      let message: LockstepMessage;
      try {
        message = decodeMessage(encoded);
      } catch {
        continue; // malformed bytes attest nothing
      }
      // Anyone can send `deliver` with junk signatures (it reverts, but its calldata is on chain):
      // one that recovers to no key attests nothing, and must not stop the reader.
      const recovered = await Promise.all(
        signatures.map((signature) => recoverAttestationSigner({ message, adapter, signature }).catch(() => undefined)),
      );
      const signers = recovered.filter((signer): signer is Address => signer !== undefined);
      attempts.push({
        txHash: tx.hash,
        blockNumber: block.number,
        blockTimestamp: Number(block.timestamp),
        message,
        messageId: messageId(message),
        signers,
      });
    }
  }
  return attempts;
}

/** The signature observations one delivery attempt carries, seen at `at`. */
export function signatureObservations(attempt: DeliverAttempt, at: number): SignatureObservation[] {
  return attempt.signers.map((signer) => ({
    signer,
    srcChainId: attempt.message.srcChainId,
    dstChainId: attempt.message.dstChainId,
    nonce: attempt.message.nonce,
    messageId: attempt.messageId,
    at,
    source: attempt.txHash,
  }));
}
