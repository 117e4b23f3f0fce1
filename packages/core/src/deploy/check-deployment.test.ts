import { startAnvils, stopAnvils } from '@lockstep/toolchain';
import { createTestClient, http } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeploymentCheckError } from '../errors/deploy.js';
import { checkDeployment } from './check-deployment.js';

type Anvil = Awaited<ReturnType<typeof startAnvils>>[number];

let anvils: Anvil[] = [];
let ethereum: string;
const hub = privateKeyToAddress(`0x${'44'.repeat(32)}`);

beforeAll(async () => {
  anvils = await startAnvils([{ name: 'ethereum', chainId: 1 }]);
  ethereum = anvils[0]?.rpcUrl ?? '';
});
afterAll(async () => {
  await stopAnvils(anvils);
});

describe('checkDeployment', () => {
  it('lists every problem, one line each with its fix: no code, wrong chain, no answer', async () => {
    const error = await checkDeployment({
      networks: [
        { name: 'ethereum', chainId: 1, url: ethereum, contracts: { hub } },
        { name: 'arbitrum', chainId: 42161, url: ethereum, contracts: { receiver: hub } },
        { name: 'polygon', chainId: 137, url: 'http://127.0.0.1:1/v2/secretkey123456789012345', contracts: {} },
      ],
      timeoutMs: 2000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentCheckError);
    const problems = (error as DeploymentCheckError).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(
      new RegExp(`^networks\\.ethereum: no hub at ${hub} on chain 1 .* — .*deploy with \`lockstep deploy\``),
    );
    expect(problems[1]).toMatch(/^networks\.arbitrum: RPC .* reports chain id 1, the config says 42161 — /);
    expect(problems[2]).toMatch(/^networks\.polygon: RPC .* did not answer eth_chainId .* — start the node/);
    expect(problems.join('\n')).not.toContain('secretkey');
    expect(problems.every((line) => !line.includes('\n'))).toBe(true);
    expect((error as DeploymentCheckError).shortMessage).toBe('3 problems with the RPCs or the deployment');
  });

  it('passes when the chain id matches and every contract has code', async () => {
    await createTestClient({ mode: 'anvil', transport: http(ethereum) }).setCode({ address: hub, bytecode: '0x00' });
    expect(
      await checkDeployment({ networks: [{ name: 'ethereum', chainId: 1, url: ethereum, contracts: { hub } }] }),
    ).toEqual([{ network: 'ethereum', chainId: 1, url: ethereum }]);
  });
});
