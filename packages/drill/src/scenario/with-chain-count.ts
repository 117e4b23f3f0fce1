import type { Scenario, ScenarioChain } from '../types.js';
import { ScenarioError, type ScenarioErrorType } from './scenario-error.js';
import { MAX_SCENARIO_CHAINS, referencedChains } from './schema.js';

/** Block times of generated satellites, in turn (seconds). */
export const GENERATED_BLOCK_TIMES = [2, 0.25, 2, 1] as const;
/** Generated chain `chain_<k>` gets chain id `GENERATED_CHAIN_ID_BASE + k`. */
export const GENERATED_CHAIN_ID_BASE = 100_000;

export type WithChainCountErrorType = ScenarioErrorType;

/**
 * The `--chains N` option: the scenario on exactly `n` chains.
 *
 * Growing keeps every chain and appends satellites `chain_<k>` (k = position, 1-based: `chain_5`
 * after four chains) with chain id `100000 + k` and block times 2, 0.25, 2, 1, 2, ... Shrinking
 * keeps the hub and the first `n - 1` satellites, in order, and refuses (`ScenarioError`) when a
 * dropped chain is named by the proposal, an override, a fault or an expectation. A `'all'`
 * selection follows the new chain list.
 *
 * @example
 * const big = withChainCount(await loadScenario('happy-path'), 32)
 */
export function withChainCount(scenario: Scenario, n: number): Scenario {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SCENARIO_CHAINS)
    throw new ScenarioError({
      issues: [
        {
          path: 'chains',
          problem: `cannot run on ${n} chains`,
          fix: `choose a whole number of chains from 1 to ${MAX_SCENARIO_CHAINS}`,
        },
      ],
    });
  const { chains } = scenario;
  if (n === chains.length) return scenario;
  if (n > chains.length) {
    const added = generate(chains, n - chains.length);
    return { ...scenario, chains: [...chains, ...added], proposal: withAddedChains(scenario.proposal, added) };
  }

  const hub = chains.find((chain) => chain.role === 'hub');
  const satellites = chains.filter((chain) => chain !== hub);
  const kept = new Set([...(hub ? [hub] : []), ...satellites.slice(0, n - (hub ? 1 : 0))]);
  const needed = referencedChains(scenario);
  const dropped = chains.filter((chain) => !kept.has(chain) && needed.has(chain.name)).map((chain) => chain.name);
  if (dropped.length > 0)
    throw new ScenarioError({
      issues: [
        {
          path: 'chains',
          problem: `scenario "${scenario.name}" needs ${dropped.join(', ')}, which ${n} chains would drop`,
          fix: `run it on at least ${minimumChainCount(scenario)} chains`,
        },
      ],
    });
  return { ...scenario, chains: chains.filter((chain) => kept.has(chain)) };
}

/**
 * With `chains: "all"` the new satellites are targets too: in a staged rollout they join the first
 * wave (secondary chains go first), so every target stays in exactly one wave.
 */
function withAddedChains(proposal: Scenario['proposal'], added: readonly ScenarioChain[]): Scenario['proposal'] {
  if (!proposal.waves || proposal.chains !== 'all') return proposal;
  const [first = [], ...rest] = proposal.waves;
  return { ...proposal, waves: [[...first, ...added.map((chain) => chain.name)], ...rest] };
}

/** The fewest chains `withChainCount` accepts for this scenario. */
export function minimumChainCount(scenario: Scenario): number {
  const needed = referencedChains(scenario);
  const satellites = scenario.chains.filter((chain) => chain.role !== 'hub');
  const last = satellites.findLastIndex((chain) => needed.has(chain.name));
  return satellites.length === scenario.chains.length ? last + 1 || 1 : last + 2;
}

function generate(existing: readonly ScenarioChain[], count: number): ScenarioChain[] {
  const names = new Set(existing.map((chain) => chain.name));
  const ids = new Set(existing.map((chain) => chain.chainId));
  const out: ScenarioChain[] = [];
  let k = existing.length;
  for (let i = 0; i < count; i++) {
    k++;
    while (names.has(`chain_${k}`) || ids.has(GENERATED_CHAIN_ID_BASE + k)) k++;
    const chain: ScenarioChain = {
      name: `chain_${k}`,
      chainId: GENERATED_CHAIN_ID_BASE + k,
      blockTime: GENERATED_BLOCK_TIMES[i % GENERATED_BLOCK_TIMES.length] ?? 2,
      role: 'satellite',
      finalityDepth: 0,
    };
    names.add(chain.name);
    ids.add(chain.chainId);
    out.push(chain);
  }
  return out;
}
