import type { MonitorSnapshot } from '@lockstep/monitor';
import { createTestClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The store's test backends: a fresh schema on DATABASE_URL's server, and the skip rule (skipped
// without DATABASE_URL, failing under CI without it).
import { onBackend, postgresBackend, type TestDatabase } from '../../../monitor/src/store/test-backends.js';
import { runLockstep, useCouncilDevnet } from '../test-support.js';

const NETWORKS = ['--network', 'ethereum', '--network', 'arbitrum'];

type Row = { chain_id: string; block_number: string; log_index: string };

describe('lockstep monitor on PostgreSQL', () => {
  onBackend('lockstep monitor on PostgreSQL', postgresBackend(process.env.DATABASE_URL), (backend) => {
    const { devnet } = useCouncilDevnet('monitor-pg-cli-');
    let database: TestDatabase;
    let url = '';
    let schema = '';
    beforeAll(async () => {
      database = await backend.database();
      url = database.options.databaseUrl ?? '';
      schema = database.options.schema ?? '';
    });
    afterAll(() => database?.drop());

    const checkpoints = async () =>
      (await database.sql<Row>('SELECT chain_id, block_number FROM checkpoints ORDER BY chain_id')).map((row) => [
        Number(row.chain_id),
        Number(row.block_number),
      ]);
    const events = async () =>
      (await database.sql<Row>('SELECT chain_id, block_number, log_index FROM events ORDER BY 1, 2, 3')).map(
        (row) => `${row.chain_id}:${row.block_number}:${row.log_index}`,
      );
    /** Each chain's [chain id, head] in a snapshot, ordered as the checkpoints are. */
    const heads = (snapshot: MonitorSnapshot) =>
      snapshot.chains.map((c) => [c.chainId, c.head?.number ?? -1]).sort(([a = 0], [b = 0]) => a - b);

    it('--once --json --db <postgres url>: checkpoints at each head, the contracts’ events and the schema land in PostgreSQL', async () => {
      const run = await runLockstep(['monitor', '--once', '--json', '--db', url, '--schema', schema, ...NETWORKS], {
        cwd: devnet().cwd,
        unset: ['DATABASE_URL'],
      });
      expect(run.code, run.stderr).toBe(0);
      const snapshot = JSON.parse(run.stdout) as MonitorSnapshot;
      expect(snapshot.chains.map((c) => [c.chain, c.reachable])).toEqual([
        ['ethereum', true],
        ['arbitrum', true],
      ]);
      expect(await checkpoints()).toEqual(heads(snapshot));
      const stored = await events();
      const chainIds = snapshot.chains.map((c) => c.chainId);
      expect(chainIds.every((id) => stored.some((key) => key.startsWith(`${id}:`)))).toBe(true);
      const blocks = await database.sql<Row>('SELECT count(*) AS block_number FROM blocks');
      expect(Number(blocks[0]?.block_number)).toBeGreaterThan(0);
      expect(await database.sql('SELECT version FROM schema_migrations')).toEqual([{ version: 1 }]);
    });

    it('a second run, on DATABASE_URL, resumes from the checkpoints: only blocks after them are read', async () => {
      const before = await checkpoints();
      const kept = await events();
      // A row the first run stored, removed by hand: a monitor that re-read the chain from its start
      // would store it again; one that resumes from its checkpoint never reads that block again.
      const [removed] = await database.sql<Row>(
        `DELETE FROM events WHERE (chain_id, block_number, log_index) IN
           (SELECT chain_id, block_number, log_index FROM events ORDER BY block_number LIMIT 1)
         RETURNING chain_id, block_number, log_index`,
      );
      if (!removed) throw new Error('the first run stored no event');
      for (const rpc of Object.values(devnet().rpcUrls)) {
        await createTestClient({ mode: 'anvil', transport: http(rpc) }).mine({ blocks: 3 });
      }

      const run = await runLockstep(['monitor', '--once', '--json', '--schema', schema, ...NETWORKS], {
        cwd: devnet().cwd,
        env: { DATABASE_URL: url },
      });
      expect(run.code, run.stderr).toBe(0);
      const snapshot = JSON.parse(run.stdout) as MonitorSnapshot;
      const after = await checkpoints();
      expect(after).toEqual(heads(snapshot));
      // The devnet mines on its own too: at least the three blocks mined here are new.
      for (const [id, block = 0] of after) {
        expect(block - (before.find(([b]) => b === id)?.[1] ?? Number.POSITIVE_INFINITY)).toBeGreaterThanOrEqual(3);
      }
      const key = `${removed.chain_id}:${removed.block_number}:${removed.log_index}`;
      expect(await events()).toEqual(kept.filter((k) => k !== key));
    });
  });
});
