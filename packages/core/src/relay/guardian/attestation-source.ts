import { guardianAdapterAbi } from '@lockstep/client';
import { type Address, getAddress, type Hex, isAddress, isHex } from 'viem';
import { privateKeyToAddress, sign } from 'viem/accounts';
import { readContract } from 'viem/actions';
import { z } from 'zod';
import type { ReadClient } from '../../chain/types.js';
import { AttestationSourceError } from '../../errors/relay.js';
import type { DispatchedMessage } from '../../message/dispatched.js';
import type {
  AttestationRequest,
  AttestationSource,
  GuardianAttestation,
  GuardianDiagnosis,
} from './attestation-types.js';

const hex32 = z.string().refine((value) => isHex(value) && value.length === 66, 'expected 32 bytes of hex');

/** What a guardian node answers at `GET /attestations/:messageId`. */
const attestationResponse = z.object({
  messageId: hex32,
  dstChainId: z.number().int().nonnegative(),
  guardian: z.string().refine((value) => isAddress(value, { strict: false }), 'expected an address'),
  signature: z.object({ v: z.number().int(), r: hex32, s: hex32 }),
});

/** What a guardian node answers at `POST /attestations`: the attestations it has of those asked. */
const batchResponse = z.object({ attestations: z.array(attestationResponse) });

/** Ids per `POST /attestations` (the node's `MAX_BATCH_IDS`). */
const BATCH_IDS = 1024;

export type HttpAttestationSourceOptions = {
  /** Per-request timeout. Default 5000 ms. */
  timeoutMs?: number;
};

/**
 * Asks every guardian node (`GET <url>/attestations/<messageId>`) in parallel and returns the
 * attestations of those that answered for this message and destination. A node that is down,
 * has not signed yet (404) or answers for another message is left out: the quorum check in
 * `deliverMessage` decides whether what came back is enough.
 *
 * @example
 * const source = httpAttestationSource(['http://127.0.0.1:7001', 'http://127.0.0.1:7002'])
 */
export function httpAttestationSource(
  urls: readonly string[],
  options: HttpAttestationSourceOptions = {},
): AttestationSource {
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    async fetch(messageId, dstChainId) {
      const answers = await Promise.allSettled(
        urls.map((url) => fetchOne(url.replace(/\/+$/, ''), messageId, dstChainId, timeoutMs)),
      );
      return answers.flatMap((answer) => (answer.status === 'fulfilled' && answer.value ? [answer.value] : []));
    },
    async fetchMany(messages) {
      const found = new Map<Hex, GuardianAttestation[]>(messages.map((m) => [m.messageId.toLowerCase() as Hex, []]));
      if (messages.length === 0) return found;
      const answers = await Promise.allSettled(
        urls.map((url) => fetchBatch(url.replace(/\/+$/, ''), messages, timeoutMs)),
      );
      for (const answer of answers) {
        if (answer.status !== 'fulfilled') continue;
        for (const [messageId, attestation] of answer.value) found.get(messageId)?.push(attestation);
      }
      return found;
    },
    async diagnose(message, hub) {
      return Promise.all(urls.map((url) => diagnoseOne(url.replace(/\/+$/, ''), message, hub, timeoutMs)));
    },
  };
}

/**
 * One node's attestations of `messages` (message id → attestation): `POST /attestations` in chunks
 * of `BATCH_IDS`; a node without that route (405 or 404: an older version) is asked per message.
 * An answer for another destination than the one asked is left out, as in `fetchOne`.
 */
async function fetchBatch(
  url: string,
  messages: readonly AttestationRequest[],
  timeoutMs: number,
): Promise<Map<Hex, GuardianAttestation>> {
  const wanted = new Map(messages.map((m) => [m.messageId.toLowerCase(), m.dstChainId]));
  const found = new Map<Hex, GuardianAttestation>();
  for (let start = 0; start < messages.length; start += BATCH_IDS) {
    const chunk = messages.slice(start, start + BATCH_IDS);
    const response = await fetch(`${url}/attestations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messageIds: chunk.map((m) => m.messageId) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 405 || response.status === 404) {
      await response.body?.cancel();
      // As `fetch` does: one message's failed answer leaves only that message out.
      const one = await Promise.allSettled(chunk.map((m) => fetchOne(url, m.messageId, m.dstChainId, timeoutMs)));
      for (const [i, answer] of one.entries()) {
        const messageId = chunk[i]?.messageId.toLowerCase() as Hex | undefined;
        if (answer.status === 'fulfilled' && answer.value && messageId) found.set(messageId, answer.value);
      }
      continue;
    }
    if (!response.ok) throw new AttestationSourceError({ url, reason: `HTTP ${response.status}` });
    const parsed = batchResponse.safeParse(await response.json());
    if (!parsed.success)
      throw new AttestationSourceError({ url, reason: 'not a list of attestations', cause: parsed.error });
    for (const body of parsed.data.attestations) {
      const messageId = body.messageId.toLowerCase() as Hex;
      if (wanted.get(messageId) !== body.dstChainId) continue;
      found.set(messageId, toAttestation(body));
    }
  }
  return found;
}

function toAttestation(body: z.infer<typeof attestationResponse>): GuardianAttestation {
  return {
    guardian: getAddress(body.guardian),
    v: body.signature.v,
    r: body.signature.r as Hex,
    s: body.signature.s as Hex,
  };
}

const healthResponse = z.object({
  hubChainId: z.number().int().positive(),
  hub: z.string().refine((value) => isAddress(value, { strict: false }), 'expected an address'),
  cursor: z.number().int().nonnegative(),
});

/** One node's `GET /health` against the message's hub block (see `GuardianDiagnosis`). */
async function diagnoseOne(
  url: string,
  message: DispatchedMessage,
  hub: { chainId: number; address: Address },
  timeoutMs: number,
): Promise<GuardianDiagnosis> {
  let body: z.infer<typeof healthResponse>;
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    const parsed = healthResponse.safeParse(await response.json());
    if (!response.ok || !parsed.success) return { url, state: 'unreachable' };
    body = parsed.data;
  } catch {
    // Down or not a guardian: reported as unreachable, which is what the advice needs.
    return { url, state: 'unreachable' };
  }
  const watched = { chainId: body.hubChainId, address: getAddress(body.hub) };
  if (watched.chainId !== hub.chainId || watched.address !== getAddress(hub.address)) {
    return { url, state: 'other-hub', cursor: body.cursor, hub: watched };
  }
  return { url, state: BigInt(body.cursor) > message.blockNumber ? 'passed' : 'behind', cursor: body.cursor };
}

async function fetchOne(
  url: string,
  messageId: Hex,
  dstChainId: number,
  timeoutMs: number,
): Promise<GuardianAttestation | undefined> {
  const response = await fetch(`${url}/attestations/${messageId}`, { signal: AbortSignal.timeout(timeoutMs) });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new AttestationSourceError({ url, reason: `HTTP ${response.status}` });
  const parsed = attestationResponse.safeParse(await response.json());
  if (!parsed.success) throw new AttestationSourceError({ url, reason: 'not an attestation', cause: parsed.error });
  const body = parsed.data;
  if (body.messageId.toLowerCase() !== messageId.toLowerCase() || body.dstChainId !== dstChainId) return undefined;
  return toAttestation(body);
}

export type LocalAttestationSourceParameters = {
  /** Guardians' private keys (local devnets and tests only). */
  keys: readonly Hex[];
  /** The GuardianAdapter's address (the same on every chain). */
  adapter: Address;
  /** A client per destination chain id, to read the adapter's digest there. */
  clients: Readonly<Record<number, ReadClient>>;
};

/**
 * Signs like a guardian node, in process: reads `attestationDigest(messageId)` from the
 * destination's adapter and signs it with each key. For local devnets and tests; a real
 * deployment uses `httpAttestationSource`.
 *
 * @example
 * const source = localAttestationSource({ keys, adapter: adapterAddress(addresses, 'guardian'), clients: { 1: hub, 42161: arb } })
 */
export function localAttestationSource(parameters: LocalAttestationSourceParameters): AttestationSource {
  return {
    async fetch(messageId, dstChainId) {
      const client = parameters.clients[dstChainId];
      if (!client) return [];
      const digest = await readContract(client, {
        address: parameters.adapter,
        abi: guardianAdapterAbi,
        functionName: 'attestationDigest',
        args: [messageId],
      });
      return Promise.all(parameters.keys.map((privateKey) => signAttestation(digest, privateKey)));
    },
  };
}

async function signAttestation(digest: Hex, privateKey: Hex): Promise<GuardianAttestation> {
  const signature = await sign({ hash: digest, privateKey });
  return {
    guardian: privateKeyToAddress(privateKey),
    v: 27 + (signature.yParity ?? 0),
    r: signature.r,
    s: signature.s,
  };
}
