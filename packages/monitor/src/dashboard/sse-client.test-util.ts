/** One server-sent event as a client sees it. */
export type ReceivedEvent = { event: string; data: string };

/**
 * A minimal event-stream client for tests: opens `url` with fetch and hands out events (and, when
 * asked, comment lines such as heartbeats) in order. `next` waits for the next one; `ended` resolves
 * when the server ends the stream.
 */
export class EventStreamClient {
  readonly #queue: ReceivedEvent[] = [];
  readonly #waiters: ((event: ReceivedEvent) => void)[] = [];
  readonly #abort = new AbortController();
  readonly ended: Promise<void>;
  readonly response: Promise<Response>;

  constructor(url: string) {
    this.response = fetch(url, { signal: this.#abort.signal });
    this.ended = this.#read().catch(() => undefined);
  }

  /** The next event (comments arrive as event `comment`), or a rejection after `timeoutMs`. */
  next(timeoutMs = 5000): Promise<ReceivedEvent> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
      this.#waiters.push((event) => {
        clearTimeout(timer);
        resolve(event);
      });
    });
  }

  /** The next event named `name`, skipping others. */
  async nextNamed(name: string, timeoutMs = 5000): Promise<ReceivedEvent> {
    for (;;) {
      const event = await this.next(timeoutMs);
      if (event.event === name) return event;
    }
  }

  close(): void {
    this.#abort.abort();
  }

  async #read(): Promise<void> {
    const response = await this.response;
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        this.#push(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  #push(frame: string): void {
    let event = 'message';
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) event = 'comment';
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
      else if (line.startsWith('retry: ')) event = 'retry';
    }
    const received = { event, data: data.join('\n') };
    const waiter = this.#waiters.shift();
    if (waiter) waiter(received);
    else this.#queue.push(received);
  }
}
