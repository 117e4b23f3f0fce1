/**
 * Bad input to a scenario's own system is refused before any chain starts, with the fix: a missing
 * artifact (with the close names), an initializer the ABI does not have, arguments or expected
 * values that do not fit the types. Reads the repo's own build (`out/`, the worked example).
 */
import { describe, expect, it } from 'vitest';
import type { OwnSystem } from '../../types.js';
import { resolveOwnSystem } from './resolve-system.js';

const feed = (patch: Partial<OwnSystem> = {}): OwnSystem => ({
  project: '.',
  current: 'contracts/example/feed/PriceFeedV1.sol:PriceFeedV1',
  release: 'contracts/example/feed/PriceFeedV2.sol:PriceFeedV2',
  proxy: { kind: 'uups', initializer: { signature: 'initialize(address,uint256)', args: ['{deployer}', '100'] } },
  health: { calls: [{ signature: 'version()', args: [], returns: ['2'] }] },
  ...patch,
});

describe('resolveOwnSystem: the team’s artifacts and calls, checked against the build', () => {
  it('encodes the initializer and the health checks of the worked example', async () => {
    const system = await resolveOwnSystem(feed());
    expect(system.current.bytecode).toMatch(/^0x[0-9a-f]+$/);
    // initialize(address,uint256) selector, then the deployer (anvil key 0) and 100.
    expect(system.initData.slice(0, 10)).toBe('0xcd6dc687');
    expect(system.initData).toContain('f39fd6e51aad88f6f4ce6ab8827279cfffb92266');
    expect(system.checks).toMatchObject([{ label: 'version()', returns: '[2]', reverts: undefined }]);
  });

  it('names the close artifacts when the id has a typo', async () => {
    await expect(
      resolveOwnSystem(feed({ release: 'contracts/example/feed/PriceFeedV2.sol:PriceFeedV22' })),
    ).rejects.toThrow(
      /system\.release: no artifact contracts\/example\/feed\/PriceFeedV2\.sol:PriceFeedV22 in .*out — did you mean "contracts\/example\/feed\/PriceFeedV2\.sol:PriceFeedV2"/,
    );
  });

  it('says to run forge build when the project has no out/', async () => {
    await expect(resolveOwnSystem(feed({ project: 'packages/drill/scenarios' }))).rejects.toThrow(
      /system\.(current|release): .*out does not exist — run forge build in/,
    );
  });

  it('refuses an initializer the implementation does not have, listing the right signature', async () => {
    const system = feed({
      proxy: { kind: 'uups', initializer: { signature: 'initialize(address)', args: ['{deployer}'] } },
    });
    await expect(resolveOwnSystem(system)).rejects.toThrow(
      'system.proxy.initializer.signature: contracts/example/feed/PriceFeedV1.sol:PriceFeedV1 has no function initialize(address) — its parameters differ: use "initialize(address,uint256)"',
    );
  });

  it('refuses arguments and expected values that do not fit the types', async () => {
    const badArg = feed({
      proxy: { kind: 'uups', initializer: { signature: 'initialize(address,uint256)', args: ['{deployer}', 'lots'] } },
    });
    await expect(resolveOwnSystem(badArg)).rejects.toThrow(
      /system\.proxy\.initializer\.args\[1\] expects a whole number \(uint256\), got "lots"/,
    );
    const badReturn = feed({ health: { calls: [{ signature: 'version()', args: [], returns: ['2', '3'] }] } });
    await expect(resolveOwnSystem(badReturn)).rejects.toThrow(
      /system\.health\.calls\[0\]\.returns: version returns 1 value\(s\), 2 expected/,
    );
    const badError = feed({
      health: { calls: [{ signature: 'setPrice(uint256)', args: ['1'], reverts: 'NotOwner' }] },
    });
    await expect(resolveOwnSystem(badError)).rejects.toThrow(
      /system\.health\.calls\[0\]\.reverts: .* has no error NotOwner — use one of its errors \(.*OwnableUnauthorizedAccount/,
    );
  });

  describe('system.healthTests: the forge test contract, checked against the build', () => {
    const health = '[a-zA-Z0-9/._-]*PriceFeedHealth\\.t\\.sol';
    it('resolves the worked example’s health test and its test functions', async () => {
      const system = await resolveOwnSystem(
        feed({ healthTests: { test: 'test/health/PriceFeedHealth.t.sol:PriceFeedHealthTest', env: {} } }),
      );
      expect(system.tests).toMatchObject({
        source: 'test/health/PriceFeedHealth.t.sol',
        contract: 'PriceFeedHealthTest',
        tests: expect.arrayContaining(['test_OwnerStillPublishes', 'test_RevertWhen_AStrangerSetsThePrice']),
      });
    });

    it('refuses a test contract that does not exist, naming the close one', async () => {
      await expect(
        resolveOwnSystem(
          feed({ healthTests: { test: 'test/health/PriceFeedHealth.t.sol:PriceFeedHealthTests', env: {} } }),
        ),
      ).rejects.toThrow(
        new RegExp(
          `system\\.healthTests\\.test: no artifact ${health}:PriceFeedHealthTests in .*out — did you mean "test/health/PriceFeedHealth\\.t\\.sol:PriceFeedHealthTest"`,
        ),
      );
    });

    it('refuses a contract without test functions', async () => {
      await expect(
        resolveOwnSystem(
          feed({ healthTests: { test: 'contracts/example/feed/PriceFeedV2.sol:PriceFeedV2', env: {} } }),
        ),
      ).rejects.toThrow(/system\.healthTests\.test: .*PriceFeedV2 has no test functions — name a forge test contract/);
    });

    it('refuses env that would override what the drill sets per chain', async () => {
      await expect(
        resolveOwnSystem(
          feed({
            healthTests: {
              test: 'test/health/PriceFeedHealth.t.sol:PriceFeedHealthTest',
              env: { LOCKSTEP_PROXY: '0x0000000000000000000000000000000000000001' },
            },
          }),
        ),
      ).rejects.toThrow(
        'system.healthTests.env: LOCKSTEP_PROXY is set by the drill for each chain — remove it from env',
      );
    });
  });
});
