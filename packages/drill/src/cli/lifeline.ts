/**
 * The drill process's lifeline: it stops when it is told to (SIGINT, SIGTERM, SIGHUP), when
 * whoever started it is gone, and on an error nothing caught (an uncaught exception or an unhandled
 * rejection, which would otherwise end the process with a stack trace and no cleanup). A parent that dies (pnpm killed by SIGTERM, a closed terminal, a CI
 * runner cancelling a step) does not signal its children, and an orphaned drill would otherwise run
 * to completion with its anvils and guardian processes. The parent's death shows as a changed
 * `process.ppid` (the orphan is re-parented to init or a subreaper) or, with an IPC channel, as
 * `disconnect`; both are watched. Nothing here keeps the event loop alive.
 */

/** Why the drill must stop now. */
export type StopReason =
  | { kind: 'signal'; signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP' }
  | { kind: 'parent-died'; parentPid: number }
  | { kind: 'uncaught'; error: unknown };

/** Exit codes: 128 + the signal's number; a dead parent counts as a hang-up (SIGHUP, 129); an uncaught error 1. */
export function exitCodeFor(reason: StopReason): number {
  if (reason.kind === 'parent-died') return 129;
  if (reason.kind === 'uncaught') return 1;
  return { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 }[reason.signal];
}

/** One line: the signal, the parent that is gone, or the uncaught error's first line. */
export function describeStop(reason: StopReason): string {
  if (reason.kind === 'signal') return reason.signal;
  if (reason.kind === 'parent-died') return `parent process ${reason.parentPid} is gone`;
  const { error } = reason;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `uncaught error (${message.split('\n')[0]})`;
}

export type LifelineOptions = {
  /** How often the parent is checked, in ms. Default 500. */
  pollMs?: number;
};

export type Lifeline = {
  /** Replaces what happens on a stop (the first stop only; later ones are ignored). */
  onStop(handler: (reason: StopReason) => void): void;
  /** Removes the signal handlers and the parent watch. */
  dispose(): void;
};

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Watches the signals and the parent; calls the current handler once, on the first of them. */
export function watchLifeline(handler: (reason: StopReason) => void, options: LifelineOptions = {}): Lifeline {
  let current = handler;
  let stopped = false;
  const stop = (reason: StopReason) => {
    if (stopped) return;
    stopped = true;
    current(reason);
  };
  const onSignal = (signal: (typeof SIGNALS)[number]) => stop({ kind: 'signal', signal });
  for (const signal of SIGNALS) process.on(signal, onSignal);
  const parentPid = process.ppid;
  const poll = setInterval(() => {
    if (process.ppid !== parentPid) stop({ kind: 'parent-died', parentPid });
  }, options.pollMs ?? 500);
  poll.unref();
  const onDisconnect = () => stop({ kind: 'parent-died', parentPid });
  if (process.channel) process.once('disconnect', onDisconnect);
  const onUncaught = (error: unknown) => stop({ kind: 'uncaught', error });
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  return {
    onStop(next) {
      current = next;
    },
    dispose() {
      for (const signal of SIGNALS) process.off(signal, onSignal);
      clearInterval(poll);
      process.off('disconnect', onDisconnect);
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    },
  };
}
