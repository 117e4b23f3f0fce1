/**
 * Reads what one chain's Lockstep contracts hold now (the addresses come from the chain's
 * deployment file): the receiver's configuration, its registry, the guardian set, the fallback
 * adapter's member set and, on the hub, the GovernanceHub's chain configs and the council. Each
 * contract is read on its own, so one that does not answer leaves the others' sections intact.
 */
import {
  councilFallbackAdapterAbi,
  deploymentRegistryAbi,
  governanceHubAbi,
  guardianAdapterAbi,
  securityCouncilAbi,
  upgradeReceiverAbi,
} from '@lockstep/client';
import type { Address } from 'viem';
import { readContract } from 'viem/actions';
import type { ReadClient } from '../../chain/types.js';
import { failureReason } from '../../config/check-networks.js';
import type { DeploymentAddresses } from '../../deploy/deployment.js';
import { readGuardianSet } from '../../guardian/guardian-set.js';
import { signerSetDigest } from '../../signer-sets/digest.js';
import type { ChainState } from './types.js';

/** A contract that did not answer: which section, at which address, and why. */
export type ReadProblem = { section: keyof ChainState; address: Address; reason: string };

export type ReadChainStateParameters = {
  client: ReadClient;
  addresses: DeploymentAddresses;
  /** On the hub: the chain ids whose `chainConfig` to read. */
  hubChainIds?: readonly number[];
};

export type ReadChainStateReturnType = { state: ChainState; problems: ReadProblem[] };

/** Reads every section of one chain's `ChainState` at once; see the module comment. */
export async function readChainState(parameters: ReadChainStateParameters): Promise<ReadChainStateReturnType> {
  const { client, addresses, hubChainIds = [] } = parameters;
  const state: ChainState = {};
  const problems: ReadProblem[] = [];
  const section = async <K extends keyof ChainState>(
    key: K,
    address: Address | undefined,
    read: (address: Address) => Promise<ChainState[K]>,
  ): Promise<void> => {
    if (!address) return;
    try {
      state[key] = await read(address);
    } catch (cause) {
      problems.push({ section: key, address, reason: failureReason(cause) });
    }
  };
  await Promise.all([
    section('receiver', addresses.receiver, (address) => readReceiver(client, address)),
    section('registry', addresses.registry, (address) => readRegistry(client, address)),
    section('guardianSet', addresses.adapters.guardian, (address) => readGuardian(client, address)),
    section('fallbackSet', addresses.adapters.fallback, (address) => readFallback(client, address)),
    section('hub', addresses.hub, (address) => readHub(client, address, hubChainIds)),
    section('council', addresses.council, (address) => readCouncil(client, address)),
  ]);
  return { state, problems };
}

async function readReceiver(client: ReadClient, address: Address): Promise<ChainState['receiver']> {
  const read = <F extends 'hub' | 'delays' | 'adapters' | 'fallbackConfig' | 'guardian' | 'registry'>(
    functionName: F,
  ) => readContract(client, { address, abi: upgradeReceiverAbi, functionName });
  const [
    [hubChainId, sender],
    [minDelay, gracePeriod],
    [adapters, required],
    [fallbackAdapters, fallbackDelay],
    guardian,
    registry,
  ] = await Promise.all([
    read('hub'),
    read('delays'),
    read('adapters'),
    read('fallbackConfig'),
    read('guardian'),
    read('registry'),
  ]);
  return {
    address,
    hub: { chainId: Number(hubChainId), sender },
    minDelay,
    gracePeriod,
    adapters: [...adapters],
    requiredConfirmations: Number(required),
    fallbackAdapters: [...fallbackAdapters],
    fallbackDelay,
    guardian,
    registry,
  };
}

async function readRegistry(client: ReadClient, address: Address): Promise<ChainState['registry']> {
  const receiver = await readContract(client, { address, abi: deploymentRegistryAbi, functionName: 'receiver' });
  return { address, receiver };
}

async function readGuardian(client: ReadClient, adapter: Address): Promise<ChainState['guardianSet']> {
  const [set, setExpiryWindow] = await Promise.all([
    readGuardianSet({ client, adapter, retry: { attempts: 1 } }),
    readContract(client, { address: adapter, abi: guardianAdapterAbi, functionName: 'setExpiryWindow' }),
  ]);
  return {
    adapter,
    index: set.index,
    members: set.keys,
    threshold: set.quorum,
    digest: signerSetDigest(set.keys, set.quorum),
    setExpiryWindow,
  };
}

async function readFallback(client: ReadClient, adapter: Address): Promise<ChainState['fallbackSet']> {
  const read = <F extends 'members' | 'threshold' | 'minThreshold' | 'emergencyThreshold' | 'rotationNonce'>(
    functionName: F,
  ) => readContract(client, { address: adapter, abi: councilFallbackAdapterAbi, functionName });
  const [members, threshold, minThreshold, emergencyThreshold, rotationNonce] = await Promise.all([
    read('members'),
    read('threshold'),
    read('minThreshold'),
    read('emergencyThreshold'),
    read('rotationNonce'),
  ]);
  return {
    adapter,
    members: [...members],
    threshold,
    digest: signerSetDigest(members, threshold),
    minThreshold,
    emergencyThreshold,
    rotationNonce,
  };
}

async function readHub(client: ReadClient, address: Address, chainIds: readonly number[]): Promise<ChainState['hub']> {
  const read = <F extends 'council' | 'timelock'>(functionName: F) =>
    readContract(client, { address, abi: governanceHubAbi, functionName });
  const [council, timelock, configs] = await Promise.all([
    read('council'),
    read('timelock'),
    Promise.all(
      chainIds.map((chainId) =>
        readContract(client, { address, abi: governanceHubAbi, functionName: 'chainConfig', args: [BigInt(chainId)] }),
      ),
    ),
  ]);
  const chains: NonNullable<ChainState['hub']>['chains'] = {};
  chainIds.forEach((chainId, i) => {
    const config = configs[i];
    if (config) chains[chainId] = { ...config };
  });
  return { address, council, timelock, chains };
}

async function readCouncil(client: ReadClient, address: Address): Promise<ChainState['council']> {
  const read = <F extends 'members' | 'threshold' | 'emergencyThreshold' | 'timelock' | 'hub'>(functionName: F) =>
    readContract(client, { address, abi: securityCouncilAbi, functionName });
  const [members, threshold, emergencyThreshold, timelock, hub] = await Promise.all([
    read('members'),
    read('threshold'),
    read('emergencyThreshold'),
    read('timelock'),
    read('hub'),
  ]);
  return {
    address,
    members: [...members],
    threshold,
    digest: signerSetDigest(members, threshold),
    emergencyThreshold,
    timelock,
    hub,
  };
}
