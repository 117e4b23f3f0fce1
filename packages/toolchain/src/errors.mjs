// @ts-check
/**
 * The toolchain's one error type: a short message a person can act on, optional details, and the
 * error that caused it.
 */
export class ToolchainError extends Error {
  /**
   * @param {string} shortMessage what went wrong, in one sentence
   * @param {{ details?: string, cause?: unknown }} [options]
   */
  constructor(shortMessage, options = {}) {
    super(options.details ? `${shortMessage}\n${options.details}` : shortMessage, { cause: options.cause });
    /** @type {'ToolchainError'} */
    this.name = 'ToolchainError';
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}
