/** One mistake in a validated document (a config, a scenario): where it is, what is wrong, how to fix it. */
export type DocumentIssue = {
  /** The field's path as written in the document, e.g. `networks[2].chainId`; empty for the whole document. */
  path: string;
  /** What is wrong, e.g. `expected a whole number, got "abc"`. */
  problem: string;
  /** How to fix it, e.g. `set it to the chain's id (e.g. 42161)`. */
  fix: string;
};
