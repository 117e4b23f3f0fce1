/** Field types several config sections share. */
import { z } from 'zod';

const UINT32_MAX = 2 ** 32 - 1;

/** Seconds as the contracts store them (`uint32`). */
export const seconds = z.number().int().min(0).max(UINT32_MAX);

/** The name of an environment variable (a secret is read from it, never written in the config). */
export const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);
