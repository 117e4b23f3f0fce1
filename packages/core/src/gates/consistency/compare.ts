/**
 * Turns each chain's facts into drift findings: a value that is not the one the config and the
 * deployment files expect, or (for values that must match everywhere) not the one the other chains
 * hold. A finding names the chains that do hold the expected value, and the fix: the chain's own
 * fix when other chains are right, the config's when no chain holds what the config says.
 */
import type { DriftFinding, Fact } from './types.js';

/** The facts read on one chain. */
export type ChainFacts = { network: string; chainId: number; isHub: boolean; facts: readonly Fact[] };

export function compareFacts(chains: readonly ChainFacts[]): DriftFinding[] {
  const findings: DriftFinding[] = [];
  for (const chain of chains) {
    for (const fact of chain.facts) {
      const peers = chains.flatMap((other) => {
        if (other === chain) return [];
        const held = other.facts.find((f) => f.subject === fact.subject);
        return held ? [{ network: other.network, isHub: other.isHub, actual: held.actual }] : [];
      });
      const reference =
        fact.expected ?? (fact.uniform ? majority([{ ...chain, actual: fact.actual }, ...peers]) : undefined);
      if (reference === undefined || reference === fact.actual) continue;
      const holders = peers.filter((p) => p.actual === reference).map((p) => p.network);
      const held = holders.length > 0 ? `${holders.join(', ')} hold${holders.length === 1 ? 's' : ''}` : '';
      const where =
        fact.expected === undefined
          ? ` (what ${held})`
          : ` (what the config and deployment files say${held ? `, and ${held}` : ''})`;
      const fix = holders.length === 0 && fact.configFix ? fact.configFix : fact.fix;
      findings.push({
        severity: fact.severity ?? 'error',
        network: chain.network,
        chainId: chain.chainId,
        subject: fact.subject,
        expected: reference,
        actual: fact.actual,
        message: `${fact.subject}: expected ${reference}${where}, got ${fact.actual} — ${fix}`,
        fix,
      });
    }
  }
  return findings;
}

/** The value most chains hold; a tie goes to the hub's value, else to the first chain's. */
function majority(held: readonly { isHub: boolean; actual: string }[]): string | undefined {
  const counts = new Map<string, number>();
  for (const { actual } of held) counts.set(actual, (counts.get(actual) ?? 0) + 1);
  const most = Math.max(...counts.values());
  const tied = held.filter(({ actual }) => counts.get(actual) === most);
  return (tied.find((h) => h.isHub) ?? tied[0])?.actual;
}
