import type { AlertReport, FaultKind, FaultReport, FlowEvent, PhaseTiming, TimelineEntry } from '../types.js';

/** What a drill tells whoever watches it (the CLI's task list, a test, a bench). */
export type DrillProgress =
  | { type: 'phase-start'; phase: string }
  | { type: 'phase-end'; phase: string; wallMs: number; detail?: string }
  | { type: 'event'; event: FlowEvent; at: number }
  | { type: 'fault'; fault: FaultReport }
  | { type: 'alert'; alert: AlertReport }
  | { type: 'note'; message: string };

/**
 * Everything a drill observed, in virtual time (seconds since the start) and wall time: the
 * timeline, faults, alerts, and the wall time of each phase.
 */
export class Recorder {
  readonly timeline: TimelineEntry[] = [];
  readonly faults: FaultReport[] = [];
  readonly alerts: AlertReport[] = [];
  readonly phases: PhaseTiming[] = [];
  readonly events = new Map<FlowEvent, number>();
  private readonly onProgress: ((progress: DrillProgress) => void) | undefined;

  constructor(onProgress?: (progress: DrillProgress) => void) {
    this.onProgress = onProgress;
  }

  /** Runs `work` as a named phase, timing it in wall time. */
  async phase<T>(phase: string, work: () => Promise<T>, detail?: (result: T) => string): Promise<T> {
    this.onProgress?.({ type: 'phase-start', phase });
    const started = performance.now();
    const result = await work();
    const wallMs = Math.round(performance.now() - started);
    this.phases.push({ phase, wallMs });
    this.onProgress?.({ type: 'phase-end', phase, wallMs, ...(detail ? { detail: detail(result) } : {}) });
    return result;
  }

  event(event: FlowEvent, at: number): void {
    if (!this.events.has(event)) this.events.set(event, at);
    this.timeline.push({ at, chain: null, kind: 'phase', label: event });
    this.onProgress?.({ type: 'event', event, at });
  }

  mark(entry: TimelineEntry): void {
    this.timeline.push(entry);
  }

  fault(kind: FaultKind, target: string, at: number, detail: string): FaultReport {
    const fault: FaultReport = { kind, target, injectedAt: at, clearedAt: null, detail };
    this.faults.push(fault);
    this.timeline.push({ at, chain: target === 'all' ? null : target, kind: 'fault', label: kind });
    this.onProgress?.({ type: 'fault', fault });
    return fault;
  }

  clear(fault: FaultReport, at: number): void {
    fault.clearedAt = at;
    this.timeline.push({
      at,
      chain: fault.target === 'all' ? null : fault.target,
      kind: 'fault-cleared',
      label: fault.kind,
    });
  }

  /** `since`: when the detected condition began (virtual seconds); omitted for alerts that are responses. */
  alert(kind: string, chain: string | null, at: number, message: string, since?: number): void {
    if (this.alerts.some((alert) => alert.kind === kind && alert.chain === chain)) return;
    const detectedAfterSeconds = since === undefined ? null : Math.round((at - since) * 1000) / 1000;
    const alert: AlertReport = { kind, chain, at, message, detectedAfterSeconds };
    this.alerts.push(alert);
    this.timeline.push({ at, chain, kind: 'alert', label: kind });
    this.onProgress?.({ type: 'alert', alert });
  }

  note(message: string): void {
    this.onProgress?.({ type: 'note', message });
  }
}
