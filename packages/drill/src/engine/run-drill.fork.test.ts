import { ownableAbi } from '@lockstep/client';
import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import { type Address, createPublicClient, http, type PublicClient } from 'viem';
import { describe, expect, it } from 'vitest';
// Test scaffolding shared with core's presign tests (a vault behind a proxy the team owns).
import { deployTeamVault } from '../../../core/src/deploy/test-team-vault.js';
import { testAccount } from '../setup/keys.js';
import { fourChainScenario } from '../testing/scenarios.js';
import type { ForkedProxy } from '../types.js';
import { runDrill } from './run-drill.js';
import { implementationOf } from './vault.js';

/** "The team": a key the drill never holds (mnemonic index 60), owner of the real proxies. */
const team = testAccount(60);

type TeamDeployment = { proxy: Address; upgradeTo: Address; owned: Address };

/** Deploys, on an "upstream" chain, what a team would have there: a proxy on V1 it owns, and its V2 release. */
async function deployTeamProxy(rpcUrl: string, kind: ForkedProxy['kind']): Promise<TeamDeployment> {
  const client = createPublicClient({ transport: http(rpcUrl) }) as PublicClient;
  await client.request({ method: 'anvil_setBalance', params: [team.address, '0x56BC75E2D63100000'] } as never);
  // UUPS: the vault's owner upgrades it; transparent: the owner of the ProxyAdmin the proxy created.
  const { proxy, v2, upgrader } = await deployTeamVault({ rpcUrl, deployer: team, owner: team.address, kind });
  return { proxy, upgradeTo: v2, owned: upgrader };
}

describe('runDrill on forks of chains with the team’s own proxies', () => {
  it('impersonates the owner on the fork, hands the proxy to the receiver, and upgrades it to the team’s release (UUPS and transparent); upstream untouched', async () => {
    const upstream = await startAnvils([
      { name: 'upstream-optimism', chainId: 10 },
      { name: 'upstream-polygon', chainId: 137 },
    ]);
    try {
      const [optimismUrl, polygonUrl] = upstream.map((u) => u.rpcUrl);
      if (!optimismUrl || !polygonUrl) throw new Error('upstream anvils did not start');
      const uups = await deployTeamProxy(optimismUrl, 'uups');
      const transparent = await deployTeamProxy(polygonUrl, 'transparent');
      const base = fourChainScenario({
        name: 'test-fork-proxies',
        attacker: { enabled: false, depositWei: '0', spreadSeconds: 120 },
      });
      const forked = (url: string, deployment: TeamDeployment, kind: ForkedProxy['kind']) => ({
        url,
        proxy: { address: deployment.proxy, kind, upgradeTo: deployment.upgradeTo },
      });
      const scenario = {
        ...base,
        chains: base.chains.map((c) =>
          c.name === 'optimism'
            ? { ...c, fork: forked(optimismUrl, uups, 'uups') }
            : c.name === 'polygon'
              ? { ...c, fork: forked(polygonUrl, transparent, 'transparent') }
              : c,
        ),
      };
      const { report } = await runDrill({ scenario });
      expect(report.expectations.filter((e) => !e.passed)).toEqual([]);

      const chain = (name: string) => report.chains.find((c) => c.name === name);
      expect(chain('optimism')).toMatchObject({
        proxy: uups.proxy,
        implementationAfter: uups.upgradeTo,
        executions: 1,
      });
      expect(chain('polygon')).toMatchObject({
        proxy: transparent.proxy,
        implementationAfter: transparent.upgradeTo,
        executions: 1,
      });
      expect(chain('optimism')?.observedCodehash).toBe(chain('optimism')?.expectedCodehash);
      // The other chains upgrade the example vault as usual.
      expect(chain('arbitrum')?.proxy).toBe(report.addresses?.vault);

      // Upstream (the "real" chains) never saw any of it: same implementation, same owner.
      for (const [url, deployment] of [
        [optimismUrl, uups],
        [polygonUrl, transparent],
      ] as const) {
        const client = createPublicClient({ transport: http(url) }) as PublicClient;
        const owner = await client.readContract({ address: deployment.owned, abi: ownableAbi, functionName: 'owner' });
        expect(owner).toBe(team.address);
        const implementation = await implementationOf(
          { client, rpcUrl: url } as Parameters<typeof implementationOf>[0],
          deployment.proxy,
        );
        expect(implementation).not.toBe(deployment.upgradeTo);
      }
    } finally {
      await stopAnvils(upstream);
    }
  });
});
