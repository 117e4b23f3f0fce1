/**
 * Rehearsals against receivers that want k = 2 confirmations (the guardian adapter and the council
 * fallback adapter, as `receiver.requiredConfirmations: 2` deploys them): both signer sets are stood
 * in for and both confirmations made; an adapter whose signers cannot be stood in for is refused.
 */
import { startAnvil } from '@lockstep/toolchain';
import { createTestClient, http, publicActions } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterAddress } from '../deploy/adapter-address.js';
import { DEVNET_DEPLOY_TIMEOUT } from '../testing/devnet-fixture.js';
import { RehearsalError } from './errors.js';
import { rehearseProposal } from './rehearse.js';
import {
  draftDocument,
  type RehearsalDevnet,
  startRehearsalDevnet,
  submittedDocument,
  vaultActions,
} from './test-fixture.js';

let devnet: RehearsalDevnet;
const REHEARSAL_TIMEOUT = 180_000;

beforeAll(async () => {
  devnet = await startRehearsalDevnet({
    networks: [
      { name: 'ethereum', chainId: 1 },
      { name: 'arbitrum', chainId: 42161 },
    ],
    configure: (config) => {
      config.receiver.requiredConfirmations = 2;
    },
  });
}, DEVNET_DEPLOY_TIMEOUT);

afterAll(async () => {
  await devnet?.stop();
});

describe('rehearseProposal with a receiver needing k = 2 confirmations', () => {
  it(
    'confirms through the guardian and the fallback adapter under stand-in keys, lists both, and executes',
    async () => {
      const guardian = adapterAddress(devnet.addresses, 'guardian');
      const fallback = adapterAddress(devnet.addresses, 'fallback');
      const document = await submittedDocument(devnet, await vaultActions(devnet, [1, 42161]), [1, 2, 3, 4, 5, 6]);
      const report = await rehearseProposal({ document, networks: devnet.networks, rpcUrls: devnet.rpcUrls });
      process.stderr.write(`rehearsal of 2 chains with k = 2: ${report.durationMs} ms\n`);

      expect(report.unexpected).toEqual([]);
      expect(report.failedChecks).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.approvals).toMatchObject({ realSignatures: true, impersonated: [] });
      for (const chain of report.chains) {
        expect(chain.transactions.map((t) => t.step).slice(-3)).toEqual([
          'deliver (guardian adapter, 8 signatures)',
          'ratify (fallback adapter, 6 signatures)',
          'execute (receiver, at the activation time)',
        ]);
        expect(chain.postChecks.every((c) => c.ok)).toBe(true);
        const stoodIn = report.substitutions.filter((s) => s.chainId === chain.chainId);
        expect(stoodIn.map((s) => s.adapter)).toEqual([guardian, fallback]);
        expect(stoodIn[1]?.what).toContain('its 9 members replaced on the fork by rehearsal keys (threshold 6)');
        expect(stoodIn[1]?.why).toContain('second confirmation (k = 2)');
      }
    },
    REHEARSAL_TIMEOUT,
  );

  it(
    'refuses a receiver whose second adapter is not one it can stand signers in for, naming it and why',
    async () => {
      const fallback = adapterAddress(devnet.addresses, 'fallback');
      // A copy of arbitrum where the fallback adapter's code is the vault's: no transport(), no members.
      const copy = await startAnvil({
        name: 'arbitrum with a foreign adapter',
        chainId: 42161,
        extraArgs: ['--fork-url', devnet.rpcUrls.arbitrum ?? ''],
      });
      try {
        const client = createTestClient({ mode: 'anvil', transport: http(copy.rpcUrl) }).extend(publicActions);
        const vaultCode = await client.getCode({ address: devnet.vaultV2 });
        if (!vaultCode) throw new Error('no VaultV2 code');
        await client.setCode({ address: fallback, bytecode: vaultCode });
        const actions = await vaultActions(devnet, [42161]);
        const error = await rehearseProposal({
          document: draftDocument(devnet, actions),
          networks: devnet.networks,
          rpcUrls: { ...devnet.rpcUrls, arbitrum: copy.rpcUrl },
          impersonateMissing: true,
        }).catch((e: unknown) => e);

        expect(error).toBeInstanceOf(RehearsalError);
        expect(error).toMatchObject({ reason: 'unsupported-deployment' });
        expect((error as RehearsalError).shortMessage).toBe(
          `arbitrum: receiver ${devnet.addresses.receiver} wants 2 of its 2 adapters to confirm a message, and the rehearsal can stand in for the signers of 1 — adapter ${fallback} has no transport() (not a Lockstep adapter): its confirmation cannot be rehearsed`,
        );
        expect((error as RehearsalError).message).toContain('could only be impersonated');
      } finally {
        await copy.stop();
      }
    },
    REHEARSAL_TIMEOUT,
  );
});
