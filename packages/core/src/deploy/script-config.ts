/**
 * The JSON config `script/DeployLockstep.s.sol` reads, made from a validated Lockstep config. The
 * deployment layout (salts, constructor arguments, wiring) lives in the Solidity script alone; this
 * file only maps fields. It carries addresses and numbers, never a key.
 */
import type { Address } from 'viem';
import { isLocalConfig } from '../config/defaults.js';
import { effectiveFallbackDelay, type LockstepConfig, type ReceiverAdapter } from '../config/schema.js';

/** The script's config format (see `script/config/local.json`). */
export type ScriptConfig = {
  hubChainId: number;
  timelockDelay: number;
  minDelay: number;
  gracePeriod: number;
  council: {
    members: Address[];
    termDays: number;
    /** Absent: the script picks ceil(n / (n - threshold)). */
    cohorts?: number;
    threshold: number;
    emergencyThreshold: number;
  };
  guardians: { keys: Address[]; quorum: number; setExpiryWindow: number };
  /** The receivers' adapters (by transport), confirmations needed, and the fallback-only delay. */
  receiver: { adapters: ReceiverAdapter[]; requiredConfirmations: number; fallbackDelay: number };
  fallback: { members: Address[]; threshold: number };
  chains: { chainId: number; deliveryMargin: number }[];
  chainGuardian: Address;
  reporters: Address[];
  /** Deploy the example vault (VaultV1/V2 behind a proxy) and register it with the receiver. */
  exampleVault: boolean;
  /** The implementation the example vault's proxy starts on (registry version 1). Absent: `VaultV1`. */
  exampleVaultImplementation?: ExampleVaultImplementation;
  /** Lock the receiver's bootstrap after deploying, so the deployer keeps no power (default: true). */
  lockBootstrap: boolean;
};

/**
 * The implementation the example vault's proxy starts on: `VaultV1` (vulnerable, what the demos fix) or
 * `VaultV2` (the fix, so a drill's bad release has a good version to roll back to).
 */
export type ExampleVaultImplementation = 'VaultV1' | 'VaultV2';

export type ToScriptConfigOptions = {
  /** Default: `isLocalConfig(config)` (the example vault is a demo, not for real networks). */
  exampleVault?: boolean;
  /** Default: absent, which the script reads as `VaultV1`. */
  exampleVaultImplementation?: ExampleVaultImplementation;
  /**
   * Default `true`. `false` leaves the receiver's bootstrap open so the deployer can still register
   * proxies (e.g. a drill adopting a forked chain's own proxy); it must then call `lockBootstrap`.
   */
  lockBootstrap?: boolean;
};

/**
 * Maps `config` to the deploy script's JSON format. The hub is the network with role `hub` (the
 * schema guarantees exactly one); `chains` lists every network in config order.
 *
 * @example
 * const json = JSON.stringify(toScriptConfig(defaultConfig()))
 */
export function toScriptConfig(config: LockstepConfig, options: ToScriptConfigOptions = {}): ScriptConfig {
  const hub = config.networks.find((network) => network.role === 'hub');
  if (!hub) throw new TypeError('the config has no hub network (parse it with parseConfig first)');
  return {
    hubChainId: hub.chainId,
    timelockDelay: config.timelock.delaySeconds,
    minDelay: config.receiver.minDelay,
    gracePeriod: config.receiver.gracePeriod,
    council: {
      members: [...config.council.members],
      termDays: config.council.termDays,
      ...(config.council.cohorts === undefined ? {} : { cohorts: config.council.cohorts }),
      threshold: config.council.threshold,
      emergencyThreshold: config.council.emergencyThreshold,
    },
    guardians: {
      keys: [...config.guardians.keys],
      quorum: config.guardians.quorum,
      setExpiryWindow: config.guardians.setExpiryWindow,
    },
    receiver: {
      adapters: [...config.receiver.adapters],
      requiredConfirmations: config.receiver.requiredConfirmations,
      fallbackDelay: effectiveFallbackDelay(config),
    },
    fallback: { members: [...config.fallback.members], threshold: config.fallback.threshold },
    chains: config.networks.map((network) => ({ chainId: network.chainId, deliveryMargin: network.deliveryMargin })),
    chainGuardian: config.chainGuardian,
    reporters: [...config.reporters],
    exampleVault: options.exampleVault ?? isLocalConfig(config),
    ...(options.exampleVaultImplementation === undefined
      ? {}
      : { exampleVaultImplementation: options.exampleVaultImplementation }),
    lockBootstrap: options.lockBootstrap ?? true,
  };
}
