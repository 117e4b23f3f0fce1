import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot, startAnvils, stopAnvils } from '@lockstep/toolchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults.js';
import { deployLockstep } from './deploy-lockstep.js';
import { resolveDeployerKey } from './resolve-deployer-key.js';

// forge compiles the script on its first run in a clean tree: minutes on a loaded 2-core machine.
const FORGE_TIMEOUT = 300_000;
const FAKE_KEY = 'sk_live_FAKE0123456789abcdef0123456789';

type Anvil = Awaited<ReturnType<typeof startAnvils>>[number];
let anvils: Anvil[] = [];

beforeAll(async () => {
  anvils = await startAnvils([{ name: 'ethereum', chainId: 1 }]);
});
afterAll(async () => {
  await stopAnvils(anvils);
});

/** Every file under `dir` modified at or after `since` (ms). */
async function filesWrittenSince(dir: string, since: number): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const stats = await Promise.all(files.map(async (path) => ({ path, mtime: (await stat(path)).mtimeMs })));
  return stats.filter((s) => s.mtime >= since).map((s) => s.path);
}

describe('deployLockstep and the RPC URL', () => {
  it(
    'writes no file holding the RPC URL (with its API key): forge only sees a loopback proxy',
    async () => {
      const config = defaultConfig();
      config.networks = config.networks.filter((n) => n.name === 'ethereum' || n.name === 'arbitrum');
      const source = config.keys.deployer;
      if (!source) throw new Error('the default config has a deployer key source');
      const account = await resolveDeployerKey(source, {}, { allowTestMnemonic: true });
      const rpcUrl = `${anvils[0]?.rpcUrl}/?apikey=${FAKE_KEY}`;
      const started = Date.now() - 1000;

      const deployed = await deployLockstep({ config, network: 'ethereum', account, rpcUrl });
      expect(deployed.created).toBe(true);

      const written = (
        await Promise.all(
          ['broadcast', 'cache', 'deployments'].map((d) => filesWrittenSince(join(repoRoot, d), started)),
        )
      ).flat();
      // forge did record an RPC in its run files: the proxy's.
      const runFiles = written.filter((path) => /DeployLockstep\.s\.sol\/1\/run-.*\.json$/.test(path));
      expect(runFiles.length).toBeGreaterThan(0);
      expect(written).toContain(deployed.file);
      for (const path of written) expect(await readFile(path, 'utf8'), path).not.toContain(FAKE_KEY);
      // Not even the real host: forge's files name the proxy only.
      for (const path of runFiles) expect(await readFile(path, 'utf8'), path).not.toContain(anvils[0]?.rpcUrl ?? '-');
    },
    FORGE_TIMEOUT,
  );
});
