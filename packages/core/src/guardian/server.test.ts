import type { Server } from 'node:http';
import type { Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attestation } from './attestation.js';
import { MAX_BATCH_IDS, startAttestationServer } from './server.js';

const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;
const signed = new Map<Hex, Attestation>(
  [1, 2, 3].map((n) => [
    id(n),
    {
      messageId: id(n),
      dstChainId: 10 + n,
      signer: '0x00000000000000000000000000000000000000a1',
      signature: { v: 27, r: id(100 + n), s: id(200 + n) },
    },
  ]),
);

let server: Server;
let url: string;

beforeAll(async () => {
  const started = await startAttestationServer({
    port: 0,
    attestation: (messageId) => signed.get(messageId),
    health: () => ({
      guardian: '0x00000000000000000000000000000000000000a1',
      hubChainId: 1,
      hub: '0x00000000000000000000000000000000000000b2',
      cursor: 0,
      hubBlock: null,
      finalizedBlock: null,
      signed: signed.size,
    }),
  });
  server = started.server;
  url = started.url;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (body: string) =>
  fetch(`${url}/attestations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('guardian HTTP API: POST /attestations', () => {
  it('answers the known ids of a batch in request order, as GET /attestations/:id answers one', async () => {
    const response = await post(
      JSON.stringify({ messageIds: [id(3), id(9), id(1).toUpperCase().replace('0X', '0x')] }),
    );
    expect(response.status).toBe(200);
    const { attestations } = (await response.json()) as { attestations: unknown[] };
    const one = await (await fetch(`${url}/attestations/${id(3)}`)).json();
    expect(attestations).toHaveLength(2);
    expect(attestations[0]).toEqual(one);
    expect(attestations[1]).toMatchObject({ messageId: id(1), dstChainId: 11, guardian: signed.get(id(1))?.signer });
  });

  it('refuses a malformed body, a bad id, too many ids and an oversized body with 400 and what to send', async () => {
    for (const body of [
      'not json',
      JSON.stringify({ ids: [id(1)] }),
      JSON.stringify({ messageIds: ['0x1234'] }),
      JSON.stringify({ messageIds: Array.from({ length: MAX_BATCH_IDS + 1 }, (_, i) => id(i)) }),
      JSON.stringify({ messageIds: [id(1)], padding: 'x'.repeat(200_000) }),
    ]) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/messageIds|at most|bytes/);
    }
    // The server still answers afterwards.
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('takes no other method on a path than its own', async () => {
    expect((await fetch(`${url}/health`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${url}/attestations/${id(1)}`, { method: 'DELETE' })).status).toBe(405);
  });
});
