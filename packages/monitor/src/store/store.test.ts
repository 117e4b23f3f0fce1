import { describe, expect, it } from 'vitest';
import type { Alert } from '../model.js';
import { StoreSchemaError } from './errors.js';
import { SCHEMA_VERSION } from './migrations.js';
import { describeEachBackend, useTestDatabase } from './test-backends.js';
import { batchOf, blockHash } from './test-batches.js';
import type { Checkpoint } from './types.js';

const CHAIN = 31337;
const OTHER = 31338;

function alert(key: string, firedAt: number, extra: Partial<Alert> = {}): Alert {
  return {
    key,
    kind: 'chain-halted',
    severity: 'critical',
    chain: 'optimism',
    message: `${key} fired`,
    detail: { head: 12, lagSeconds: 300.5, paused: false, note: null },
    firedAt,
    ...extra,
  };
}

describeEachBackend('monitor store', (backend) => {
  const db = useTestDatabase(backend);

  describe('checkpoints and events', () => {
    it('starts empty: no checkpoint, no block hash, no events, no alerts', async () => {
      const store = await db.open();
      expect(await store.checkpoint(CHAIN)).toBeUndefined();
      expect(await store.blockHash(CHAIN, 1)).toBeUndefined();
      expect(await store.events()).toEqual([]);
      expect(await store.active()).toEqual([]);
      expect(await store.alertHistory(10)).toEqual([]);
    });

    it('resumes after a restart from its checkpoint, with the events and block hashes it committed', async () => {
      const batch = batchOf(CHAIN, 1, 3);
      const first = await db.open();
      await first.commit(CHAIN, batch);
      await first.close();

      const restarted = await db.open();
      expect(await restarted.checkpoint(CHAIN)).toEqual({ number: 3, hash: blockHash(3) });
      expect(await restarted.blockHash(CHAIN, 2)).toBe(blockHash(2));
      expect(await restarted.events()).toEqual(batch.events);
      expect(await restarted.checkpoint(OTHER)).toBeUndefined();
    });

    it('keeps one row per (chain, block, log index) when a batch is committed again', async () => {
      const store = await db.open();
      await store.commit(CHAIN, batchOf(CHAIN, 1, 2));
      await store.commit(CHAIN, batchOf(CHAIN, 1, 2));
      await store.commit(CHAIN, batchOf(CHAIN, 2, 3));
      expect(await store.events()).toEqual(batchOf(CHAIN, 1, 3).events);
      expect(await store.checkpoint(CHAIN)).toEqual({ number: 3, hash: blockHash(3) });
    });

    it('commits a batch whole or not at all', async () => {
      const store = await db.open();
      await store.commit(CHAIN, batchOf(CHAIN, 1, 1));
      const broken = { ...batchOf(CHAIN, 2, 3), checkpoint: { number: 3, hash: null } as unknown as Checkpoint };
      await expect(store.commit(CHAIN, broken)).rejects.toThrow();
      expect(await store.events()).toEqual(batchOf(CHAIN, 1, 1).events);
      expect(await store.blockHash(CHAIN, 2)).toBeUndefined();
      expect(await store.checkpoint(CHAIN)).toEqual({ number: 1, hash: blockHash(1) });
    });

    it('lists events in (chain, block, log index) order, of one chain on request', async () => {
      const store = await db.open();
      await store.commit(OTHER, batchOf(OTHER, 5, 5));
      await store.commit(CHAIN, batchOf(CHAIN, 7, 8, 3));
      const all = await store.events();
      expect(all.map((e) => [e.chainId, e.blockNumber, e.logIndex])).toEqual([
        ...[7, 8].flatMap((n) => [0, 1, 2].map((i) => [CHAIN, n, i])),
        [OTHER, 5, 0],
        [OTHER, 5, 1],
      ]);
      expect(await store.events({ chainId: OTHER })).toEqual(batchOf(OTHER, 5, 5).events);
    });
  });

  describe('reorgs', () => {
    it('forgets events and block hashes from the reorged block on and moves the checkpoint before it', async () => {
      const store = await db.open();
      await store.commit(CHAIN, batchOf(CHAIN, 1, 5));
      await store.commit(OTHER, batchOf(OTHER, 1, 5));
      await store.rewind(CHAIN, 4);
      expect(await store.checkpoint(CHAIN)).toEqual({ number: 3, hash: blockHash(3) });
      expect(await store.blockHash(CHAIN, 4)).toBeUndefined();
      expect(await store.events({ chainId: CHAIN })).toEqual(batchOf(CHAIN, 1, 3).events);
      expect(await store.events({ chainId: OTHER })).toEqual(batchOf(OTHER, 1, 5).events);

      // The new branch's blocks take the forgotten ones' place.
      await store.commit(CHAIN, batchOf(CHAIN, 4, 6, 2, 1));
      expect(await store.blockHash(CHAIN, 4)).toBe(blockHash(4, 1));
      expect(await store.events({ chainId: CHAIN })).toEqual([
        ...batchOf(CHAIN, 1, 3).events,
        ...batchOf(CHAIN, 4, 6, 2, 1).events,
      ]);
    });

    it('falls back to the newest recorded block, or drops the checkpoint when none is left', async () => {
      const store = await db.open();
      await store.commit(CHAIN, {
        ...batchOf(CHAIN, 1, 6),
        blocks: [2, 6].map((n) => ({ number: n, hash: blockHash(n) })),
      });
      await store.rewind(CHAIN, 5);
      expect(await store.checkpoint(CHAIN)).toEqual({ number: 2, hash: blockHash(2) });
      await store.rewind(CHAIN, 2);
      expect(await store.checkpoint(CHAIN)).toBeUndefined();
      expect(await store.events({ chainId: CHAIN })).toEqual(batchOf(CHAIN, 1, 1).events);
    });

    it('leaves a checkpoint below the reorged block where it is', async () => {
      const store = await db.open();
      await store.commit(CHAIN, batchOf(CHAIN, 1, 3));
      await store.rewind(CHAIN, 10);
      expect(await store.checkpoint(CHAIN)).toEqual({ number: 3, hash: blockHash(3) });
    });
  });

  describe('alerts', () => {
    it('fires a condition once while it is active, even across a restart', async () => {
      const store = await db.open();
      const halted = alert('chain-halted:optimism', 1_800_000_000, { proposalId: `0x${'ab'.repeat(32)}` });
      await store.record({ type: 'fired', alert: halted });
      await store.close();

      const restarted = await db.open();
      await restarted.record({ type: 'fired', alert: { ...halted, firedAt: 1_800_000_060, message: 'again' } });
      expect(await restarted.active()).toEqual([halted]);
      expect(await restarted.alertHistory(10)).toEqual([halted]);
    });

    it('clears an active alert, and a condition seen again afterwards fires anew', async () => {
      const store = await db.open();
      const halted = alert('chain-halted:optimism', 1_800_000_000);
      const other = alert('chain-unreachable:base', 1_800_000_030, { kind: 'chain-unreachable', severity: 'warning' });
      await store.record({ type: 'fired', alert: halted });
      await store.record({ type: 'fired', alert: other });
      await store.record({ type: 'cleared', alert: { ...halted, clearedAt: 1_800_000_120 } });
      await store.record({ type: 'cleared', alert: { ...halted, clearedAt: 1_800_000_999 } });
      expect(await store.active()).toEqual([other]);

      const again = { ...halted, firedAt: 1_800_000_300 };
      await store.record({ type: 'fired', alert: again });
      expect(await store.active()).toEqual([other, again]);
      expect(await store.alertHistory(10)).toEqual([again, other, { ...halted, clearedAt: 1_800_000_120 }]);
      expect(await store.alertHistory(1)).toEqual([again]);
    });

    it('keeps an alert without chain or proposal as the model has it', async () => {
      const store = await db.open();
      const { chain: _chain, ...drift } = alert('signer-set-drift:guardian', 1_800_000_000.25, {
        kind: 'signer-set-drift',
      });
      await store.record({ type: 'fired', alert: drift });
      expect(await store.active()).toEqual([drift]);
    });
  });

  describe('migrations', () => {
    it('lets two monitors migrate one database at once, applying each migration once', async () => {
      const [a, b] = await db.database().openTwoAtOnce();
      db.track(a);
      db.track(b);
      await a.commit(CHAIN, batchOf(CHAIN, 1, 2));
      expect(await b.checkpoint(CHAIN)).toEqual({ number: 2, hash: blockHash(2) });
      await Promise.all([a.migrate(), b.migrate()]);
      await a.close();
      await b.close();
      const versions = await db
        .database()
        .sql<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.map((row) => Number(row.version))).toEqual([SCHEMA_VERSION]);
    });

    it('refuses a database migrated by a newer monitor', async () => {
      await (await db.open()).close();
      await db.database().sql(`INSERT INTO schema_migrations (version, name) VALUES (${SCHEMA_VERSION + 1}, 'future')`);
      await expect(db.open()).rejects.toThrow(StoreSchemaError);
      await expect(db.open()).rejects.toThrow(/newer than this monitor's/);
    });
  });
});
