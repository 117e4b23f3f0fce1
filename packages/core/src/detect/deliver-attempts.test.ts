import { guardianAdapterAbi } from '@lockstep/client';
import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import { createWalletClient, encodeFunctionData, type Hex, http, parseEther, publicActions, testActions } from 'viem';
import { privateKeyToAccount, privateKeyToAddress } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attestationTypedData } from '../guardian/attestation.js';
import { encodeMessage, type LockstepMessage } from '../message/codec.js';
import { readDeliverAttempts } from './equivocation.js';

type Anvil = Awaited<ReturnType<typeof startAnvils>>[number];

let anvils: Anvil[] = [];
const sender = privateKeyToAccount(`0x${'11'.repeat(32)}`);
const guardian = privateKeyToAccount(`0x${'44'.repeat(32)}`);
// No code needed at the adapter: the reader looks at calldata, and a call to an empty account succeeds.
const adapter = privateKeyToAddress(`0x${'33'.repeat(32)}`);
const message: LockstepMessage = {
  version: 1,
  nonce: 7n,
  srcChainId: 1n,
  dstChainId: 31337n,
  sender: privateKeyToAddress(`0x${'55'.repeat(32)}`),
  receiver: privateKeyToAddress(`0x${'66'.repeat(32)}`),
  payload: '0x1234',
};

beforeAll(async () => {
  anvils = await startAnvils([{ name: 'satellite', chainId: 31337 }]);
});

afterAll(async () => {
  await stopAnvils(anvils);
});

describe('readDeliverAttempts', () => {
  it('a deliver whose signatures recover to no key (anyone can send one) is read, not a crash: its good signatures still count', async () => {
    const client = createWalletClient({ account: sender, cacheTime: 0, transport: http(anvils[0]?.rpcUrl ?? '') })
      .extend(publicActions)
      .extend(testActions({ mode: 'anvil' }));
    await client.setBalance({ address: sender.address, value: parseEther('1') });
    const good = await guardian.signTypedData(attestationTypedData({ message, adapter }));
    const r = `0x${good.slice(2, 66)}` as Hex;
    const s = `0x${good.slice(66, 130)}` as Hex;
    const v = Number.parseInt(good.slice(130, 132), 16);
    const deliver = (signatures: { index: number; v: number; r: Hex; s: Hex }[]) =>
      encodeFunctionData({
        abi: guardianAdapterAbi,
        functionName: 'deliver',
        args: [encodeMessage(message), 0, [guardian.address], signatures],
      });
    const from = (await client.getBlockNumber()) + 1n;
    // r = 0 is no curve point; v = 31 is no recovery id; then an honest delivery.
    const junk = await client.sendTransaction({
      chain: null,
      to: adapter,
      data: deliver([
        { index: 0, v: 27, r: `0x${'00'.repeat(32)}`, s },
        { index: 1, v: 31, r, s },
      ]),
    });
    const honest = await client.sendTransaction({ chain: null, to: adapter, data: deliver([{ index: 0, v, r, s }]) });
    await client.waitForTransactionReceipt({ hash: honest });
    const attempts = await readDeliverAttempts(client, {
      adapter,
      fromBlock: from,
      toBlock: await client.getBlockNumber(),
    });
    expect(attempts.map((a) => a.txHash)).toEqual([junk, honest]);
    expect(attempts[0]?.signers).toEqual([]);
    expect(attempts[1]?.signers).toEqual([guardian.address]);
  });
});
