/**
 * An alert ledger kept in memory: for a drill or a test that needs no database. It forgets
 * everything when the process ends; `lockstep monitor` uses the store's ledger.
 */
import type { Alert, AlertLedger, AlertTransition } from '../model.js';

export class MemoryAlertLedger implements AlertLedger {
  private readonly open = new Map<string, Alert>();
  /** Every transition recorded, oldest first. */
  readonly history: AlertTransition[] = [];

  async active(): Promise<Alert[]> {
    return [...this.open.values()];
  }

  async record(transition: AlertTransition): Promise<void> {
    this.history.push(transition);
    if (transition.type === 'fired') this.open.set(transition.alert.key, transition.alert);
    else this.open.delete(transition.alert.key);
  }
}
