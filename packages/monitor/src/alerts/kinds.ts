/**
 * What each alert kind weighs. The kinds themselves are the config's (`MONITOR_ALERT_KINDS` in
 * `@lockstep/core/config`, which monitors select from); the model's `ALERT_KINDS` must be the same list.
 */
import type { MonitorAlertKind } from '@lockstep/core/config';
import type { AlertKind, Severity } from '../model.js';

/** Compile-time proof that the config's kinds and the model's kinds are one list. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const KINDS_AGREE: Same<AlertKind, MonitorAlertKind> = true;

/** Critical: the code on a chain is not the code the council approved. Warning: the release is at risk. */
export const SEVERITY: Readonly<Record<AlertKind, Severity>> = {
  'unapproved-implementation': 'critical',
  'codehash-mismatch': 'critical',
  'implementation-changed-without-proposal': 'critical',
  'chain-halted': 'warning',
  'chain-unreachable': 'warning',
  'activation-missed': 'warning',
  'delivery-late': 'warning',
  'signer-set-drift': 'warning',
  'council-term-ending': 'info',
};

/** The stable key of a condition: its kind and its subject (`chain-halted:optimism`). */
export function alertKey(kind: AlertKind, ...subject: readonly (string | number)[]): string {
  return [kind, ...subject].join(':');
}
