import { describe, expect, it } from 'vitest';
import { defaultConfigInput } from './defaults.js';
import { issuesOf } from './issues.fixture.js';
import { defaultMonitorSettings, monitorSettings } from './monitor.js';
import { parseConfig } from './parse-config.js';

const withMonitor = (monitor: unknown): unknown => ({ ...structuredClone(defaultConfigInput), monitor });

describe('the monitor section', () => {
  it('a config without one gets one monitor over every network and kind, printing to the terminal', () => {
    const config = parseConfig(structuredClone(defaultConfigInput));
    expect(config.monitor).toBeUndefined();
    expect(monitorSettings(config)).toEqual(defaultMonitorSettings());
    expect(defaultMonitorSettings()).toEqual({
      monitors: [
        {
          name: 'lockstep',
          paused: false,
          thresholds: { termEndWarningDays: 30 },
          triggers: ['terminal'],
        },
      ],
      triggers: { terminal: { type: 'terminal' } },
    });
  });

  it('reads monitors, triggers and the emergency-pause rule, with their defaults filled', () => {
    const config = parseConfig(
      withMonitor({
        monitors: [
          {
            name: 'satellites',
            networks: ['optimism', 'polygon'],
            alerts: ['chain-halted', 'unapproved-implementation'],
            thresholds: { haltSeconds: 30 },
            triggers: ['ops', 'log'],
          },
        ],
        triggers: {
          ops: { type: 'webhook', url: 'https://ops.example/hook', headers: { Authorization: { env: 'OPS_TOKEN' } } },
          log: { type: 'json-log', path: './alerts.jsonl' },
        },
        emergencyPause: { dir: './pauses' },
      }),
    );
    const monitor = monitorSettings(config);
    expect(monitor.monitors[0]?.thresholds).toEqual({
      haltSeconds: 30,
      termEndWarningDays: 30,
    });
    expect(monitor.triggers.ops).toEqual({
      type: 'webhook',
      url: 'https://ops.example/hook',
      headers: { Authorization: { env: 'OPS_TOKEN' } },
      retries: 3,
      timeoutSeconds: 10,
    });
    expect(monitor.emergencyPause).toEqual({
      dir: './pauses',
      on: ['unapproved-implementation', 'codehash-mismatch'],
      validForSeconds: 604_800,
    });
  });

  it('names an unknown network, an undeclared trigger and a duplicate monitor, each with its fix', () => {
    const error = issuesOf(
      withMonitor({
        monitors: [
          { name: 'a', networks: ['base'], triggers: ['pager'] },
          { name: 'a', triggers: ['log'] },
        ],
        triggers: { log: { type: 'json-log', path: 'a.jsonl' } },
      }),
    );
    const byPath = new Map(error.issues.map((i) => [i.path, i]));
    expect(byPath.get('monitor.monitors[0].networks[0]')).toMatchObject({
      problem: expect.stringContaining('"base"'),
      fix: expect.stringContaining('"optimism"'),
    });
    expect(byPath.get('monitor.monitors[0].triggers[0]')).toMatchObject({
      problem: expect.stringContaining('"pager"'),
      fix: expect.stringContaining('"log"'),
    });
    expect(byPath.get('monitor.monitors[1].name')?.fix).toMatch(/own name/);
  });

  it('refuses an unknown trigger type, a bad webhook URL and a non-critical pause rule, with fixes', () => {
    const error = issuesOf(
      withMonitor({
        monitors: [{ name: 'a', triggers: ['x'] }],
        triggers: { x: { type: 'slack' }, y: { type: 'webhook', url: 'ftp://nope' } },
        emergencyPause: { dir: 'p', on: ['chain-halted'] },
      }),
    );
    const paths = error.issues.map((i) => i.path);
    expect(paths).toContain('monitor.triggers.x.type');
    expect(paths).toContain('monitor.triggers.y.url');
    expect(paths).toContain('monitor.emergencyPause.on[0]');
    const type = error.issues.find((i) => i.path === 'monitor.triggers.x.type');
    expect(type?.fix).toMatch(/'terminal', 'json-log' or 'webhook'/);
    const on = error.issues.find((i) => i.path === 'monitor.emergencyPause.on[0]');
    expect(on?.fix).toMatch(/unapproved-implementation/);
  });
});
