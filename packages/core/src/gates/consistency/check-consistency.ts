/**
 * The pre-flight consistency check: before anyone signs, every chain a proposal touches (and the
 * hub) runs the Lockstep the config and the deployment files describe, the same on every chain, and
 * each proxy still runs the implementation the proposal replaces. Reads only; reports every
 * difference as a finding naming the chain, the expected and actual values, and the fix.
 */
import type { ReadClient } from '../../chain/types.js';
import type { LockstepConfig, NetworkConfig } from '../../config/schema.js';
import type { Deployment } from '../../deploy/deployment.js';
import { readDeployment } from '../../deploy/read-deployment.js';
import { LockstepError } from '../../errors/base.js';
import type { ProposalAction } from '../../proposal/document.js';
import { type ChainFacts, compareFacts } from './compare.js';
import { chainFacts } from './facts.js';
import { checkProxy, type ProxyObservation } from './proxies.js';
import { reachChain } from './reach.js';
import { type ReadProblem, readChainState } from './read-chain.js';
import type { ChainState, DriftFinding } from './types.js';

export type CheckChainConsistencyParameters = {
  config: LockstepConfig;
  /** A read client per chain id; may throw (no RPC for that chain), which becomes a finding. */
  clientFor: (chainId: number) => ReadClient;
  /** The networks to check, by name. Default: the hub and every chain an action targets, else every network. */
  networks?: readonly string[];
  /** A proposal's actions: their proxies are checked, and their chains are checked by default. */
  actions?: readonly ProposalAction[];
  /** The project root holding `deployments/`. Default: this repository. */
  root?: string;
  /** How long each RPC may take to answer `eth_chainId`. Default 5000 ms. */
  timeoutMs?: number;
};

/** One checked chain: whether it answered, and what its contracts hold (absent when it could not be read). */
export type CheckedChain = {
  network: string;
  chainId: number;
  role: NetworkConfig['role'];
  reachable: boolean;
  state?: ChainState;
};

export type ChainConsistencyReport = {
  /** No finding is an error. */
  consistent: boolean;
  chains: CheckedChain[];
  /** The proposal's proxies, as they run now (empty without actions). */
  proxies: ProxyObservation[];
  findings: DriftFinding[];
};

/**
 * Runs the check (see the module comment). Never throws for what it finds on the chains: a dead RPC,
 * a wrong chain id, a missing deployment file are findings too.
 *
 * @example
 * const report = await checkChainConsistency({ config, clientFor, actions: document.actions })
 */
export async function checkChainConsistency(
  parameters: CheckChainConsistencyParameters,
): Promise<ChainConsistencyReport> {
  const { config, clientFor, actions = [], root, timeoutMs = 5000 } = parameters;
  const findings: DriftFinding[] = [];
  const networks = chosenNetworks(config, parameters.networks, actions, findings);
  const deployments = await readDeployments(networks, root, findings);
  const reached = await Promise.all(networks.map((network) => reachChain(network, clientFor, timeoutMs)));
  const chains: CheckedChain[] = [];
  const facts: ChainFacts[] = [];
  const states = await Promise.all(
    networks.map(async (network, i) => {
      const client = reached[i]?.client;
      const finding = reached[i]?.finding;
      if (finding) findings.push(finding);
      const deployment = deployments.get(network.name);
      if (!client || !deployment) return undefined;
      const hubChainIds = network.role === 'hub' ? networks.map((n) => n.chainId) : [];
      const { state, problems } = await readChainState({ client, addresses: deployment.addresses, hubChainIds });
      findings.push(...problems.map((problem) => readFinding(network, problem)));
      return state;
    }),
  );
  const hub = networks.find((n) => n.role === 'hub');
  const hubAddresses = hub ? deployments.get(hub.name)?.addresses : undefined;
  const hubState = states[networks.findIndex((n) => n.role === 'hub')];
  networks.forEach((network, i) => {
    const state = states[i];
    chains.push({
      network: network.name,
      chainId: network.chainId,
      role: network.role,
      reachable: reached[i]?.client !== undefined,
      ...(state ? { state } : {}),
    });
    const addresses = deployments.get(network.name)?.addresses;
    if (!state || !addresses || !hubAddresses) return;
    facts.push({
      network: network.name,
      chainId: network.chainId,
      isHub: network.role === 'hub',
      facts: chainFacts({ config, network, addresses, hubAddresses, state, ...(hubState ? { hubState } : {}) }),
    });
  });
  findings.push(...compareFacts(facts));
  const proxies: ProxyObservation[] = [];
  const checked = await Promise.all(
    actions.flatMap((action) => {
      const i = networks.findIndex((n) => n.chainId === action.chainId);
      const network = networks[i];
      const client = reached[i]?.client;
      const receiver = network && deployments.get(network.name)?.addresses.receiver;
      return network && client && receiver ? [checkProxy({ action, network: network.name, client, receiver })] : [];
    }),
  );
  for (const result of checked) {
    proxies.push(result.observation);
    findings.push(...result.findings);
  }
  const order = (f: DriftFinding) => networks.findIndex((n) => n.name === f.network);
  findings.sort((a, b) => order(a) - order(b));
  return { consistent: !findings.some((f) => f.severity === 'error'), chains, proxies, findings };
}

/** The hub first, then the named networks (or the actions' chains, or all), in config order. */
function chosenNetworks(
  config: LockstepConfig,
  names: readonly string[] | undefined,
  actions: readonly ProposalAction[],
  findings: DriftFinding[],
): NetworkConfig[] {
  for (const action of actions) {
    if (!config.networks.some((n) => n.chainId === action.chainId)) {
      const fix = `add the network of chain ${action.chainId} to the config, or drop the action`;
      findings.push({
        severity: 'error',
        network: `chain ${action.chainId}`,
        chainId: action.chainId,
        subject: 'network',
        message: `the proposal upgrades ${action.proxy} on chain ${action.chainId}, which is not a network of the config — ${fix}`,
        fix,
      });
    }
  }
  const wanted =
    names ??
    (actions.length > 0
      ? config.networks.filter((n) => actions.some((a) => a.chainId === n.chainId)).map((n) => n.name)
      : undefined);
  const chosen = config.networks.filter((n) => n.role === 'hub' || wanted === undefined || wanted.includes(n.name));
  return [...chosen.filter((n) => n.role === 'hub'), ...chosen.filter((n) => n.role !== 'hub')];
}

async function readDeployments(
  networks: readonly NetworkConfig[],
  root: string | undefined,
  findings: DriftFinding[],
): Promise<Map<string, Deployment>> {
  const read = await Promise.all(
    networks.map(async (network) => {
      try {
        return await readDeployment({ network: network.name, ...(root === undefined ? {} : { root }) });
      } catch (error) {
        const message = error instanceof LockstepError ? error.shortMessage : String(error);
        findings.push({
          severity: 'error',
          network: network.name,
          chainId: network.chainId,
          subject: 'deployment',
          message,
          fix: 'run `lockstep deploy` first (or run from the project that holds deployments/)',
        });
        return undefined;
      }
    }),
  );
  return new Map(read.flatMap((deployment) => (deployment ? [[deployment.network, deployment] as const] : [])));
}

function readFinding(network: NetworkConfig, problem: ReadProblem): DriftFinding {
  const fix = `deployments/${network.name}.json does not match this chain (a restarted devnet?): deploy with \`lockstep deploy\`, or point networks.${network.name}.rpc at the chain it was deployed on`;
  return {
    severity: 'error',
    network: network.name,
    chainId: network.chainId,
    subject: `${problem.section} contract`,
    message: `the ${problem.section} contract at ${problem.address} did not answer (${problem.reason}) — ${fix}`,
    fix,
  };
}
