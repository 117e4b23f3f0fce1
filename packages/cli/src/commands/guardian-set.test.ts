import { TEST_MNEMONIC } from '@lockstep/core/config';
import { adapterAddress } from '@lockstep/core/deploy';
import { readGuardianSets } from '@lockstep/core/guardian';
import { type Address, createPublicClient, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test scaffolding shared with core's relay tests (anvils, deployAll).
import { NETWORKS, nonceOf } from '../../../core/src/relay/test-fixture.js';
import { type CliRelayFixture, DEPLOY_TIMEOUT, runLockstep, startCliRelayFixture } from '../test-support.js';

/** The new set: mnemonic indices 30-34 (given in mnemonic order; the command sorts them). */
const NEW_KEYS: Address[] = Array.from(
  { length: 5 },
  (_, i) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: 30 + i }).address,
);
const SORTED = [...NEW_KEYS].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));

let cli: CliRelayFixture;

beforeAll(async () => {
  cli = await startCliRelayFixture('cli-guardian-set-');
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await cli?.stop();
});

/** Runs `lockstep … --config <the fixture's config> --rpc …` in the test folder. */
const run = (args: string[]) => runLockstep([...args, '--config', cli.configPath, ...cli.rpcArgs], { cwd: cli.dir });

/** `guardian-set rotate --network arbitrum` to the new keys at `quorum`, as JSON. */
const rotateArbitrum = (quorum: number) =>
  run([
    'guardian-set',
    'rotate',
    '--network',
    'arbitrum',
    '--keys',
    NEW_KEYS.join(','),
    '--quorum',
    String(quorum),
    '--json',
  ]);

type ShowJson = {
  networks: {
    network: string;
    current: { index: number; quorum: number; size: number; keys: string[] };
    previous: { index: number; quorum: number; expiresAt: number; expired: boolean } | null;
  }[];
};

const arbitrumNonce = () => nonceOf(cli.fixture.rpcUrls.arbitrum, cli.fixture.relayer.address);

describe('lockstep guardian-set', () => {
  it('show --json: every network runs set 0 (8 of 15), with no previous set', async () => {
    const { code, stdout, stderr } = await run(['guardian-set', 'show', '--json']);
    expect(code, stderr).toBe(0);
    const shown = JSON.parse(stdout) as ShowJson;
    expect(shown.networks.map((n) => n.network)).toEqual(NETWORKS.map((n) => n.name));
    for (const network of shown.networks) {
      expect(network.current).toMatchObject({ index: 0, quorum: 8, size: 15, keys: cli.fixture.config.guardians.keys });
      expect(network.previous).toBeNull();
    }
  });

  it('rotate refuses bad flags (exit 2) and a non-majority quorum (exit 1), sending nothing', async () => {
    const before = await arbitrumNonce();
    const usage = await run(['guardian-set', 'rotate', '--keys', 'nope', '--quorum', '3']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--keys: expected comma-separated 0x addresses');
    const unknown = await run(['guardian-set', 'show', '--network', 'mars']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--network: mars is not a network of the config');

    const minority = await rotateArbitrum(2);
    expect(minority.code).toBe(1);
    const result = JSON.parse(minority.stdout) as {
      rotations: { status: string; error: { name: string; message: string } }[];
    };
    expect(result.rotations).toEqual([
      {
        network: 'arbitrum',
        chainId: 42161,
        status: 'failed',
        error: {
          name: 'GuardianRotationError',
          message: expect.stringContaining('quorum 2 is not a strict majority of 5'),
        },
      },
    ]);
    expect(await arbitrumNonce()).toBe(before);
  });

  it('rotate --network arbitrum: signed by keys.guardians, only arbitrum moves to set 1; show reports the window', async () => {
    const rotated = await rotateArbitrum(3);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stderr).toContain('arbitrum: guardian set 1 is current');
    const result = JSON.parse(rotated.stdout) as {
      keys: string[];
      rotations: { network: string; status: string; newIndex: number; previousSetExpiresAt: number }[];
    };
    expect(result.keys).toEqual(SORTED);
    expect(result.rotations).toHaveLength(1);
    const [rotation] = result.rotations;
    expect(rotation).toMatchObject({ network: 'arbitrum', status: 'rotated', newIndex: 1 });

    const client = createPublicClient({ transport: http(cli.fixture.rpcUrls.arbitrum) });
    const sets = await readGuardianSets({ client, adapter: adapterAddress(cli.fixture.addresses, 'guardian') });
    expect(sets.current).toEqual({ index: 1, keys: SORTED, quorum: 3 });

    const shown = await run(['guardian-set', 'show', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const networks = (JSON.parse(shown.stdout) as ShowJson).networks;
    const arbitrum = networks.find((n) => n.network === 'arbitrum');
    expect(arbitrum?.current).toMatchObject({ index: 1, quorum: 3, size: 5, keys: SORTED });
    expect(arbitrum?.previous).toEqual({
      index: 0,
      quorum: 8,
      size: 15,
      keys: cli.fixture.config.guardians.keys,
      expiresAt: rotation?.previousSetExpiresAt,
      expired: false,
    });
    for (const other of networks.filter((n) => n.network !== 'arbitrum')) expect(other.current.index).toBe(0);

    const human = await run(['guardian-set', 'show', '--network', 'arbitrum']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/arbitrum\s+1\s+3 of 5\s+0 \(8 of 15\)\s+\d{4}-\d\d-\d\dT/);
    expect(human.stdout).not.toContain('(expired)');
  });
});
