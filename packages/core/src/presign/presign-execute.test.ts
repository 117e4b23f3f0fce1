import { type Address, getAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceTime } from '../devnet/advance-time.js';
import { type Fixture, NETWORKS, startFixture } from '../relay/test-fixture.js';
import { localSigner } from '../signing/signer.js';
import { broadcastBundle } from './broadcast.js';
import { signBundle } from './create.js';
import { deliverVaultUpgrade, networkOf } from './execute-fixture.js';
import { presignPlanSchema } from './plan.js';
import { prepareTransactions } from './prepare.js';
import { IMPLEMENTATION_SLOT } from './test-fixture.js';
import { verifyBundle } from './verify.js';

let fixture: Fixture;

beforeAll(async () => {
  fixture = await startFixture();
}, 300_000);
afterAll(() => fixture?.stop());

describe('presign for the executor', () => {
  it('pre-signs UpgradeReceiver.execute on every chain, verifies it at the activation time on forks, broadcasts it then', async () => {
    const { receiver, vault, vaultV2 } = fixture.addresses;
    if (!vault || !vaultV2) throw new Error('incomplete deployment');
    const { messages, executableAt: notBefore, readers } = await deliverVaultUpgrade(fixture, 'presigned execute');
    const plan = presignPlanSchema.parse({
      proposal: 'presigned execute',
      notBefore,
      expiresAt: notBefore + 86_400,
      transactions: messages.map((m) => ({
        network: networkOf(m.chainId),
        kind: 'receiver-execute',
        encodedMessage: m.encoded,
        // Not executable before its activation time: no estimate now, the plan gives the limit.
        gasLimit: '600000',
      })),
    });
    const chains = { networks: fixture.config.networks, rpcUrls: fixture.rpcUrls };
    // Clocks on chain time: the fixture's chains run ahead of the wall clock.
    const before = () => notBefore - 60;
    const executor = localSigner(fixture.relayer, 'private-key', 'relayer');
    const receiverOf = async () => receiver;
    const prepared = await prepareTransactions({ ...chains, plan, signer: executor.address, receiverOf, now: before });
    const bundle = await signBundle(plan, prepared, executor, before);

    const verified = await verifyBundle({ ...chains, bundle, now: before });
    expect(verified.chains.map((c) => [c.chainId, c.simulation.status, c.problems])).toEqual(
      [1, 10, 42161].map((chainId) => [chainId, 'success', []]),
    );
    expect(verified.chains[0]?.decoded?.call?.text).toMatch(/^execute\(message #\d+ from chain 1 to chain 1\)$/);

    await Promise.all(NETWORKS.map((n) => advanceTime(fixture.rpcUrls[n.name] ?? '', 5400 + 60)));
    const sent = await broadcastBundle({ ...chains, bundle, now: () => notBefore + 60 });
    expect(sent.chains.map((c) => c.status)).toEqual(['included', 'included', 'included']);
    for (const chainId of [1, 42161, 10]) {
      const slot = await readers[chainId]?.getStorageAt({ address: vault, slot: IMPLEMENTATION_SLOT });
      expect(getAddress(`0x${(slot ?? '').slice(-40)}` as Address)).toBe(vaultV2);
    }
  }, 300_000);
});
