import { LockstepError } from '@lockstep/core/errors';

export type DashboardStartErrorType = DashboardStartError & { name: 'DashboardStartError' };

/** The dashboard's HTTP server could not listen (port taken, address not local to this machine). */
export class DashboardStartError extends LockstepError {
  override name = 'DashboardStartError' as const;
  readonly host: string;
  readonly port: number;

  constructor({ host, port, cause }: { host: string; port: number; cause: unknown }) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const reason =
      code === 'EADDRINUSE'
        ? 'the port is taken — stop what uses it or choose another port (0 picks a free one)'
        : code === 'EADDRNOTAVAIL'
          ? 'the address is not one of this machine — use 127.0.0.1 or localhost'
          : code === 'EACCES'
            ? 'not allowed to listen there — use a port above 1023'
            : 'the server did not start';
    super(`dashboard: cannot listen on ${host}:${port}: ${reason}`, { cause });
    this.host = host;
    this.port = port;
  }
}
