import { LockstepError } from '@lockstep/core/errors';

/**
 * A sink's queue: tasks run one after another, in the order given, off the caller's path. A task
 * that fails is reported to `onError` and the next one runs. With a `limit`, at most that many tasks
 * wait behind the running one: pushing onto a full queue drops the oldest waiting task and reports it
 * to `onDrop` (a long outage then costs the oldest deliveries, never unbounded memory).
 */
export type SerialQueueParameters = {
  onError: (error: unknown) => void;
  /** The most tasks that may wait behind the running one (at least 1). Default: no bound. */
  limit?: number;
  /** Called once for every task dropped to keep the queue within `limit`. */
  onDrop?: () => void;
  /** Called when the queue runs empty (the running task done, nothing waiting). */
  onIdle?: () => void;
};

export class SerialQueue {
  private readonly waiting: (() => Promise<void>)[] = [];
  private running: Promise<void> | undefined;
  private readonly parameters: SerialQueueParameters;

  constructor(parameters: SerialQueueParameters) {
    this.parameters = parameters;
    const { limit } = parameters;
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1)) {
      throw new LockstepError(`a sink queue's limit must be a whole number of at least 1, not ${limit}`);
    }
  }

  /** Tasks waiting behind the running one. */
  get size(): number {
    return this.waiting.length;
  }

  push(task: () => Promise<void>): void {
    const { limit } = this.parameters;
    if (limit !== undefined && this.waiting.length >= limit) {
      this.waiting.shift();
      this.parameters.onDrop?.();
    }
    this.waiting.push(task);
    this.running ??= this.run();
  }

  /** Resolves once every task pushed so far has finished (or been dropped). */
  drained(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    // Let the caller's synchronous pushes land first, so the bound applies to a burst as a whole.
    await Promise.resolve();
    for (let task = this.waiting.shift(); task; task = this.waiting.shift()) {
      try {
        await task();
      } catch (error) {
        this.parameters.onError(error);
      }
    }
    this.running = undefined;
    this.parameters.onIdle?.();
  }
}
