import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attestation } from '../guardian/attestation.js';
import { startAttestationServer } from '../guardian/server.js';
import { httpAttestationSource } from './guardian/attestation-source.js';

const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;
const GUARDIAN_A = '0x00000000000000000000000000000000000000a1';
const GUARDIAN_B = '0x00000000000000000000000000000000000000b2';
const attestationOf = (guardian: Hex, n: number, dstChainId: number): Attestation => ({
  messageId: id(n),
  dstChainId,
  signer: guardian,
  signature: { v: 27, r: id(100 + n), s: id(200 + n) },
});

const servers: Server[] = [];
let current: string;
let old: string;
let requests = { current: 0, old: 0 };

beforeAll(async () => {
  // A current node: signed messages 1 and 2 (2 for chain 20), answers POST /attestations.
  const signed = new Map([1, 2].map((n) => [id(n), attestationOf(GUARDIAN_A, n, n * 10)]));
  const started = await startAttestationServer({
    port: 0,
    attestation: (messageId) => signed.get(messageId),
    health: () => ({
      guardian: GUARDIAN_A,
      hubChainId: 1,
      hub: GUARDIAN_A,
      cursor: 0,
      hubBlock: null,
      finalizedBlock: null,
      signed: 2,
    }),
  });
  started.server.on('request', () => requests.current++);
  servers.push(started.server);
  current = started.url;
  // An older node: GET /attestations/:id only (POST is 405), signed message 1.
  const legacy = createServer((request, response) => {
    requests.old++;
    if (request.method !== 'GET') {
      response.writeHead(405).end('{"error":"method not allowed"}');
      return;
    }
    const found = request.url === `/attestations/${id(1)}` ? attestationOf(GUARDIAN_B, 1, 10) : undefined;
    if (!found) {
      response.writeHead(404).end('{"error":"not found"}');
      return;
    }
    const { signer, ...rest } = found;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...rest, guardian: signer }));
  });
  await new Promise<void>((resolve) => legacy.listen(0, '127.0.0.1', resolve));
  servers.push(legacy);
  old = `http://127.0.0.1:${(legacy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('httpAttestationSource.fetchMany', () => {
  it('asks a current node once for every message, an older one per message, and keeps only answers for the asked destination', async () => {
    requests = { current: 0, old: 0 };
    const source = httpAttestationSource([current, old, 'http://127.0.0.1:1']);
    const asked = [
      { messageId: id(1), dstChainId: 10 },
      // Message 2 was signed for chain 20: asked for chain 30, the answer is not for it.
      { messageId: id(2), dstChainId: 30 },
      { messageId: id(3), dstChainId: 10 },
    ];
    const found = await source.fetchMany?.(asked);
    expect(requests.current).toBe(1);
    // One refused POST, then one GET per message.
    expect(requests.old).toBe(1 + asked.length);
    expect([...(found?.keys() ?? [])]).toEqual(asked.map((a) => a.messageId));
    expect(found?.get(id(1))?.map((a) => a.guardian)).toEqual(
      [GUARDIAN_A, GUARDIAN_B].map((g) => expect.stringMatching(new RegExp(g, 'i'))),
    );
    expect(found?.get(id(2))).toEqual([]);
    expect(found?.get(id(3))).toEqual([]);
    // The same as asking one message at a time.
    expect(found?.get(id(1))).toEqual(await source.fetch(id(1), 10));
  });
});
