/** The terminal sink: one readable line per transition (time, what happened, severity, kind, the message). */
import type { AlertTransition } from '../model.js';
import type { AlertSink } from './types.js';

/** `2026-12-05T15:00:00Z FIRED   critical chain-halted optimism: optimism produced no block …` */
export function formatTransition(transition: AlertTransition): string {
  const { alert } = transition;
  const at = transition.type === 'fired' ? alert.firedAt : (alert.clearedAt ?? alert.firedAt);
  const time = new Date(at * 1000).toISOString().replace('.000Z', 'Z');
  const what = transition.type === 'fired' ? 'FIRED  ' : 'CLEARED';
  const lasted = transition.type === 'cleared' ? ` (active ${formatDuration(at - alert.firedAt)})` : '';
  return `${time} ${what} ${alert.severity} ${alert.kind}${alert.chain ? ` ${alert.chain}` : ''}: ${alert.message}${lasted}`;
}

function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

export function createTerminalSink(name: string, write: (line: string) => void): AlertSink {
  return {
    name,
    deliver: (transition) => write(formatTransition(transition)),
    flush: async () => {},
  };
}
