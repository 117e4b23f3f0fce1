import { startAnvil } from '@lockstep/toolchain';
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  http,
  keccak256,
  parseEventLogs,
  stringToHex,
} from 'viem';
import { deployContract, getCode, readContract, simulateContract, writeContract } from 'viem/actions';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockstepFactoryAbi, lockstepFactoryBytecode, vaultV2Abi, vaultV2Bytecode } from './index.js';

let anvil: Awaited<ReturnType<typeof startAnvil>>;
let publicClient: ReturnType<typeof createPublicClient>;
let walletClient: ReturnType<typeof createWalletClient>;
let deployer: Address;
let factory: Address;

beforeAll(async () => {
  anvil = await startAnvil({ name: 'client-test', chainId: foundry.id });
  publicClient = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
  walletClient = createWalletClient({ chain: foundry, transport: http(anvil.rpcUrl) });
  const [first] = await walletClient.getAddresses();
  if (!first) throw new Error('anvil exposes no unlocked account');
  deployer = first;
  const hash = await deployContract(walletClient, {
    abi: lockstepFactoryAbi,
    bytecode: lockstepFactoryBytecode,
    args: [deployer],
    account: deployer,
    chain: foundry,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error('LockstepFactory deployment created no contract');
  factory = receipt.contractAddress;
});

afterAll(async () => {
  await anvil?.stop();
});

const salt = keccak256(stringToHex('lockstep/client-test/vault-v2'));

describe('LockstepFactory through the generated client', () => {
  it('reads the owner it was deployed with', async () => {
    const owner = await readContract(publicClient, {
      address: factory,
      abi: lockstepFactoryAbi,
      functionName: 'owner',
    });
    expect(owner).toBe(deployer);
  });

  it('deploys VaultV2 at the predicted address', async () => {
    const predicted = await readContract(publicClient, {
      address: factory,
      abi: lockstepFactoryAbi,
      functionName: 'predict',
      args: [salt],
    });
    expect(await getCode(publicClient, { address: predicted })).toBeUndefined();

    const { request, result } = await simulateContract(publicClient, {
      address: factory,
      abi: lockstepFactoryAbi,
      functionName: 'deploy',
      args: [salt, vaultV2Bytecode],
      account: deployer,
    });
    expect(result).toBe(predicted);
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await writeContract(walletClient, request) });
    expect(receipt.status).toBe('success');

    const [deployed] = parseEventLogs({ abi: lockstepFactoryAbi, eventName: 'Deployed', logs: receipt.logs });
    expect(deployed?.args).toEqual({ salt, deployed: predicted });
    const code = await getCode(publicClient, { address: predicted });
    expect(code?.length ?? 0).toBeGreaterThan(2);
    const version = await readContract(publicClient, { address: predicted, abi: vaultV2Abi, functionName: 'version' });
    expect(version).toBe(2n);
  });

  it('decodes the factory revert for a used salt with the generated ABI', async () => {
    const reverted = await simulateContract(publicClient, {
      address: factory,
      abi: lockstepFactoryAbi,
      functionName: 'deploy',
      args: [salt, vaultV2Bytecode],
      account: deployer,
    }).catch((error: unknown) => error);
    expect(reverted).toBeInstanceOf(BaseError);
    const cause = (reverted as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
    expect(cause).toBeInstanceOf(ContractFunctionRevertedError);
    expect((cause as ContractFunctionRevertedError).data).toMatchObject({
      errorName: 'FactorySaltUsed',
      args: [salt],
    });
  });

  it('rejects a function the contract does not have, at compile time and at run time', async () => {
    const call = readContract(publicClient, {
      address: factory,
      abi: lockstepFactoryAbi,
      // @ts-expect-error LockstepFactory has no `upgradeTo`; the generated ABI makes this a type error.
      functionName: 'upgradeTo',
    });
    await expect(call).rejects.toThrow(/upgradeTo/);
  });
});
