import { startAnvil } from '@lockstep/toolchain';
import { createTestClient, custom, type EIP1193RequestFn, http, parseEther, publicActions, walletActions } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MNEMONIC } from '../config/defaults.js';
import { waitForReceipt } from './send-and-wait.js';

let anvil: Awaited<ReturnType<typeof startAnvil>>;
beforeAll(async () => {
  anvil = await startAnvil({ name: 'receipts', chainId: 31337 });
});
afterAll(async () => {
  await anvil?.stop();
});

/** A transfer sent with automine off: pending until the test mines (automine is back on after each test). */
async function pendingTransfer() {
  const node = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) })
    .extend(publicActions)
    .extend(walletActions);
  await node.setAutomine(false);
  const account = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 0 });
  const hash = await node.sendTransaction({ account, chain: null, to: account.address, value: parseEther('1') });
  return { node, hash };
}

afterEach(async () => {
  await createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) }).setAutomine(true);
});

describe('waitForReceipt', () => {
  it('looks again soon after a first miss, not a whole polling interval later, and never watches blocks for it', async () => {
    const { node, hash } = await pendingTransfer();

    // The node mines the transaction only when the receipt is asked for the third time: a node a
    // moment behind, and no new block in between. viem's own wait looks twice, then waits for a new
    // block that never comes (each look a whole polling interval apart). Every request is counted.
    const methods: string[] = [];
    const inner = http(anvil.rpcUrl)({});
    const request = (async (args: { method: string; params?: unknown }) => {
      methods.push(args.method);
      if (args.method === 'eth_getTransactionReceipt' && methods.filter((m) => m === args.method).length === 3) {
        await node.mine({ blocks: 1 });
      }
      return inner.request(args as Parameters<typeof inner.request>[0]);
    }) as EIP1193RequestFn;
    // viem's default polling interval (4 s): the wait's ceiling is a second.
    const client = createTestClient({ mode: 'anvil', transport: custom({ request }) }).extend(publicActions);
    expect(client.pollingInterval).toBe(4_000);

    const receipt = await waitForReceipt(client, hash);
    expect(receipt.transactionHash).toBe(hash);
    expect(receipt.status).toBe('success');
    // Found by the quick second looks: no block-number watcher (a whole interval per look).
    expect(methods.filter((m) => m === 'eth_getTransactionReceipt')).toHaveLength(3);
    expect(methods).not.toContain('eth_blockNumber');
  }, 20_000);

  it('still waits as long as a transaction takes: one mined after the quick looks is found by the block watcher', async () => {
    const { node, hash } = await pendingTransfer();
    const client = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl), pollingInterval: 200 }).extend(
      publicActions,
    );
    const mined = new Promise((resolve) => setTimeout(resolve, 1_500)).then(() => node.mine({ blocks: 1 }));
    const receipt = await waitForReceipt(client, hash);
    await mined;
    expect(receipt.transactionHash).toBe(hash);
  });
});
