import { describe, expect, it } from 'vitest';
import type { MonitorAlertReport } from '../monitor-section.js';
import { describeLineup } from '../report/format-monitor.js';
import type { AlertReport } from '../types.js';
import { lineUpAlerts } from './monitor-lineup.js';

const drillAlert = (kind: string, chain: string | null, at: number): AlertReport => ({
  kind,
  chain,
  at,
  message: kind,
  detectedAfterSeconds: null,
});
const monitorAlert = (kind: string, chain: string, firedAt: number): MonitorAlertReport => ({
  kind,
  key: `${kind}:${chain}`,
  chain,
  severity: 'warning',
  firedAt,
  clearedAt: null,
  message: kind,
});

describe('lineUpAlerts', () => {
  it('pairs each condition both raised, keeps what only one raised, and names the drill kinds the monitor has no rule for', () => {
    const result = lineUpAlerts(
      [
        drillAlert('chain-halted', 'polygon', 100),
        drillAlert('message-not-acknowledged', 'polygon', 400),
        drillAlert('codehash-mismatch', 'optimism', 900),
        drillAlert('upgrade-held', 'polygon', 50),
        drillAlert('health-check-failed', 'polygon', 60),
      ],
      [
        monitorAlert('chain-halted', 'polygon', 104),
        monitorAlert('delivery-late', 'polygon', 2000),
        monitorAlert('activation-missed', 'arbitrum', 1500),
      ],
    );
    expect(result.lineup).toEqual([
      { kind: 'chain-halted', chain: 'polygon', drillAt: 100, monitorAt: 104 },
      { kind: 'delivery-late', drillKind: 'message-not-acknowledged', chain: 'polygon', drillAt: 400, monitorAt: 2000 },
      { kind: 'codehash-mismatch', chain: 'optimism', drillAt: 900, monitorAt: null },
      { kind: 'activation-missed', chain: 'arbitrum', drillAt: null, monitorAt: 1500 },
    ]);
    expect(result.drillOnlyKinds).toEqual(['health-check-failed', 'upgrade-held']);
    expect(describeLineup(result)).toEqual([
      'chain-halted on polygon: drill +00:01:40, monitor +00:01:44 (4 s later)',
      "delivery-late (the drill's message-not-acknowledged) on polygon: drill +00:06:40, monitor +00:33:20 (1600 s later)",
      'codehash-mismatch on optimism: drill +00:15:00, the monitor did not raise it',
      'activation-missed on arbitrum: monitor +00:25:00 (the drill raised no such alert)',
      'drill alerts the monitor has no rule for: health-check-failed, upgrade-held',
    ]);
  });
});
