/**
 * `report.md`'s evidence section: for every message, the transactions of its steps (dispatch on the
 * hub, deliveries, queueing, execution or cancellation, the hub's acknowledgements) with their
 * block numbers. Hashes are shortened; `report.json` (`chains[].messages`) has them whole.
 */
import type { DrillReport, TxEvidence } from '../types.js';
import { escapeMarkdown as md } from './format.js';

/** `0x1234abcd…ef01`: enough to find the transaction in `report.json` or an explorer's search. */
export function shortHash(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 10)}…${hash.slice(-4)}` : hash;
}

export function cite(tx: TxEvidence | null, label = ''): string {
  return tx ? `${label}\`${shortHash(tx.txHash)}\` #${tx.blockNumber}` : '—';
}

export function evidenceSection(report: DrillReport): string {
  const rows = report.chains.flatMap((chain) =>
    chain.messages.map((m) => [
      md(chain.name),
      md(m.purpose),
      `\`${shortHash(m.messageId)}\``,
      cite(m.dispatch),
      m.deliveries.length === 0 ? '—' : m.deliveries.map((d) => cite(d, `${md(d.adapter)} `)).join('<br>'),
      cite(m.queued),
      m.cancelled ? cite(m.cancelled, 'cancelled ') : cite(m.executed),
      m.acks.length === 0 ? '—' : m.acks.map((ack) => cite(ack, `${ack.state} `)).join('<br>'),
    ]),
  );
  if (rows.length === 0) return '## Evidence\n\nNo message was dispatched.';
  const head = [
    'Chain',
    'Message for',
    'Message id',
    'Dispatched (hub)',
    'Delivered',
    'Queued',
    'Executed',
    'Acknowledged (hub)',
  ];
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    '## Evidence',
    '',
    'Transactions (hash, block number) of every step, read from the chains\' logs; "hub" steps are on the hub chain, the others on the chain of the row. Full hashes and message ids: `report.json`, `chains[].messages`.',
    '',
    line(head),
    line(head.map(() => '---')),
    ...rows.map(line),
  ].join('\n');
}
