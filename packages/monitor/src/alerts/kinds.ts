/** What each alert kind weighs, and how an alert's key is made. */
import type { AlertKind, Severity } from '../model.js';

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
