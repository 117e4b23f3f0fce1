import type { Hex } from 'viem';
import type { AlertTransition } from '../model.js';
import type { SqlExecutor } from './executor.js';
import { migrate } from './migrations.js';
import { type AlertRow, alertFromRow, type EventRow, eventFromRow } from './rows.js';
import type { CommitBatch, MonitorStore, StoredEvent } from './types.js';

/**
 * The monitor's store, written once over an SQL executor (PGlite or PostgreSQL). Times go in as unix
 * seconds and are kept as `timestamptz`; hashes and addresses as hex text; event arguments as `jsonb`.
 * Batches travel as one JSON parameter (`jsonb_to_recordset`), so a poll of any size is one statement.
 */
export function sqlStore(executor: SqlExecutor, { schema }: { schema: string }): MonitorStore {
  return {
    migrate: () => migrate(executor, schema),

    async checkpoint(chainId) {
      const [row] = await executor.query<{ block_number: string | number; block_hash: string }>(
        'SELECT block_number, block_hash FROM checkpoints WHERE chain_id = $1',
        [chainId],
      );
      return row && { number: Number(row.block_number), hash: row.block_hash as Hex };
    },

    async blockHash(chainId, blockNumber) {
      const [row] = await executor.query<{ block_hash: string }>(
        'SELECT block_hash FROM blocks WHERE chain_id = $1 AND block_number = $2',
        [chainId, blockNumber],
      );
      return row?.block_hash as Hex | undefined;
    },

    commit: (chainId, batch) => executor.transaction((tx) => commitBatch(tx, chainId, batch)),

    rewind: (chainId, fromBlock) =>
      executor.transaction(async (tx) => {
        await tx.query('DELETE FROM events WHERE chain_id = $1 AND block_number >= $2', [chainId, fromBlock]);
        await tx.query('DELETE FROM blocks WHERE chain_id = $1 AND block_number >= $2', [chainId, fromBlock]);
        // The checkpoint falls back to the newest recorded block before the reorg; with none recorded it
        // is dropped and the watcher starts over (re-read events are ignored as duplicates).
        const [kept] = await tx.query<{ block_number: string | number; block_hash: string }>(
          `SELECT block_number, block_hash FROM blocks WHERE chain_id = $1 AND block_number < $2
           ORDER BY block_number DESC LIMIT 1`,
          [chainId, fromBlock],
        );
        if (kept) {
          await tx.query(
            `UPDATE checkpoints SET block_number = $2, block_hash = $3, updated_at = now()
             WHERE chain_id = $1 AND block_number >= $4`,
            [chainId, kept.block_number, kept.block_hash, fromBlock],
          );
        } else {
          await tx.query('DELETE FROM checkpoints WHERE chain_id = $1 AND block_number >= $2', [chainId, fromBlock]);
        }
      }),

    async events(filter = {}) {
      const rows = await executor.query<EventRow>(
        `SELECT chain_id, block_number, block_hash, log_index, tx_hash,
                extract(epoch FROM block_time)::float8 AS block_time, address, name, args
         FROM events WHERE $1::int8 IS NULL OR chain_id = $1
         ORDER BY chain_id, block_number, log_index`,
        [filter.chainId ?? null],
      );
      return rows.map(eventFromRow);
    },

    async alertHistory(limit) {
      const rows = await executor.query<AlertRow>(`${SELECT_ALERTS} ORDER BY fired_at DESC, id DESC LIMIT $1`, [limit]);
      return rows.map(alertFromRow);
    },

    async active() {
      const rows = await executor.query<AlertRow>(`${SELECT_ALERTS} WHERE cleared_at IS NULL ORDER BY fired_at, id`);
      return rows.map(alertFromRow);
    },

    record: (transition) => recordTransition(executor, transition),

    close: () => executor.close(),
  };
}

const SELECT_ALERTS = `SELECT id, key, kind, severity, chain, proposal_id, message, detail,
  extract(epoch FROM fired_at)::float8 AS fired_at, extract(epoch FROM cleared_at)::float8 AS cleared_at FROM alerts`;

async function commitBatch(tx: Pick<SqlExecutor, 'query'>, chainId: number, batch: CommitBatch): Promise<void> {
  if (batch.events.length > 0) {
    await tx.query(
      `INSERT INTO events (chain_id, block_number, log_index, block_hash, tx_hash, block_time, address, name, args)
       SELECT $1::int8, e.block_number, e.log_index, e.block_hash, e.tx_hash, to_timestamp(e.timestamp), e.address, e.name, e.args
       FROM jsonb_to_recordset($2::text::jsonb) AS e(block_number int8, log_index int4, block_hash text,
         tx_hash text, timestamp float8, address text, name text, args jsonb)
       ON CONFLICT (chain_id, block_number, log_index) DO NOTHING`,
      [chainId, JSON.stringify(batch.events.map((event) => eventRecord(chainId, event)))],
    );
  }
  if (batch.blocks.length > 0) {
    await tx.query(
      `INSERT INTO blocks (chain_id, block_number, block_hash)
       SELECT $1::int8, b.number, b.hash FROM jsonb_to_recordset($2::text::jsonb) AS b(number int8, hash text)
       ON CONFLICT (chain_id, block_number) DO UPDATE SET block_hash = excluded.block_hash`,
      [chainId, JSON.stringify(batch.blocks)],
    );
  }
  await tx.query(
    `INSERT INTO checkpoints (chain_id, block_number, block_hash) VALUES ($1, $2, $3)
     ON CONFLICT (chain_id) DO UPDATE SET block_number = excluded.block_number,
       block_hash = excluded.block_hash, updated_at = now()`,
    [chainId, batch.checkpoint.number, batch.checkpoint.hash],
  );
}

function eventRecord(chainId: number, event: StoredEvent) {
  if (event.chainId !== chainId) {
    throw new RangeError(`commit for chain ${chainId} holds an event of chain ${event.chainId}`);
  }
  const { blockNumber, logIndex, blockHash, txHash, timestamp, address, name, args } = event;
  return {
    block_number: blockNumber,
    log_index: logIndex,
    block_hash: blockHash,
    tx_hash: txHash,
    timestamp,
    address,
    name,
    args,
  };
}

async function recordTransition(executor: SqlExecutor, { type, alert }: AlertTransition): Promise<void> {
  if (type === 'cleared') {
    await executor.query(
      `UPDATE alerts SET cleared_at = greatest(fired_at, to_timestamp($2)) WHERE key = $1 AND cleared_at IS NULL`,
      [alert.key, alert.clearedAt ?? Date.now() / 1000],
    );
    return;
  }
  // A condition already active (fired before a restart, or by another monitor) keeps its first row.
  await executor.query(
    `INSERT INTO alerts (key, kind, severity, chain, proposal_id, message, detail, fired_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, to_timestamp($8))
     ON CONFLICT (key) WHERE cleared_at IS NULL DO NOTHING`,
    [
      alert.key,
      alert.kind,
      alert.severity,
      alert.chain ?? null,
      alert.proposalId ?? null,
      alert.message,
      JSON.stringify(alert.detail),
      alert.firedAt,
    ],
  );
}
