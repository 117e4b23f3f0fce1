/** Small formatters the report renderers share: virtual time, durations, wei, escaping. */
import { formatEther } from 'viem';
import type { ChainReport, DrillReport } from '../types.js';

/** Virtual seconds since the start as `+HH:MM:SS` (hours keep counting past 24: `+49:30:00`). */
export function formatVirtualTime(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const total = Math.floor(Math.abs(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** `12 s`, `5400 s (1 h 30 min)`, `—` for null. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const rounded = Math.round(seconds * 100) / 100;
  if (Math.abs(rounded) < 60) return `${rounded} s`;
  const total = Math.round(Math.abs(seconds));
  const parts: string[] = [];
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s && !d) parts.push(`${s} s`);
  return `${rounded} s (${parts.join(' ')})`;
}

/** `1234` ms → `1.2 s`; under a second stays in ms. */
export function formatWallTime(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A decimal wei string in ETH (`"1500000000000000000"` → `1.5 ETH`); anything else as given. */
export function formatEth(wei: string | null): string {
  if (wei === null) return '—';
  if (!/^-?[0-9]+$/.test(wei)) return wei;
  return `${formatEther(BigInt(wei))} ETH`;
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\p{Cc}\p{Cs}\uFFFE\uFFFF]/gu, (ch) => (ch === '\t' || ch === '\n' || ch === '\r' ? ch : '\uFFFD'));
}

/** Escapes text for Markdown (inline or a table cell): punctuation backslashed, newlines flattened. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/[\\`*_[\]<>|#!~]/g, (ch) => `\\${ch}`);
}

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that replays this drill (from the repository root): the scenario's file when it was given by path. */
export function replayCommand(
  report: Pick<DrillReport, 'scenario' | 'scenarioFile' | 'seed' | 'chainCount' | 'monitor'>,
): string {
  const chains = report.chainCount === undefined ? '' : ` --chains ${report.chainCount}`;
  const monitor = report.monitor === undefined ? '' : ' --monitor';
  return `pnpm drill ${shellQuote(report.scenarioFile ?? report.scenario)} --seed ${report.seed}${chains}${monitor}`;
}

/** Whether the chain now runs a different implementation than before. */
export function wasUpgraded(chain: ChainReport): boolean {
  return chain.implementationAfter.toLowerCase() !== chain.implementationBefore.toLowerCase();
}

/** Whether the observed codehash is the approved one. */
export function codehashMatches(chain: ChainReport): boolean {
  return chain.observedCodehash.toLowerCase() === chain.expectedCodehash.toLowerCase();
}

/** Timeline entries in time order (ties keep the report's order). */
export function sortedTimeline(report: DrillReport): DrillReport['timeline'] {
  return report.timeline
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
    .map(({ entry }) => entry);
}

/**
 * The extra time the fallback path cost: the longest any chain confirmed by the fallback council
 * alone had to wait past the activation time (its receiver's fallback delay); null if none was.
 */
export function fallbackExtraSeconds(report: Pick<DrillReport, 'chains'>): number | null {
  const delays = report.chains.flatMap((c) =>
    c.fallbackDelaySeconds !== null && c.activationDelaySeconds !== null ? [c.activationDelaySeconds] : [],
  );
  return delays.length === 0 ? null : Math.max(...delays);
}

/** A hash cut to its first 4 bytes (`0x1234abcd…`), or `(none)` when empty: enough to compare two in a sentence. */
export function shortHex(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 10)}…` : hash || '(none)';
}
