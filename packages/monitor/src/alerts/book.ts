/**
 * The alert book: conditions in, transitions out. A condition whose key has no active alert fires;
 * an active alert whose key is no longer among the conditions clears. The state is the ledger's,
 * so a restarted monitor neither fires an active alert again nor forgets to clear it.
 */
import type { Alert, AlertCondition, AlertLedger, AlertTransition } from '../model.js';

/**
 * Reconciles `conditions` (seen at `at`) with the ledger, records each transition, and returns them
 * (fired first). `active` is the ledger's active alerts when the caller already read them.
 */
export async function reconcileAlerts(
  ledger: AlertLedger,
  conditions: readonly AlertCondition[],
  at: number,
  active?: readonly Alert[],
): Promise<AlertTransition[]> {
  active ??= await ledger.active();
  const activeKeys = new Set(active.map((a) => a.key));
  const seen = new Set(conditions.map((c) => c.key));
  const transitions: AlertTransition[] = [];
  for (const condition of conditions) {
    if (activeKeys.has(condition.key)) continue;
    activeKeys.add(condition.key); // a key listed twice fires once
    transitions.push({ type: 'fired', alert: { ...condition, firedAt: at } });
  }
  for (const alert of active) {
    if (!seen.has(alert.key)) transitions.push({ type: 'cleared', alert: { ...alert, clearedAt: at } });
  }
  for (const transition of transitions) await ledger.record(transition);
  return transitions;
}
