/**
 * Checks a decrypted bundle chain by chain, without touching any chain: each raw transaction is
 * decoded from its bytes and compared with the bundle's metadata, its nonce is compared with the
 * account's on the live chain, and it is run on a fork of its chain at the not-before time.
 */
import { type Address, isAddressEqual } from 'viem';
import type { NetworkConfig } from '../config/schema.js';
import type { Bundle, BundledTransaction } from './bundle.js';
import { connect, findNetwork, type PresignChains } from './chain-access.js';
import { type DecodedTransaction, decodeTransaction } from './decode.js';
import { type NonceState, nonceProblem, nonceState } from './nonce.js';
import { type Simulation, shortMessage, simulateOnFork } from './simulate.js';
import { checkNotExpired } from './timing.js';

export type ChainVerification = {
  chainId: number;
  /** The config's network for the chain id, when it has one. */
  network: string | undefined;
  decoded: DecodedTransaction | undefined;
  nonce: NonceState | undefined;
  simulation: Simulation;
  /** Every problem found, one line each with its fix; empty when the chain is ready. */
  problems: string[];
  ok: boolean;
};

export type VerifyBundleParameters = PresignChains & {
  bundle: Bundle;
  /** Unix seconds now. */
  now?: () => number;
  onProgress?: (event: { chainId: number; network: string | undefined; step: string }) => void;
};

export type VerifyBundleReturnType = {
  proposal: string;
  signer: Address;
  notBefore: number;
  expiresAt: number;
  /** Whether every chain is ready. */
  ok: boolean;
  chains: ChainVerification[];
};

/**
 * Verifies every chain of `bundle` (in parallel); never throws for one chain's problem, which is
 * reported in its entry. Throws `PresignError` `expired` for an expired bundle.
 */
export async function verifyBundle(parameters: VerifyBundleParameters): Promise<VerifyBundleReturnType> {
  const { bundle, now = () => Math.floor(Date.now() / 1000) } = parameters;
  checkNotExpired(bundle, now());
  const at = Math.max(now(), bundle.notBefore);
  const chains = await Promise.all(
    Object.entries(bundle.chains).map(([key, entry]) => verifyChain(parameters, Number(key), entry, at)),
  );
  const { proposal, signer, notBefore, expiresAt } = bundle;
  return { proposal, signer, notBefore, expiresAt, ok: chains.every((c) => c.ok), chains };
}

async function verifyChain(
  parameters: VerifyBundleParameters,
  chainId: number,
  entry: BundledTransaction,
  at: number,
): Promise<ChainVerification> {
  const problems: string[] = [];
  const progress = (network: string | undefined, step: string) => parameters.onProgress?.({ chainId, network, step });
  const decoded = await decodeTransaction(entry.raw).catch((cause: unknown) => {
    problems.push(
      `chain ${chainId}: the raw transaction cannot be decoded (${shortMessage(cause)}) — create the bundle again`,
    );
    return undefined;
  });
  if (decoded) problems.push(...metadataProblems(parameters.bundle, chainId, entry, decoded));
  let config: NetworkConfig;
  try {
    config = findNetwork(parameters, { chainId });
  } catch (error) {
    problems.push(shortMessage(error));
    return result(chainId, undefined, decoded, undefined, notRun('the chain is not in the config'), problems);
  }
  const network = config.name;
  progress(network, 'checking the nonce on the chain');
  let connection: Awaited<ReturnType<typeof connect>>;
  try {
    connection = await connect(parameters, config);
  } catch (error) {
    problems.push(shortMessage(error));
    return result(chainId, network, decoded, undefined, notRun('the RPC did not answer'), problems);
  }
  const nonce = await nonceState(connection.client, parameters.bundle.signer, entry.nonce);
  const nonceIssue = nonceProblem(nonce, entry.nonce, network);
  if (nonceIssue) problems.push(nonceIssue);
  progress(network, 'simulating on a fork');
  const simulation = await simulateOnFork({
    ...{ network, chainId, url: connection.url, raw: entry.raw, at },
    ...{ signer: parameters.bundle.signer, nonce: entry.nonce },
  });
  if (simulation.status === 'reverted')
    problems.push(`${network}: the transaction reverts on a fork: ${simulation.reason}`);
  if (simulation.status === 'rejected')
    problems.push(`${network}: the fork's node refuses the transaction: ${simulation.reason}`);
  if (simulation.status === 'not-run') problems.push(`${network}: ${simulation.reason}`);
  return result(chainId, network, decoded, nonce, simulation, problems);
}

/** Where the transaction's own bytes disagree with what the bundle says about it. */
function metadataProblems(bundle: Bundle, chainId: number, entry: BundledTransaction, d: DecodedTransaction): string[] {
  const problems: string[] = [];
  const fix = '— the bundle is inconsistent; create it again';
  if (!isAddressEqual(d.signer, bundle.signer))
    problems.push(`chain ${chainId}: signed by ${d.signer}, not the bundle's signer ${bundle.signer} ${fix}`);
  if (d.chainId !== chainId) problems.push(`chain ${chainId}: the transaction is for chain ${d.chainId} ${fix}`);
  if (d.nonce !== entry.nonce)
    problems.push(`chain ${chainId}: nonce ${d.nonce}, the bundle says ${entry.nonce} ${fix}`);
  if (!d.to || !isAddressEqual(d.to, entry.to))
    problems.push(`chain ${chainId}: sent to ${d.to}, the bundle says ${entry.to} ${fix}`);
  if (d.hash !== entry.hash) problems.push(`chain ${chainId}: hash ${d.hash}, the bundle says ${entry.hash} ${fix}`);
  if (!d.call) problems.push(`chain ${chainId}: the call matches no known upgrade function ${fix}`);
  return problems;
}

function notRun(reason: string): Simulation {
  return { status: 'not-run', reason };
}

function result(
  chainId: number,
  network: string | undefined,
  decoded: DecodedTransaction | undefined,
  nonce: NonceState | undefined,
  simulation: Simulation,
  problems: string[],
): ChainVerification {
  return { chainId, network, decoded, nonce, simulation, problems, ok: problems.length === 0 };
}
