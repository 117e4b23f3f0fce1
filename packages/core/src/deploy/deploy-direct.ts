/**
 * Deploys Lockstep on a fresh dev chain (an anvil) without forge: the deploy script's transactions
 * (`directPlan`, built from the compiled artifacts) are simulated in one `eth_simulateV1` call, signed
 * locally and sent as raw transactions one after another without waiting for each receipt; the
 * receipts are then read in one batch. Same CREATE2 factory, salts and arguments as
 * `script/DeployLockstep.s.sol`, so the same addresses and the same contract state
 * (`deploy-direct.test.ts` compares code and storage of every contract with the script's).
 *
 * For drills and tests: real networks deploy with `deployLockstep` (the Foundry script), which keeps
 * what exists, writes `deployments/<network>.json` and supports hardware signers.
 */
import { lockstepFactoryAbi } from '@lockstep/client';
import {
  type Address,
  BaseError,
  createPublicClient,
  decodeFunctionResult,
  encodeFunctionData,
  type Hash,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { rpcHttp } from '../chain/clients.js';
import type { LockstepConfig } from '../config/schema.js';
import { DeployError, type DeployErrorType } from '../errors/deploy.js';
import { ChainIdMismatchError, type ChainIdMismatchErrorType } from '../errors/rpc.js';
import { redactUrl } from '../utils/redact-url.js';
import { type DeployerKey, deployerAddress, findNetwork, rpcUrlOf } from './deploy-lockstep.js';
import type { DeploymentAddresses } from './deployment.js';
import {
  CREATE2_DEPLOYER,
  DEPLOY_SALTS,
  DirectPlanConfigError,
  directPlan,
  type FactorySaltName,
  factoryAddress,
  factoryTransaction,
  type PlannedAddresses,
  type PlannedTransaction,
  registryAddress,
} from './direct-plan.js';
import { type ExampleVaultImplementation, toScriptConfig } from './script-config.js';

export type DeployLockstepDirectParameters = {
  config: LockstepConfig;
  /** The name of the network to deploy on (its chain id and role come from the config). */
  network: string;
  account: DeployerKey;
  /** The dev chain's RPC URL. */
  rpcUrl: string;
  /** Deploy and register the example vault. Default: `true` (dev chains). */
  exampleVault?: boolean;
  /** The implementation the example vault's proxy starts on. Default: `VaultV1`. */
  exampleVaultImplementation?: ExampleVaultImplementation;
  /** Lock the receiver's bootstrap at the end. Default `true`. */
  lockBootstrap?: boolean;
  /** How long to wait for the last receipt. Default 30 000 ms. */
  timeoutMs?: number;
};

export type DeployLockstepDirectReturnType = {
  network: string;
  chainId: number;
  addresses: DeploymentAddresses;
  deployer: Address;
  /** The transactions sent (the deploy script's count for the same config). */
  transactions: number;
  /** HTTP requests made (reads at one moment go as one JSON-RPC batch): load-independent cost. */
  httpRequests: number;
};

export type DeployLockstepDirectErrorType = DeployErrorType | ChainIdMismatchErrorType;

/** forge's default `--gas-estimate-multiplier`: each transaction's gas limit is 130% of its simulated use. */
const GAS_MULTIPLIER_PERCENT = 130n;
/** The priority fee offered (anvil's default tip). */
const PRIORITY_FEE = 1_000_000_000n;
const RECEIPT_POLL_MS = 10;

/**
 * Deploys Lockstep on the fresh dev chain at `rpcUrl` (see the file comment). Returns the addresses
 * in `deployLockstep`'s shape.
 *
 * Throws `DeployError` before sending anything when the network is unknown, the key does not match,
 * the factory already exists (`not-fresh`: use `deployLockstep`, which keeps what exists), the script
 * would refuse the config (`invalid-config`) or a transaction reverts in the simulation
 * (`transaction-failed`, naming the step); `ChainIdMismatchError` when the RPC serves another chain.
 */
export async function deployLockstepDirect(
  parameters: DeployLockstepDirectParameters,
): Promise<DeployLockstepDirectReturnType> {
  const { config, account } = parameters;
  const network = findNetwork(config, parameters.network);
  const url = rpcUrlOf(network, parameters.rpcUrl);
  const deployer = deployerAddress(account, network.name);
  const fail = (reason: 'not-fresh' | 'invalid-config' | 'transaction-failed', message: string, cause?: unknown) =>
    new DeployError(`deploying Lockstep on ${network.name} (chain ${network.chainId}): ${message}`, {
      reason,
      network: network.name,
      cause,
    });
  let httpRequests = 0;
  const client = createPublicClient({
    transport: rpcHttp(url, {
      batch: { wait: 0 },
      retryCount: 0,
      timeout: 30_000,
      onFetchRequest: (request) => {
        void request;
        httpRequests += 1;
      },
    }),
  });

  const factory = factoryAddress(deployer);
  const [chainId, nonce, block, factoryCode] = await Promise.all([
    client.getChainId(),
    client.getTransactionCount({ address: deployer, blockTag: 'pending' }),
    client.getBlock(),
    client.getCode({ address: factory }),
  ]);
  if (chainId !== network.chainId) {
    throw new ChainIdMismatchError({
      network: network.name,
      url: redactUrl(url),
      expected: network.chainId,
      actual: chainId,
    });
  }
  if (factoryCode !== undefined && factoryCode !== '0x') {
    throw fail(
      'not-fresh',
      `Lockstep's factory ${factory} already exists — deploy with deployLockstep (the script keeps what exists)`,
    );
  }

  const scriptConfig = toScriptConfig(config, {
    exampleVault: parameters.exampleVault ?? true,
    ...(parameters.exampleVaultImplementation
      ? { exampleVaultImplementation: parameters.exampleVaultImplementation }
      : {}),
    ...(parameters.lockBootstrap === undefined ? {} : { lockBootstrap: parameters.lockBootstrap }),
  });
  const addresses = await predictAddresses(client, deployer, factory, fail);
  let plan: PlannedTransaction[];
  try {
    plan = directPlan({ config: scriptConfig, deployer, chainId, timestamp: block.timestamp, addresses });
  } catch (error) {
    if (error instanceof DirectPlanConfigError)
      throw fail('invalid-config', `the deploy script refuses ${error.message}`);
    throw error;
  }

  const gas = await simulateGas(client, deployer, plan, block.gasLimit, fail);
  const signer = privateKeyToAccount(account.privateKey);
  const baseFee = block.baseFeePerGas ?? 0n;
  const raw = await Promise.all(
    plan.map((transaction, i) =>
      signer.signTransaction({
        type: 'eip1559',
        chainId,
        nonce: nonce + i,
        to: transaction.to,
        data: transaction.data,
        gas: gas[i] as bigint,
        maxFeePerGas: baseFee * 2n + PRIORITY_FEE,
        maxPriorityFeePerGas: PRIORITY_FEE,
      }),
    ),
  );
  // In nonce order, each one answered before the next goes (an automining anvil mines it on arrival);
  // no receipt is awaited in between.
  const hashes: Hash[] = [];
  for (const transaction of raw) hashes.push(await client.sendRawTransaction({ serializedTransaction: transaction }));
  const receipts = await readReceipts(client, hashes, parameters.timeoutMs ?? 30_000, fail);
  const reverted = receipts.findIndex((receipt) => receipt.status !== 'success');
  if (reverted >= 0) {
    throw fail('transaction-failed', `the ${plan[reverted]?.step} transaction ${hashes[reverted]} reverted on chain`);
  }
  return {
    network: network.name,
    chainId,
    addresses: deploymentAddresses(
      addresses,
      scriptConfig.receiver.adapters,
      network.role === 'hub',
      scriptConfig.exampleVault,
    ),
    deployer,
    transactions: plan.length,
    httpRequests,
  };
}

/** A raw call in a simulation, from the deployer. */
type SimulatedCall = { account: Address; to: Address; data: Hex };

type Fail = (reason: 'transaction-failed', message: string, cause?: unknown) => DeployError;

/**
 * Every salt's address from the factory's own `predict`, in one simulation that deploys the factory
 * first (nothing is sent): the factory's spawner code is not in the client, the factory knows it.
 */
async function predictAddresses(
  client: PublicClient,
  deployer: Address,
  factory: Address,
  fail: Fail,
): Promise<PlannedAddresses> {
  const names = Object.keys(DEPLOY_SALTS).filter((name): name is FactorySaltName => name !== 'factory');
  const calls: SimulatedCall[] = [
    { account: deployer, to: CREATE2_DEPLOYER, data: factoryTransaction(deployer).data },
    ...names.map((name) => ({
      account: deployer,
      to: factory,
      data: encodeFunctionData({ abi: lockstepFactoryAbi, functionName: 'predict', args: [DEPLOY_SALTS[name]] }),
    })),
  ];
  const [created] = await client.simulateBlocks({ blocks: [{ calls }] });
  const results = created?.calls ?? [];
  const failed = results.find((call) => call.status !== 'success');
  if (failed || results.length !== names.length + 1) {
    throw fail('transaction-failed', 'the factory does not deploy in a simulation', failed?.error);
  }
  const predicted = Object.fromEntries(
    names.map((name, i) => [
      name,
      decodeFunctionResult({ abi: lockstepFactoryAbi, functionName: 'predict', data: results[i + 1]?.data ?? '0x' }),
    ]),
  ) as Record<FactorySaltName, Address>;
  return { factory, registry: registryAddress(predicted.receiver), ...predicted };
}

/**
 * Gas for each transaction: its use in a simulation of the whole plan, one block per transaction (as
 * an automining chain mines them), times forge's 130%, at most the block's gas limit. A transaction
 * that reverts there stops the deployment before anything is sent.
 */
async function simulateGas(
  client: PublicClient,
  deployer: Address,
  plan: readonly PlannedTransaction[],
  blockGasLimit: bigint,
  fail: Fail,
): Promise<bigint[]> {
  const blocks = await client.simulateBlocks({
    blocks: plan.map((transaction) => {
      const calls: SimulatedCall[] = [{ account: deployer, to: transaction.to, data: transaction.data }];
      return { calls };
    }),
  });
  return plan.map((transaction, i) => {
    const call = blocks[i]?.calls[0];
    if (call?.status !== 'success') {
      throw fail('transaction-failed', `the ${transaction.step} transaction reverts in a simulation`, call?.error);
    }
    const used = call.maxUsedGas !== undefined && call.maxUsedGas > call.gasUsed ? call.maxUsedGas : call.gasUsed;
    const limit = (used * GAS_MULTIPLIER_PERCENT) / 100n;
    return limit < blockGasLimit ? limit : blockGasLimit;
  });
}

/** Every receipt, read in batches until the last one is mined (or `timeoutMs` passes). */
async function readReceipts(
  client: PublicClient,
  hashes: readonly Hash[],
  timeoutMs: number,
  fail: Fail,
): Promise<TransactionReceipt[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const receipts = await Promise.all(
      hashes.map((hash) =>
        client.getTransactionReceipt({ hash }).catch((error: unknown) => {
          if (error instanceof BaseError && error.name === 'TransactionReceiptNotFoundError') return undefined;
          throw error;
        }),
      ),
    );
    if (receipts.every((receipt) => receipt !== undefined)) return receipts;
    if (performance.now() > deadline) {
      throw fail(
        'transaction-failed',
        `${receipts.filter((r) => !r).length} transactions not mined within ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, RECEIPT_POLL_MS));
  }
}

/** The addresses in `deployLockstep`'s shape: adapters in the config's order, hub and vault stacks where deployed. */
function deploymentAddresses(
  a: PlannedAddresses,
  adapters: readonly ('guardian' | 'fallback')[],
  isHub: boolean,
  exampleVault: boolean,
): DeploymentAddresses {
  const byKind = { guardian: a.guardianAdapter, fallback: a.fallbackAdapter } as const;
  return {
    factory: a.factory,
    receiver: a.receiver,
    registry: a.registry,
    adapters: Object.fromEntries(adapters.map((kind) => [kind, byKind[kind]])),
    ...(isHub ? { timelock: a.timelock, hub: a.hub, council: a.council } : {}),
    ...(exampleVault ? { vault: a.vault, vaultV1: a.vaultV1, vaultV2: a.vaultV2 } : {}),
  };
}
