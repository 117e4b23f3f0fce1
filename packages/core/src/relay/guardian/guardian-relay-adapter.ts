import type { Hex } from 'viem';
import { QuorumNotMetError } from '../../errors/relay.js';
import { guardianSetCache } from '../../guardian/guardian-set.js';
import type { RelayAdapter } from '../relay-adapter.js';
import type { AttestationSource, GuardianAttestation } from './attestation-types.js';
import { deliverMessage } from './deliver-message.js';

/** What the GuardianAdapter's relay side adds to a delivery (`RelayDelivery.detail`). */
export type GuardianDeliveryDetail = {
  /** Guardian signatures the delivery carried (the set's quorum). */
  signatures: number;
  /** The guardian set the message was delivered under. */
  guardianSetIndex: number;
};

/**
 * The GuardianAdapter as the relayer drives it: a message goes with a quorum of guardian
 * attestations from `source` (`deliverMessage`), under guardian sets read from the adapter and
 * cached for the adapter's lifetime. A missed quorum is explained with each guardian's state for
 * the message when the source can tell (`AttestationSource.diagnose`).
 */
export function guardianRelayAdapter(source: AttestationSource): RelayAdapter<GuardianDeliveryDetail> {
  /** Guardian sets read per chain and current index, for the relayer's lifetime. */
  const sets = guardianSetCache();
  /** This pass's attestations, asked of each guardian once for all its messages (`prepare`). */
  let prefetched = new Map<Hex, GuardianAttestation[]>();
  return {
    kind: 'guardian',
    async prepare(messages) {
      prefetched = source.fetchMany
        ? await source.fetchMany(messages.map((m) => ({ messageId: m.messageId, dstChainId: m.chainId })))
        : new Map();
    },
    async deliver({ client, adapter, receiver, message, retry }) {
      // The sets are cached by current index, which is read for every message: a rotation
      // between two deliveries moves the index and is always seen.
      const key = message.messageId.toLowerCase() as Hex;
      const ready = prefetched.get(key);
      prefetched.delete(key); // used once: a later pass asks again
      const attestations = ready ?? (await source.fetch(message.messageId, message.chainId));
      const result = await deliverMessage({
        client,
        adapter,
        receiver,
        message,
        attestations,
        retry,
        guardianSetCache: sets,
      });
      if (result.status === 'skipped') return result;
      const { signatures, guardianSetIndex, ...delivered } = result;
      return { ...delivered, detail: { signatures, guardianSetIndex } };
    },
    async explain(error, { message, hub }) {
      if (!(error instanceof QuorumNotMetError) || !source.diagnose) return undefined;
      try {
        const guardians = await source.diagnose(message, hub);
        return new QuorumNotMetError({
          messageId: error.messageId,
          chainId: error.chainId,
          got: error.got,
          need: error.need,
          sets: error.sets,
          guardians,
          blockNumber: message.blockNumber,
        });
      } catch {
        // The diagnosis is a courtesy: without it the plain quorum error still says what failed.
        return error;
      }
    },
  };
}
