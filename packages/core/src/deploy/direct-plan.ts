/**
 * The transactions `script/DeployLockstep.s.sol` broadcasts on a fresh chain, in its order, built in
 * TypeScript from the same script config (`toScriptConfig`) and the compiled artifacts
 * (`@lockstep/client`). The Solidity script stays the definition of the layout and the path for real
 * networks; this mirror exists so dev chains (drills) deploy without a forge process, and
 * `deploy-direct.test.ts` proves both leave byte-identical contracts (code and every storage slot).
 * A change to the script's layout (a salt, an argument, an order) must be made here too: that test fails
 * until it is.
 */
import {
  councilFallbackAdapterAbi,
  councilFallbackAdapterBytecode,
  erc1967ProxyAbi,
  erc1967ProxyBytecode,
  governanceHubAbi,
  governanceHubBytecode,
  guardianAdapterAbi,
  guardianAdapterBytecode,
  lockstepFactoryAbi,
  lockstepFactoryBytecode,
  securityCouncilAbi,
  securityCouncilBytecode,
  timelockControllerAbi,
  timelockControllerBytecode,
  upgradeReceiverAbi,
  upgradeReceiverBytecode,
  vaultV1Abi,
  vaultV1Bytecode,
  vaultV2Bytecode,
} from '@lockstep/client';
import {
  type Address,
  concat,
  encodeDeployData,
  encodeFunctionData,
  getContractAddress,
  type Hex,
  keccak256,
  stringToHex,
  toBytes,
  zeroAddress,
} from 'viem';
import type { ReceiverAdapter } from '../config/schema.js';
import type { ScriptConfig } from './script-config.js';

/** forge's CREATE2 deployer (`CREATE2_FACTORY` in forge-std), present on anvil and on most chains. */
export const CREATE2_DEPLOYER: Address = '0x4e59b44847b379578588920ca78fbf26c0b4956c';

const salt = (label: string): Hex => keccak256(toBytes(label));

/** `LockstepDeployment`'s salts (`keccak256("lockstep....")`). */
export const DEPLOY_SALTS = {
  factory: salt('lockstep.factory.v1'),
  receiver: salt('lockstep.receiver.v1'),
  guardianAdapter: salt('lockstep.adapter.guardian.v1'),
  fallbackAdapter: salt('lockstep.adapter.fallback.v1'),
  timelock: salt('lockstep.timelock.v1'),
  hub: salt('lockstep.hub.v1'),
  council: salt('lockstep.council.v1'),
  vaultV1: salt('lockstep.example.vault.v1'),
  vaultV2: salt('lockstep.example.vault.v2'),
  vault: salt('lockstep.example.vault.proxy'),
} as const;

/** The contracts the factory deploys, by their salt's name. */
export type FactorySaltName = Exclude<keyof typeof DEPLOY_SALTS, 'factory'>;

/** `_adapterKinds()`, in deployment order: transport name, salt, whether the receiver lists it as a fallback. */
const ADAPTER_KINDS: readonly { transport: ReceiverAdapter; salt: FactorySaltName; isFallback: boolean }[] = [
  { transport: 'guardian', salt: 'guardianAdapter', isFallback: false },
  { transport: 'fallback', salt: 'fallbackAdapter', isFallback: true },
];

/** The hub's bound on chains (`DeployLockstep.MAX_CHAINS`). */
const MAX_CHAINS = 128;

/** Where every contract of the deployment is: the factory's `predict(salt)` for each salt. */
export type PlannedAddresses = { factory: Address; registry: Address } & Record<FactorySaltName, Address>;

/** One transaction of the deployment: what it does (for errors), where it goes, its calldata. */
export type PlannedTransaction = { step: string; to: Address; data: Hex };

/** Why the script would refuse the config (`DeployConfigInvalid(field)`): the field. */
export class DirectPlanConfigError extends Error {
  override name = 'DirectPlanConfigError' as const;
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** The factory's address for `owner`: CREATE2 through forge's deployer, `SALT_FACTORY`. */
export function factoryAddress(owner: Address): Address {
  return getContractAddress({
    opcode: 'CREATE2',
    from: CREATE2_DEPLOYER,
    salt: DEPLOY_SALTS.factory,
    bytecode: factoryInitCode(owner),
  });
}

/** The script's first transaction: `new LockstepFactory{salt: SALT_FACTORY}(owner)` through forge's CREATE2 deployer. */
export function factoryTransaction(owner: Address): PlannedTransaction {
  return { step: 'factory', to: CREATE2_DEPLOYER, data: concat([DEPLOY_SALTS.factory, factoryInitCode(owner)]) };
}

function factoryInitCode(owner: Address): Hex {
  return encodeDeployData({ abi: lockstepFactoryAbi, bytecode: lockstepFactoryBytecode, args: [owner] });
}

/** The receiver's registry: its first CREATE (`d694 ‖ receiver ‖ 01`). */
export function registryAddress(receiver: Address): Address {
  return getContractAddress({ opcode: 'CREATE', from: receiver, nonce: 1n });
}

export type DirectPlanParameters = {
  config: ScriptConfig;
  /** The broadcaster: factory owner and the receiver's bootstrapper. */
  deployer: Address;
  chainId: number;
  /** The timestamp the script's simulation sees (the chain's latest block): council terms start there. */
  timestamp: bigint;
  addresses: PlannedAddresses;
};

/**
 * The script's transactions for a fresh chain, in its order: factory, receiver, the listed adapters,
 * on the hub timelock/hub/council, the example vault (V1, V2, proxy, registration), and the bootstrap
 * lock. Throws `DirectPlanConfigError` where the script reverts with `DeployConfigInvalid`.
 */
export function directPlan({ config: c, deployer, chainId, timestamp, addresses: a }: DirectPlanParameters) {
  // The script's own checks (SECURITY: the fallback path is never faster, nor needs fewer keys, than the main one).
  if (c.receiver.fallbackDelay < c.timelockDelay) {
    throw new DirectPlanConfigError('.receiver.fallbackDelay', 'shorter than the timelock delay');
  }
  if (c.fallback.threshold < c.council.threshold) {
    throw new DirectPlanConfigError('.fallback.threshold', 'below the council threshold');
  }
  const tx: PlannedTransaction[] = [];
  const deploy = (step: FactorySaltName, initCode: Hex) =>
    tx.push({
      step,
      to: a.factory,
      data: encodeFunctionData({
        abi: lockstepFactoryAbi,
        functionName: 'deploy',
        args: [DEPLOY_SALTS[step], initCode],
      }),
    });
  tx.push(factoryTransaction(deployer));

  // _deploySatellite: the receiver trusts the adapters in the config's order (index = confirmation bit).
  const kinds = c.receiver.adapters.map((name) => {
    const kind = ADAPTER_KINDS.find((k) => k.transport === name);
    if (!kind) throw new DirectPlanConfigError('.receiver.adapters', `no adapter kind "${name}"`);
    return kind;
  });
  const hubChainId = BigInt(c.hubChainId);
  deploy(
    'receiver',
    encodeDeployData({
      abi: upgradeReceiverAbi,
      bytecode: upgradeReceiverBytecode,
      args: [
        {
          hubChainId,
          hub: a.hub,
          minDelay: c.minDelay,
          gracePeriod: c.gracePeriod,
          requiredConfirmations: c.receiver.requiredConfirmations,
          adapters: kinds.map((k) => a[k.salt]),
          fallbackAdapters: kinds.filter((k) => k.isFallback).map((k) => a[k.salt]),
          fallbackDelay: c.receiver.fallbackDelay,
          guardian: c.chainGuardian,
          bootstrapper: deployer,
        },
      ],
    }),
  );
  for (const kind of ADAPTER_KINDS.filter((k) => c.receiver.adapters.includes(k.transport))) {
    deploy(
      kind.salt,
      kind.transport === 'guardian'
        ? encodeDeployData({
            abi: guardianAdapterAbi,
            bytecode: guardianAdapterBytecode,
            args: [
              a.receiver,
              hubChainId,
              a.hub,
              sorted(c.guardians.keys),
              c.guardians.quorum,
              c.guardians.setExpiryWindow,
            ],
          })
        : encodeDeployData({
            abi: councilFallbackAdapterAbi,
            bytecode: councilFallbackAdapterBytecode,
            args: [
              a.receiver,
              hubChainId,
              a.hub,
              sorted(c.fallback.members),
              c.fallback.threshold,
              c.council.threshold,
              c.council.emergencyThreshold,
            ],
          }),
    );
  }

  if (chainId === c.hubChainId) {
    if (c.chains.length === 0) throw new DirectPlanConfigError('.chains', 'no chains');
    if (c.chains.length > MAX_CHAINS) throw new DirectPlanConfigError('.chains', `more than ${MAX_CHAINS} chains`);
    const members = sorted(c.council.members);
    deploy(
      'timelock',
      encodeDeployData({
        abi: timelockControllerAbi,
        bytecode: timelockControllerBytecode,
        args: [BigInt(c.timelockDelay), [a.council], [zeroAddress], zeroAddress],
      }),
    );
    deploy(
      'hub',
      encodeDeployData({
        abi: governanceHubAbi,
        bytecode: governanceHubBytecode,
        args: [
          a.timelock,
          a.council,
          c.chains.map((chain) => BigInt(chain.chainId)),
          c.chains.map((chain) => ({
            receiver: a.receiver,
            deliveryMargin: chain.deliveryMargin,
            minDelay: c.minDelay,
            gracePeriod: c.gracePeriod,
          })),
          c.reporters,
        ],
      }),
    );
    deploy(
      'council',
      encodeDeployData({
        abi: securityCouncilAbi,
        bytecode: securityCouncilBytecode,
        args: [
          members,
          cohortTermEnds(members.length, c.council.threshold, c.council.termDays, c.council.cohorts ?? 0, timestamp),
          c.council.threshold,
          c.council.emergencyThreshold,
          a.timelock,
          a.hub,
        ],
      }),
    );
  }

  if (c.exampleVault) {
    const implementation = c.exampleVaultImplementation === 'VaultV2' ? a.vaultV2 : a.vaultV1;
    deploy('vaultV1', vaultV1Bytecode);
    deploy('vaultV2', vaultV2Bytecode);
    deploy(
      'vault',
      encodeDeployData({
        abi: erc1967ProxyAbi,
        bytecode: erc1967ProxyBytecode,
        args: [implementation, encodeFunctionData({ abi: vaultV1Abi, functionName: 'initialize', args: [a.receiver] })],
      }),
    );
    tx.push({
      step: 'registerProxy',
      to: a.receiver,
      // IUpgradeReceiver.ProxyKind.UUPS = 1; the name is the bytes32 literal "example.vault" (left-aligned).
      data: encodeFunctionData({
        abi: upgradeReceiverAbi,
        functionName: 'registerProxy',
        args: [a.vault, 1, zeroAddress, stringToHex('example.vault', { size: 32 }), implementation],
      }),
    });
  }
  if (c.lockBootstrap) {
    tx.push({
      step: 'lockBootstrap',
      to: a.receiver,
      data: encodeFunctionData({ abi: upgradeReceiverAbi, functionName: 'lockBootstrap' }),
    });
  }
  return tx;
}

/** `_sorted`: ascending by value (the contracts require strictly ascending keys). */
function sorted(list: readonly Address[]): Address[] {
  return [...list].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : BigInt(x) > BigInt(y) ? 1 : 0));
}

/** `_cohortTermEnds`: member i sits in cohort i % cohorts, whose term ends termDays * (k + 1) / cohorts days on. */
function cohortTermEnds(n: number, threshold: number, termDays: number, cohorts: number, now: bigint): number[] {
  if (threshold >= n) throw new DirectPlanConfigError('.council.threshold', 'not below the member count');
  const count = cohorts === 0 ? Math.ceil(n / (n - threshold)) : cohorts;
  if (count > n) throw new DirectPlanConfigError('.council.cohorts', 'more cohorts than members');
  return Array.from({ length: n }, (_, i) =>
    Number(now + (BigInt(termDays) * 86_400n * BigInt((i % count) + 1)) / BigInt(count)),
  );
}
