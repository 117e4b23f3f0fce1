/**
 * The guardian's HTTP API, bound to 127.0.0.1 only (there is no host option: a guardian is reached
 * through a local relayer or a reverse proxy the operator sets up, never directly).
 *
 * - `GET /attestations/:messageId` → `{ messageId, dstChainId, guardian, signature: { v, r, s } }`, 404 if unknown
 * - `GET /health` → `{ guardian, hubChainId, hub, cursor, hubBlock, finalizedBlock, signed }`
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Address, Hex } from 'viem';
import { GuardianNodeError } from '../errors/guardian.js';
import type { Attestation } from './attestation.js';

/** The only interface a guardian listens on. */
export const GUARDIAN_HOST = '127.0.0.1';

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
    if (request.method !== 'GET') return send(405, { error: 'method not allowed' });
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/health') return send(200, health());
    const match = /^\/attestations\/(0x[0-9a-fA-F]{64})$/.exec(path);
    if (!match?.[1]) return send(404, { error: 'not found' });
    const found = attestation(match[1].toLowerCase() as Hex);
    if (!found) return send(404, { error: `no attestation for ${match[1]}` });
    const { signer, ...rest } = found;
    return send(200, {
      messageId: rest.messageId,
      dstChainId: rest.dstChainId,
      guardian: signer,
      signature: rest.signature,
    });
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
