import type { LockstepConfigInput } from './schema.js';

/**
 * Types a `lockstep.config.ts`: returns its argument unchanged, so the editor checks field names
 * and types. The rules (thresholds, one hub, no plain keys...) are checked when the file is loaded.
 *
 * @example
 * export default defineConfig({ networks: [...], council: {...}, ... })
 */
export function defineConfig<const config extends LockstepConfigInput>(config: config): config {
  return config;
}
