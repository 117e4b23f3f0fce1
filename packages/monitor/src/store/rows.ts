import type { Hex } from 'viem';
import type { Alert, AlertKind, Severity } from '../model.js';
import type { StoredEvent } from './types.js';

/**
 * Rows as the drivers return them and their conversion to the model. `pg` returns int8 as strings and
 * PGlite as numbers, so every number passes through `Number`; times are selected as epoch seconds.
 */
type Int = string | number;

export type EventRow = {
  chain_id: Int;
  block_number: Int;
  block_hash: string;
  log_index: Int;
  tx_hash: string;
  block_time: Int;
  address: string;
  name: string;
  args: StoredEvent['args'];
};

export function eventFromRow(row: EventRow): StoredEvent {
  return {
    chainId: Number(row.chain_id),
    blockNumber: Number(row.block_number),
    blockHash: row.block_hash as Hex,
    logIndex: Number(row.log_index),
    txHash: row.tx_hash as Hex,
    timestamp: Number(row.block_time),
    address: row.address as Hex,
    name: row.name,
    args: row.args,
  };
}

export type AlertRow = {
  key: string;
  kind: string;
  severity: string;
  chain: string | null;
  proposal_id: string | null;
  message: string;
  detail: Alert['detail'];
  fired_at: Int;
  cleared_at: Int | null;
};

export function alertFromRow(row: AlertRow): Alert {
  return {
    key: row.key,
    kind: row.kind as AlertKind,
    severity: row.severity as Severity,
    ...(row.chain === null ? {} : { chain: row.chain }),
    ...(row.proposal_id === null ? {} : { proposalId: row.proposal_id as Hex }),
    message: row.message,
    detail: row.detail,
    firedAt: Number(row.fired_at),
    ...(row.cleared_at === null ? {} : { clearedAt: Number(row.cleared_at) }),
  };
}
