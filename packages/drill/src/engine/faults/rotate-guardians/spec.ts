/** `rotate-guardians`: the guardian set is rotated on every chain (`target`: 'all'). */
import { z } from 'zod';
import { trigger } from '../../../scenario-fields.js';
import { defineFaultSpec } from '../spec.js';

export const rotateGuardiansSpec = defineFaultSpec({
  kind: 'rotate-guardians',
  shape: { kind: z.literal('rotate-guardians'), trigger },
});
