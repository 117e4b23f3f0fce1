/**
 * What the proposal-file commands share (`propose`, `proposal show|check|merge|announce`): the
 * `--override` flag, the council context of a file (its council and hub network), running the
 * safety gates over a document with what they read (and writing the gated file), and reading the
 * labels of a deployment.
 */
import { loadConfig } from '@lockstep/core/config';
import { readDeployment } from '@lockstep/core/deploy';
import { LockstepError } from '@lockstep/core/errors';
import { assertGatesPassed, type GateContext, PROPOSAL_GATES } from '@lockstep/core/gates';
import {
  type GateRecord,
  type ProposalDocument,
  recordGates,
  withActivationPlan,
  writeProposalFile,
} from '@lockstep/core/proposal';
import { repoRoot } from '@lockstep/toolchain';
import { type Address, createPublicClient, http } from 'viem';
import { z } from 'zod';
import { listFlag, positional } from '../flags.js';
import { type Logger, table } from '../logger.js';
import { type CouncilContext, councilContext } from './council-context.js';

/** `<file>`: the proposal file a `proposal` command reads. */
export const proposalFileFlag = {
  file: positional(z.string().min(1), 'the proposal file (JSON, from `lockstep propose --draft`)'),
} as const;

/** `--override <gate>=<reason>`, repeatable: go on past a failed gate; the reason is recorded in the file. */
export const overrideFlag = {
  override: listFlag(
    z
      .array(z.string().regex(/^[a-z0-9-]+=\S.*$/, 'expected <gate>=<reason> (a non-empty reason)'))
      .default([])
      .transform((list) =>
        Object.fromEntries(list.map((item) => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)])),
      ),
    '<gate>=<reason>',
    'go on past a failed safety gate; the reason is recorded in the proposal file (repeatable)',
  ),
} as const;

type ContextOptions = Parameters<typeof councilContext>[0];

/** The council context of `document`: its council, on the config's network with the council's chain id. */
export async function proposalCouncilContext(options: ContextOptions, document: ProposalDocument) {
  const network = options.network ?? (await networkOfChain(options, document.council.chainId));
  return councilContext({
    ...options,
    network,
    council: document.council.address,
  });
}

async function networkOfChain(options: ContextOptions, chainId: number): Promise<string> {
  const config = await loadConfig(options.config === undefined ? {} : { path: options.config });
  const network = config.networks.find((n) => n.chainId === chainId);
  if (!network) {
    throw new LockstepError(
      `the proposal's council is on chain ${chainId}, which no network of the config has — use the config the proposal was written with (--config)`,
    );
  }
  return network.name;
}

/** What a gate reads: the document, the config, a client per chain with a known RPC, the repository. */
export function gateContextOf(context: CouncilContext, document: ProposalDocument): GateContext {
  return {
    document,
    config: context.config,
    clientFor: (chainId) => {
      const url = context.rpcUrls[chainId];
      if (!url) {
        throw new LockstepError(
          `no RPC for chain ${chainId} (${context.names.get(chainId) ?? 'not in the config'}) — give the network an rpc in the config, or start the devnet`,
        );
      }
      return createPublicClient({ transport: http(url, { retryCount: 1 }) });
    },
    projectRoot: repoRoot,
  };
}

/** Runs every registered gate over `document` (recorded overrides carry over) and returns it with the records. */
export function runProposalGates(
  context: CouncilContext,
  document: ProposalDocument,
  overrides: Readonly<Record<string, string>>,
): Promise<ProposalDocument> {
  return recordGates(gateContextOf(context, document), { gates: PROPOSAL_GATES, overrides });
}

/**
 * What `propose --file`, `proposal check` and `proposal merge` do before anything else: read the
 * activation plan (delays and block times as the chains are now), run every gate over the document,
 * write it to `path` (even when a gate failed: the reviewers see the failure), show the gate table,
 * and throw `assertGatesPassed`'s error unless every gate passed or was overridden. Returns the
 * written document.
 */
export async function gateProposalFile(
  context: CouncilContext,
  document: ProposalDocument,
  { path, overrides, logger }: { path: string; overrides: Readonly<Record<string, string>>; logger: Logger },
): Promise<ProposalDocument> {
  const planned = await withActivationPlan(context.client, document, context.rpcUrls);
  const gated = await runProposalGates(context, planned, overrides);
  await writeProposalFile(path, gated);
  logger.info(describeGates(gated.gates));
  assertGatesPassed(gated.gates, PROPOSAL_GATES);
  return gated;
}

/** The gate records as a table (gate, result, summary; an override's reason under it). */
export function describeGates(records: readonly GateRecord[]): string {
  if (records.length === 0) return 'safety gates: none registered';
  return table(
    ['gate', 'result', 'summary'],
    records.map((r) => [r.name, r.status, r.override ? `${r.summary} (overridden: ${r.override.reason})` : r.summary]),
  );
}

/** Names of the hub deployment's contracts by address (`vault`, `receiver`, ...), for labels; empty without one. */
export async function deploymentLabels(network: string): Promise<(address: Address) => string | undefined> {
  const deployment = await readDeployment({ network }).catch(() => undefined);
  const entries = Object.entries(deployment?.addresses ?? {}).filter(
    (entry): entry is [string, Address] => typeof entry[1] === 'string',
  );
  return (address) => entries.find(([, a]) => a.toLowerCase() === address.toLowerCase())?.[0];
}
