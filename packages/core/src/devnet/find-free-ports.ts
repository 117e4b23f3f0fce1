import { createServer } from 'node:net';

export type FindFreePortRangeParameters = {
  /** Interface to check. Default: `127.0.0.1`. */
  host?: string;
  /** Lowest first port to try. Default: 20000. */
  min?: number;
  /** Highest last port. Default: 60000. */
  max?: number;
  /** Random ranges to try before giving up. Default: 50. */
  attempts?: number;
};

/**
 * The first port of `count` consecutive free ports (each checked by binding it), picked at random
 * between `min` and `max` so parallel runs rarely collide. For `startDevnet({ basePort })` in
 * tests and drills. A port may still be taken between this check and its use.
 *
 * @example
 * const basePort = await findFreePortRange(4)
 */
export async function findFreePortRange(count: number, parameters: FindFreePortRangeParameters = {}): Promise<number> {
  const { host = '127.0.0.1', min = 20_000, max = 60_000, attempts = 50 } = parameters;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const base = min + Math.floor(Math.random() * (max - min - count));
    let free = true;
    for (let port = base; port < base + count && free; port++) free = await isPortFree(port, host);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports between ${min} and ${max} after ${attempts} attempts`);
}

function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolvePort(true)));
  });
}
