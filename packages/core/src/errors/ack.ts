import type { Address } from 'viem';
import { LockstepError } from './base.js';

export type ReporterNotAllowedErrorType = ReporterNotAllowedError & { name: 'ReporterNotAllowedError' };

/** The account asked to acknowledge deliveries is not a reporter of the GovernanceHub: nothing was sent. */
export class ReporterNotAllowedError extends LockstepError {
  override name = 'ReporterNotAllowedError' as const;
  readonly reporter: Address;
  readonly hub: Address;

  constructor({ reporter, hub }: { reporter: Address; hub: Address }) {
    super(
      `${reporter} is not a reporter of the GovernanceHub ${hub} — sign with the config's keys.reporter (one of reporters), or allow it through a council config proposal (hub.configure)`,
      { docsPath: '#delivery-acknowledgements' },
    );
    this.reporter = reporter;
    this.hub = hub;
  }
}
