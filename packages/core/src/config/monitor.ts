/**
 * The `monitor` section: what `lockstep monitor` alerts on and where the alerts go, in the shape
 * OpenZeppelin Monitor users know. `monitors` pick networks (by name, from `networks`), alert kinds
 * and thresholds, and name their `triggers`; `triggers` are declared once, by name (terminal, a JSON
 * log file, a webhook). An optional `emergencyPause` rule turns a critical alert into an unsigned
 * pause root for the emergency quorum: never a signature, never a transaction.
 */
import { z } from 'zod';
import { envName, seconds } from './fields.js';
import { addIssue } from './issue.js';

/** Every alert the monitor raises (the monitor package's `ALERT_KINDS` is this list). */
export const MONITOR_ALERT_KINDS = [
  'unapproved-implementation',
  'codehash-mismatch',
  'implementation-changed-without-proposal',
  'chain-halted',
  'chain-unreachable',
  'activation-missed',
  'delivery-late',
  'signer-set-drift',
  'council-term-ending',
] as const;
export type MonitorAlertKind = (typeof MONITOR_ALERT_KINDS)[number];

/** The critical alerts an emergency-pause rule may act on: the code on a chain is not the approved code. */
export const PAUSABLE_ALERT_KINDS = ['unapproved-implementation', 'codehash-mismatch'] as const;

/** A pause root lives at most this long (`CouncilRoots.MAX_ROOT_LIFETIME`, 366 days). */
const MAX_PAUSE_VALIDITY = 366 * 24 * 60 * 60;

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/);

export const monitorThresholdsShape = {
  /** Seconds without a new block before a chain counts as halted. Absent: 3 block times + 1 s on a local network, else 60 s. */
  haltSeconds: seconds.min(1).optional(),
  /** Seconds after dispatch a message must be delivered in. Absent: the proposal's margin, else the network's `deliveryMargin`. */
  deliveryMarginSeconds: seconds.optional(),
  /**
   * Seconds after the activation time before a chain not executed is an alert. Absent: one block
   * time of that chain (`rpc.blockTime` on a local network, else 12 s), so a chain executing in its
   * first block at or after the activation time raises nothing.
   */
  activationGraceSeconds: seconds.optional(),
  /** Days before a council seat's term ends that the warning starts. */
  termEndWarningDays: z.number().int().min(1).max(3650).default(30),
};

export const monitorEntryShape = {
  name,
  /** A paused monitor raises nothing (as in OpenZeppelin Monitor). */
  paused: z.boolean().default(false),
  /** The networks watched, by name. Absent: every network. */
  networks: z.array(z.string()).min(1).optional(),
  /** The alert kinds raised. Absent: every kind. */
  alerts: z.array(z.enum(MONITOR_ALERT_KINDS)).min(1).optional(),
  thresholds: z.strictObject(monitorThresholdsShape).default({ termEndWarningDays: 30 }),
  /** Where the alerts go, by trigger name. */
  triggers: z.array(name).min(1),
};

/** A header value written in the config, or read from an environment variable (a token stays out of the file). */
const headerValue = z.union([z.string(), z.strictObject({ env: envName })]);

export const triggerShapes = {
  terminal: { type: z.literal('terminal') },
  jsonLog: {
    type: z.literal('json-log'),
    /** The JSONL file, one object per alert transition. */ path: z.string().min(1),
  },
  webhook: {
    type: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), headerValue).default({}),
    /** Attempts after the first, on a network error or a 5xx answer (with backoff). */
    retries: z.number().int().min(0).max(10).default(3),
    /** Seconds one attempt may take. */
    timeoutSeconds: z.number().positive().max(300).default(10),
  },
};

export const triggerSchema = z.discriminatedUnion('type', [
  z.strictObject(triggerShapes.terminal),
  z.strictObject(triggerShapes.jsonLog),
  z.strictObject(triggerShapes.webhook),
]);

export const emergencyPauseShape = {
  /** The alert kinds that write a pause root (critical ones only). */
  on: z
    .array(z.enum(PAUSABLE_ALERT_KINDS))
    .min(1)
    .default([...PAUSABLE_ALERT_KINDS]),
  /** The folder the unsigned pause roots are written to. */
  dir: z.string().min(1),
  /** Seconds the pause may be broadcast once signed. */
  validForSeconds: seconds
    .min(60)
    .max(MAX_PAUSE_VALIDITY)
    .default(7 * 24 * 60 * 60),
};

export const monitorShape = {
  monitors: z.array(z.strictObject(monitorEntryShape)).min(1),
  triggers: z.record(name, triggerSchema),
  emergencyPause: z.strictObject(emergencyPauseShape).optional(),
};

export const monitorSchema = z.strictObject(monitorShape).superRefine((monitor, ctx) => {
  const seen = new Map<string, number>();
  monitor.monitors.forEach((entry, i) => {
    const first = seen.get(entry.name);
    if (first !== undefined) {
      addIssue(
        ctx,
        ['monitors', i, 'name'],
        `"${entry.name}" is also the name of monitors[${first}]`,
        'give every monitor its own name',
        entry.name,
      );
    } else seen.set(entry.name, i);
    entry.triggers.forEach((trigger, j) => {
      if (!(trigger in monitor.triggers)) {
        const declared = Object.keys(monitor.triggers);
        addIssue(
          ctx,
          ['monitors', i, 'triggers', j],
          `names the trigger "${trigger}", which monitor.triggers does not declare`,
          declared.length > 0
            ? `use one of ${declared.map((t) => `"${t}"`).join(', ')}, or declare "${trigger}" under monitor.triggers`
            : `declare "${trigger}" under monitor.triggers, e.g. { ${trigger}: { type: 'terminal' } }`,
          trigger,
        );
      }
    });
  });
});

export type MonitorSettings = z.output<typeof monitorSchema>;
export type MonitorEntry = MonitorSettings['monitors'][number];
export type MonitorThresholds = MonitorEntry['thresholds'];
export type TriggerSettings = z.output<typeof triggerSchema>;
export type EmergencyPauseSettings = NonNullable<MonitorSettings['emergencyPause']>;

/** A problem the whole config shows in the monitor section (its path is inside `monitor`). */
export type MonitorIssue = { path: PropertyKey[]; problem: string; fix: string; input: unknown };

/** Monitors naming a network the config does not have. */
export function monitorNetworkIssues(monitor: MonitorSettings, networks: readonly { name: string }[]): MonitorIssue[] {
  const names = networks.map((n) => n.name);
  return monitor.monitors.flatMap((entry, i) =>
    (entry.networks ?? []).flatMap((network, j) =>
      names.includes(network)
        ? []
        : [
            {
              path: ['monitors', i, 'networks', j],
              problem: `names the network "${network}", which is not in networks`,
              fix: `use one of ${names.map((n) => `"${n}"`).join(', ')}`,
              input: network,
            },
          ],
    ),
  );
}

/**
 * The monitor section a config without one gets: one monitor over every network and every alert
 * kind, with the default thresholds, printing to the terminal.
 */
export function defaultMonitorSettings(): MonitorSettings {
  return monitorSchema.parse({
    monitors: [{ name: 'lockstep', triggers: ['terminal'] }],
    triggers: { terminal: { type: 'terminal' } },
  });
}

/** The config's monitor section, or the default one. */
export function monitorSettings(config: { monitor?: MonitorSettings | undefined }): MonitorSettings {
  return config.monitor ?? defaultMonitorSettings();
}
