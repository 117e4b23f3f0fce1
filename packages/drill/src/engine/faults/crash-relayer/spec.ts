/** `crash-relayer`: the relayer process is `kill -9`'d mid-delivery and restarted. */
import { z } from 'zod';
import { trigger } from '../../../scenario-fields.js';
import { defineFaultSpec } from '../spec.js';

export const crashRelayerSpec = defineFaultSpec({
  kind: 'crash-relayer',
  shape: { kind: z.literal('crash-relayer'), trigger },
});
