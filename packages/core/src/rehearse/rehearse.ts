/**
 * `rehearseProposal`: runs a proposal file, signatures included, on forks of its hub and of every
 * chain it upgrades, through the real path (council → timelock → hub → guardian adapter → receiver
 * → activation), and checks every storage change the rehearsal's transactions made against the
 * set the proposal implies. Nothing is sent to a real chain: every transaction goes to a local
 * anvil forked from the chain's RPC, stopped when the rehearsal ends.
 *
 * What a fork stands in for is listed in the report (`substitutions`): the guardians' keys (their
 * set's commitment is replaced by rehearsal keys), for a receiver wanting k = 2 confirmations the
 * fallback council's keys (its members replaced by rehearsal keys), and, only with
 * `impersonateMissing`, the council members whose signatures the file lacks. An adapter whose
 * signers cannot be stood in for is refused (`unsupported-deployment`), never impersonated.
 */
import { governanceHubAbi, securityCouncilAbi, upgradeReceiverAbi } from '@lockstep/client';
import { type Address, getAddress, type Hex } from 'viem';
import type { ProposalDocument } from '../proposal/document.js';
import { activateEverywhere, postChecks } from './activate.js';
import { carryMessage } from './carry.js';
import { type ChainExpectations, classifyChanges, type DeclaredChange } from './classify.js';
import { RehearsalError } from './errors.js';
import { type ForkedChain, type ForkSource, startForks } from './fork.js';
import { runHubStage } from './hub-stage.js';
import { observeChain } from './observe.js';
import { type RawChange, traceStorageChanges } from './storage-diff.js';
import type { ChainRehearsal, RehearsalReport, RehearsalSubstitution, RehearsalTransaction } from './types.js';

export type RehearseProposalParameters = {
  document: ProposalDocument;
  /** The config's networks (name and chain id): the hub's and every action's chain must be one. */
  networks: readonly { name: string; chainId: number }[];
  /** Each network's RPC URL by name: the forks read their state from it. */
  rpcUrls: Readonly<Record<string, string>>;
  /** Impersonate the council members whose signatures the file lacks (the report says so). */
  impersonateMissing?: boolean;
  /** Progress, one line per step (`network` absent for the whole rehearsal). */
  onProgress?: (event: { network?: string; step: string }) => void;
};

export type RehearseProposalReturnType = RehearsalReport;

/**
 * Rehearses `document` on forks; see the module comment. Returns the report (`ok` false when a
 * change was unexpected or a post-check failed). Throws `RehearsalError` when the rehearsal cannot
 * run to its end (no RPC, the proposal not on the hub, signatures short of the quorum, a step
 * reverting on the fork).
 */
export async function rehearseProposal(parameters: RehearseProposalParameters): Promise<RehearseProposalReturnType> {
  const started = Date.now();
  const { document } = parameters;
  const progress = parameters.onProgress ?? (() => {});
  const sources = forkSources(parameters);
  progress({ step: `forking ${sources.map((s) => s.network).join(', ')}` });
  const forks = await startForks(sources);
  try {
    const byChain = new Map(forks.chains.map((chain) => [chain.chainId, chain]));
    const hub = byChain.get(document.council.chainId) as ForkedChain;
    const transactions: RehearsalTransaction[] = [];
    const substitutions: RehearsalSubstitution[] = [];
    const record = (transaction: RehearsalTransaction) => transactions.push(transaction);
    const stage = await runHubStage({
      document,
      hub,
      forkUrls: Object.fromEntries(forks.chains.map((c) => [c.chainId, c.rpcUrl])),
      impersonateMissing: parameters.impersonateMissing ?? false,
      record,
      onStep: (step) => progress({ network: hub.network, step }),
    });
    const activationTime = stage.messages[0]?.activationTime;
    if (activationTime === undefined) {
      throw new RehearsalError('the hub dispatched no upgrade message', { reason: 'step-failed' });
    }
    await Promise.all(
      stage.messages.map(async (message) => {
        const chain = byChain.get(message.chainId) as ForkedChain;
        await carryMessage({ chain, message, record, substitute: (s) => substitutions.push(s) });
        progress({ network: chain.network, step: `message ${message.messageId} delivered and queued` });
      }),
    );
    const targets = stage.messages.map((m) => byChain.get(m.chainId) as ForkedChain);
    const executedAt = await activateEverywhere({ chains: targets, messages: stage.messages, activationTime, record });
    progress({ step: `executed on ${targets.map((c) => c.network).join(', ')} at ${activationTime}` });

    const hubContracts = await hubContractsOf(hub, document.council.address);
    const councilCallCode = await hub.client.readContract({
      address: document.council.address,
      abi: securityCouncilAbi,
      functionName: 'proposalCallCode',
      args: [stage.proposalId],
    });
    const chains: ChainRehearsal[] = [];
    for (const chain of forks.chains) {
      const mine = transactions.filter((t) => t.chainId === chain.chainId);
      const messages = stage.messages.filter((m) => m.chainId === chain.chainId);
      const perTransaction: { hash: Hex; changes: RawChange[] }[] = [];
      for (const { hash } of mine) perTransaction.push({ hash, changes: await traceStorageChanges(chain, hash) });
      const observed = await observeChain(
        chain,
        mine.map((t) => t.hash),
        perTransaction.flatMap((t) => t.changes),
      );
      const receiver = messages[0]?.receiver;
      const expectations: ChainExpectations = {
        chainId: chain.chainId,
        actions: document.actions.filter((a) => a.chainId === chain.chainId),
        ...(receiver ? { receiver, registry: await registryOf(chain, receiver) } : {}),
        messageIds: messages.map((m) => m.messageId),
        hubContracts: chain === hub ? hubContracts : [],
        councilCallCode: chain === hub ? councilCallCode : [],
        declared: declaredChanges(document),
        ...observed,
      };
      const at = executedAt.get(chain.chainId);
      chains.push({
        network: chain.network,
        chainId: chain.chainId,
        forkBlock: chain.forkBlock,
        transactions: mine,
        changes: classifyChanges(expectations, perTransaction),
        postChecks: await postChecks(chain, expectations.actions),
        ...(at === undefined ? {} : { executedAt: at }),
      });
      progress({ network: chain.network, step: `${mine.length} transaction(s) traced` });
    }
    const unexpected = chains.flatMap((c) => c.changes.filter((change) => !change.expected));
    const failedChecks = chains.flatMap((c) => c.postChecks.filter((check) => !check.ok));
    return {
      ok: unexpected.length === 0 && failedChecks.length === 0,
      proposalId: stage.proposalId,
      origin: stage.origin,
      approvals: stage.approvals,
      activationTime,
      substitutions,
      chains,
      unexpected,
      failedChecks,
      durationMs: Date.now() - started,
    };
  } finally {
    await forks.stop();
  }
}

/** The hub and every chain an action names, each with its RPC; `RehearsalError` names what is missing. */
function forkSources({ document, networks, rpcUrls }: RehearseProposalParameters): ForkSource[] {
  const chainIds = [document.council.chainId, ...new Set(document.actions.map((a) => a.chainId))];
  return [...new Set(chainIds)].map((chainId) => {
    const network = networks.find((n) => n.chainId === chainId);
    if (!network) {
      throw new RehearsalError(`chain ${chainId} of the proposal is not a network of the config — add it to networks`, {
        reason: 'no-fork',
      });
    }
    const rpcUrl = rpcUrls[network.name];
    if (!rpcUrl) {
      throw new RehearsalError(
        `no RPC for ${network.name} to fork — set its rpc in the config, or pass --rpc ${network.name}=<url>`,
        {
          reason: 'no-fork',
        },
      );
    }
    return { network: network.name, chainId, rpcUrl };
  });
}

async function hubContractsOf(hub: ForkedChain, council: Address): Promise<Address[]> {
  const [timelock, hubAddress] = await Promise.all([
    hub.client.readContract({ address: council, abi: securityCouncilAbi, functionName: 'timelock' }),
    hub.client.readContract({ address: council, abi: securityCouncilAbi, functionName: 'hub' }),
  ]);
  const hubTimelock = await hub.client.readContract({
    address: hubAddress,
    abi: governanceHubAbi,
    functionName: 'timelock',
  });
  return [...new Set([council, timelock, hubAddress, hubTimelock].map((a) => getAddress(a)))];
}

async function registryOf(chain: ForkedChain, receiver: Address): Promise<Address> {
  return chain.client.readContract({ address: receiver, abi: upgradeReceiverAbi, functionName: 'registry' });
}

function declaredChanges(document: ProposalDocument): DeclaredChange[] {
  return (document.rehearsal?.expectedChanges ?? []).map((d) => ({
    chainId: d.chainId,
    address: getAddress(d.address),
    slot: d.slot as Hex,
    ...(d.value === undefined ? {} : { value: d.value as Hex }),
    reason: d.reason,
  }));
}
