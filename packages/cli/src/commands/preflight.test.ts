import { join } from 'node:path';
import { type ProposalAction, writeProposalFile } from '@lockstep/core/proposal';
import { draftProposal } from '@lockstep/core/testing';
import { type Hex, keccak256, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRelayFixture, DEPLOY_TIMEOUT, runLockstep, startCliRelayFixture } from '../test-support.js';

let cli: CliRelayFixture;
/** Each test runs the CLI once to three times; each run loads its TypeScript sources (tens of seconds on a loaded machine). */
const CLI_TIMEOUT = 300_000;

beforeAll(async () => {
  cli = await startCliRelayFixture('cli-preflight-');
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await cli?.stop();
});

/** Runs `lockstep preflight … --config <the fixture's config> --rpc …` (later `--rpc` flags win). */
const preflight = (...args: string[]) =>
  runLockstep(['preflight', '--config', cli.configPath, ...cli.rpcArgs, ...args], { cwd: cli.dir });

type PreflightJson = {
  consistent: boolean;
  chains: { network: string; chainId: number; reachable: boolean; state?: { guardianSet?: { index: number } } }[];
  proxies: { network: string; proxy: string; replaces: string; registry?: string; slot?: string }[];
  findings: {
    severity: string;
    network: string;
    subject: string;
    expected?: string;
    actual?: string;
    fix: string;
    message: string;
  }[];
};

describe('lockstep preflight', () => {
  it(
    'passes on the fresh deployment: a table per chain, and --json with every chain’s state',
    async () => {
      const human = await preflight();
      expect(human.code, human.stderr).toBe(0);
      expect(human.stdout).toMatch(/^network\s+chain id\s+receiver\s+guardian set\s+fallback set\s+result/);
      expect(human.stdout).toMatch(/arbitrum\s+42161\s+0x\w{4}…\w{4}\s+set 0: 8 of 15\s+6 of 9, nonce 0\s+consistent/);
      expect(human.stdout).toContain(
        'consistent: 3 chain(s) agree with the config, the deployment files and each other',
      );
      expect(human.stderr).toContain('✓ optimism: consistent');

      const json = await preflight('--json');
      expect(json.code, json.stderr).toBe(0);
      const report = JSON.parse(json.stdout) as PreflightJson;
      expect(report).toMatchObject({ consistent: true, proxies: [], findings: [] });
      expect(report.chains.map((c) => [c.network, c.reachable, c.state?.guardianSet?.index])).toEqual([
        ['ethereum', true, 0],
        ['arbitrum', true, 0],
        ['optimism', true, 0],
      ]);
    },
    CLI_TIMEOUT,
  );

  it(
    '--proposal: fails naming the proxy whose implementation is not the one the proposal replaces',
    async () => {
      const { vault, vaultV1, vaultV2, council } = cli.fixture.addresses;
      if (!vault || !vaultV1 || !vaultV2 || !council) throw new Error('the local deployment has the example vault');
      const action = (chainId: number, previousImplementation: Hex): ProposalAction => ({
        chainId,
        proxy: vault,
        label: 'Vault',
        previousImplementation,
        implementation: vaultV2,
        codehash: keccak256(toHex('the V2 codehash (not checked by preflight)')),
        data: '0x',
      });
      const actions = [action(42161, vaultV1), action(10, vaultV2)];
      const file = join(cli.dir, 'vault-v2.proposal.json');
      await writeProposalFile(file, draftProposal({ council, actions }));
      const run = await preflight('--proposal', file, '--json');
      expect(run.code, run.stderr).toBe(1);
      const report = JSON.parse(run.stdout) as PreflightJson;
      expect(report.consistent).toBe(false);
      // The hub and the two chains the proposal targets.
      expect(report.chains.map((c) => c.network)).toEqual(['ethereum', 'arbitrum', 'optimism']);
      expect(report.proxies).toEqual([
        {
          network: 'arbitrum',
          chainId: 42161,
          proxy: vault,
          label: 'Vault',
          replaces: vaultV1,
          registry: vaultV1,
          slot: vaultV1,
          codehash: expect.any(String),
        },
        {
          network: 'optimism',
          chainId: 10,
          proxy: vault,
          label: 'Vault',
          replaces: vaultV2,
          registry: vaultV1,
          slot: vaultV1,
          codehash: expect.any(String),
        },
      ]);
      expect(report.findings.map((f) => [f.network, f.subject, f.expected, f.actual])).toEqual([
        ['optimism', `proxy Vault (${vault}) registry implementation`, vaultV2, vaultV1],
        ['optimism', `proxy Vault (${vault}) EIP-1967 implementation`, vaultV2, vaultV1],
      ]);
      expect(report.findings[0]?.fix).toContain('write it again against what runs now (`lockstep propose`)');
    },
    CLI_TIMEOUT,
  );

  it(
    'fails with a clear message for an RPC of the wrong chain and one that does not answer',
    async () => {
      const run = await preflight(
        '--rpc',
        `optimism=${cli.fixture.rpcUrls.arbitrum}`,
        '--rpc',
        'arbitrum=http://127.0.0.1:1',
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/arbitrum\s+42161\s+-\s+-\s+-\s+unreachable/);
      expect(run.stdout).toContain('✗ arbitrum: networks.arbitrum: RPC http://127.0.0.1:1 did not answer eth_chainId');
      expect(run.stdout).toContain('✗ optimism: networks.optimism: RPC');
      expect(run.stdout).toContain(
        'reports chain id 42161, the config says 10 — point rpc at a node of chain 10, or fix chainId',
      );
      expect(run.stderr).toContain('✗ optimism: 1 difference(s)');
    },
    CLI_TIMEOUT,
  );

  it(
    'refuses an unknown --network (exit 2)',
    async () => {
      const run = await preflight('--network', 'mars');
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--network: mars is not a network of the config');
    },
    CLI_TIMEOUT,
  );

  it(
    'fails after one chain’s guardian set was rotated alone, with the rotation that brings it back',
    async () => {
      const { keys, quorum } = cli.fixture.config.guardians;
      const rotated = await runLockstep(
        [
          'guardian-set',
          'rotate',
          '--network',
          'arbitrum',
          '--keys',
          keys.slice(0, 5).join(','),
          '--quorum',
          '3',
          '--config',
          cli.configPath,
          ...cli.rpcArgs,
        ],
        { cwd: cli.dir },
      );
      expect(rotated.code, rotated.stderr).toBe(0);

      const run = await preflight('--json');
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as PreflightJson;
      const errors = report.findings.filter((f) => f.severity === 'error');
      expect(errors).toEqual([
        expect.objectContaining({
          network: 'arbitrum',
          subject: 'guardian set',
          expected: expect.stringMatching(/^8 of 15, digest 0x[0-9a-f]{64}$/),
          actual: expect.stringMatching(/^3 of 5, digest 0x[0-9a-f]{64}$/),
          fix: `rotate arbitrum back to the config’s set: lockstep guardian-set rotate --network arbitrum --keys ${keys.join(',')} --quorum ${quorum}`,
        }),
      ]);
      const human = await preflight();
      expect(human.code).toBe(1);
      expect(human.stdout).toMatch(/arbitrum\s+42161\s+\S+\s+set 1: 3 of 5\s+6 of 9, nonce 0\s+1 difference\(s\)/);
      expect(human.stdout).toContain('✗ arbitrum: guardian set: expected 8 of 15');
      expect(human.stdout).toContain(
        '⚠ arbitrum: guardian set index: expected 0 (what ethereum, optimism hold), got 1',
      );
    },
    CLI_TIMEOUT,
  );
});
