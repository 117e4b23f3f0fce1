/**
 * A sink's queue: tasks run one after another, in the order given, off the caller's path. A task
 * that fails is reported to `onError` and the next one runs.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (error: unknown) => void) {}

  push(task: () => Promise<void>): void {
    this.tail = this.tail.then(task).catch(this.onError);
  }

  /** Resolves once every task pushed so far has finished. */
  drained(): Promise<void> {
    return this.tail;
  }
}
