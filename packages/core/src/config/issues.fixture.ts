import { ConfigError } from '../errors/config.js';
import { parseConfig } from './parse-config.js';

/** The ConfigError parsing `input` throws (the test fails if it parses). */
export function issuesOf(input: unknown): ConfigError {
  try {
    parseConfig(input, { file: 'lockstep.config.json' });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
