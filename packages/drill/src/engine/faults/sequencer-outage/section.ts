/** The report's `sequencerOutage` section: each outage's record (absent when the drill had none). */
import type { DrillContext } from '../../drill-context.js';
import { outagesOf } from './outage.js';
import type { SequencerOutageReport } from './report.js';

export function sequencerOutageSection(ctx: DrillContext): { sequencerOutage?: SequencerOutageReport[] } {
  const outages = outagesOf(ctx);
  return outages.length === 0 ? {} : { sequencerOutage: outages.map((outage) => outage.report) };
}
