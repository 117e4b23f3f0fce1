/**
 * The base of every error Lockstep throws: a one-line `shortMessage` a person can act on, optional
 * `metaMessages` (extra lines of context), `details` (usually the cause's message), a `docsPath`
 * into the core README and the `cause` chain, which `walk` follows.
 */

/** Where `docsPath` anchors point: this package's README, which documents every config field. */
const DOCS_BASE = 'packages/core/README.md';

export type LockstepErrorParameters = {
  /** The error that led to this one; its message becomes `details` unless `details` is given. */
  cause?: unknown;
  /** Extra detail, shown after the meta messages. */
  details?: string;
  /** An anchor into the core README, e.g. `#council`. */
  docsPath?: string;
  /** Extra lines of context, shown under the short message. */
  metaMessages?: readonly string[];
};

export type LockstepErrorType = LockstepError & { name: 'LockstepError' };

export class LockstepError extends Error {
  override name = 'LockstepError';
  /** What went wrong, in one line. */
  readonly shortMessage: string;
  /** Extra detail (often the cause's message); empty when there is none. */
  readonly details: string;
  readonly docsPath: string | undefined;
  readonly metaMessages: readonly string[] | undefined;

  constructor(shortMessage: string, parameters: LockstepErrorParameters = {}) {
    const details = parameters.details ?? causeDetails(parameters.cause);
    const docsPath =
      parameters.docsPath ?? (parameters.cause instanceof LockstepError ? parameters.cause.docsPath : undefined);
    const lines = [shortMessage];
    if (parameters.metaMessages?.length) lines.push('', ...parameters.metaMessages);
    if (docsPath) lines.push('', `Docs: ${DOCS_BASE}${docsPath}`);
    if (details) lines.push(`Details: ${details}`);
    super(lines.join('\n'), parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.docsPath = docsPath;
    this.metaMessages = parameters.metaMessages;
  }

  /**
   * Follows the `cause` chain. Without `fn`, returns the deepest error; with `fn`, returns the
   * first error (this one included) for which `fn` is true, or `null`.
   */
  walk(fn?: (error: unknown) => boolean): unknown {
    return walkCauses(this, fn);
  }
}

function causeDetails(cause: unknown): string {
  if (cause instanceof LockstepError) return cause.details;
  if (cause instanceof Error) return cause.message;
  return '';
}

function walkCauses(error: unknown, fn?: (error: unknown) => boolean): unknown {
  let current: unknown = error;
  // Bounded so a cyclic cause chain cannot loop forever.
  for (let depth = 0; depth < 100; depth++) {
    if (fn?.(current)) return current;
    const next = current instanceof Error ? current.cause : undefined;
    if (next === undefined || next === null) return fn ? null : current;
    current = next;
  }
  return fn ? null : current;
}
