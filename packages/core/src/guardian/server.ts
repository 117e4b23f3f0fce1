/**
 * The guardian's HTTP API, bound to 127.0.0.1 only (there is no host option: a guardian is reached
 * through a local relayer or a reverse proxy the operator sets up, never directly).
 *
 * - `GET /attestations/:messageId` → `{ messageId, dstChainId, guardian, signature: { v, r, s } }`, 404 if unknown
 * - `POST /attestations` with `{ "messageIds": [...] }` (at most `MAX_BATCH_IDS`) → `{ "attestations": [...] }`,
 *   the known ones in the shape above, in request order: a relayer asks each guardian once per pass,
 *   not once per message
 * - `GET /health` → `{ guardian, hubChainId, hub, cursor, hubBlock, finalizedBlock, signed }`
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Address, Hex } from 'viem';
import { GuardianNodeError } from '../errors/guardian.js';
import type { Attestation } from './attestation.js';

/** The only interface a guardian listens on. */
export const GUARDIAN_HOST = '127.0.0.1';

/** Most message ids one `POST /attestations` may ask for. */
export const MAX_BATCH_IDS = 1024;
/** Largest `POST /attestations` body read (1024 ids of 66 characters, quoted, fit well inside). */
const MAX_BATCH_BODY_BYTES = 96 * 1024;
const MESSAGE_ID = /^0x[0-9a-fA-F]{64}$/;

/** `GET /health`. Block numbers are `null` before the first poll. */
export type GuardianHealth = {
  guardian: Address;
  /** The hub chain and GovernanceHub the node watches. */
  hubChainId: number;
  hub: Address;
  /** The next hub block the node scans: every message below it is signed or refused. */
  cursor: number;
  hubBlock: number | null;
  finalizedBlock: number | null;
  signed: number;
};

/** `GET /attestations/:messageId`. */
export type AttestationResponse = Omit<Attestation, 'signer'> & { guardian: Address };

export type AttestationServer = { server: Server; host: typeof GUARDIAN_HOST; port: number; url: string };

export type StartAttestationServerParameters = {
  /** 0 picks a free port. */
  port: number;
  attestation(messageId: Hex): Attestation | undefined;
  health(): GuardianHealth;
};

/** Starts the HTTP server on 127.0.0.1:`port`. Throws `GuardianNodeError` when the port is taken. */
export async function startAttestationServer({
  port,
  attestation,
  health,
}: StartAttestationServerParameters): Promise<AttestationServer> {
  const server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(`${JSON.stringify(body)}\n`);
    };
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method === 'POST' && path === '/attestations') {
      return void readBatch(request).then(
        (ids) =>
          send(200, {
            attestations: ids.flatMap((id) => {
              const found = attestation(id);
              return found ? [toResponse(found)] : [];
            }),
          }),
        (error: Error) => send(400, { error: error.message }),
      );
    }
    if (request.method !== 'GET') return send(405, { error: 'method not allowed' });
    if (path === '/health') return send(200, health());
    const match = /^\/attestations\/(0x[0-9a-fA-F]{64})$/.exec(path);
    if (!match?.[1]) return send(404, { error: 'not found' });
    const found = attestation(match[1].toLowerCase() as Hex);
    if (!found) return send(404, { error: `no attestation for ${match[1]}` });
    return send(200, toResponse(found));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) =>
      reject(new GuardianNodeError(`cannot listen on ${GUARDIAN_HOST}:${port} — pick another --port`, { cause })),
    );
    server.listen(port, GUARDIAN_HOST, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return { server, host: GUARDIAN_HOST, port: bound, url: `http://${GUARDIAN_HOST}:${bound}` };
}

function toResponse({ signer, messageId, dstChainId, signature }: Attestation): AttestationResponse {
  return { messageId, dstChainId, guardian: signer, signature };
}

/** The ids of a `POST /attestations` body, lower-cased; rejects a body too large or not `{ messageIds: [id...] }`. */
function readBatch(request: IncomingMessage): Promise<Hex[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is drained unread, and the answer is a 400.
      if (size <= MAX_BATCH_BODY_BYTES) chunks.push(chunk);
    });
    request.on('error', reject);
    request.on('end', () => {
      if (size > MAX_BATCH_BODY_BYTES) {
        return reject(
          new Error(`the body is over ${MAX_BATCH_BODY_BYTES} bytes: ask for at most ${MAX_BATCH_IDS} ids`),
        );
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reject(new Error('the body is not JSON: send { "messageIds": ["0x…"] }'));
      }
      const ids = (body as { messageIds?: unknown } | null)?.messageIds;
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && MESSAGE_ID.test(id))) {
        return reject(new Error('expected { "messageIds": [...] } with 32-byte hex message ids'));
      }
      if (ids.length > MAX_BATCH_IDS) return reject(new Error(`at most ${MAX_BATCH_IDS} message ids per request`));
      resolve(ids.map((id: string) => id.toLowerCase() as Hex));
    });
  });
}
