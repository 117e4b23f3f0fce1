import {
  DEFAULT_MNEMONIC_ENV,
  type LockstepConfig,
  type LockstepConfigInput,
  parseConfig,
} from '@lockstep/core/config';
import type { Scenario } from '../types.js';
import { councilIndex, guardianIndex, KEY_INDEX, testAccount } from './keys.js';

const key = (index: number) => ({ mnemonicEnv: DEFAULT_MNEMONIC_ENV, index });
const range = <T>(n: number, at: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => at(i));

/**
 * Seconds an upgrade confirmed by the fallback council alone waits on a receiver: the timelock's
 * delay (the fallback path is never faster than the council's main one), at least the receiver's
 * minimum delay.
 */
export function fallbackDelayOf(scenario: Scenario): number {
  return Math.max(scenario.timelockDelaySeconds, scenario.deployment.minDelaySeconds);
}

/**
 * The Lockstep config a scenario describes: its chains as local networks, its council and guardian
 * sizes and thresholds over the drill's test keys (the fallback council: the council's keys at its
 * threshold), its timelock delay (also the receivers' fallback delay) and its deployment timing
 * (delivery margin, minimum delay, message expiry, guardian-set overlap). Council terms end in the
 * deploy script's cohorts (365 days / ceil(n / (n - threshold))).
 */
export function drillConfig(scenario: Scenario): LockstepConfig {
  return parseConfig(drillConfigInput(scenario));
}

/** `drillConfig` as written, for a config file the CLI processes (guardians, relayer) load. */
export function drillConfigInput(scenario: Scenario): LockstepConfigInput {
  const council = range(scenario.council.size, (i) => testAccount(councilIndex(i)).address);
  const guardians = range(scenario.guardians.size, (i) => testAccount(guardianIndex(i)).address);
  const timing = scenario.deployment;
  return {
    networks: scenario.chains.map((chain) => ({
      name: chain.name,
      chainId: chain.chainId,
      role: chain.role,
      rpc: { local: true, blockTime: chain.blockTime },
      finalityDepth: chain.finalityDepth,
      deliveryMargin: timing.deliveryMarginSeconds,
    })),
    council: {
      members: council,
      threshold: scenario.council.threshold,
      emergencyThreshold: scenario.council.emergencyThreshold,
      termDays: 365,
    },
    guardians: {
      keys: guardians,
      quorum: scenario.guardians.quorum,
      setExpiryWindow: timing.guardianSetOverlapSeconds,
    },
    // The fallback never needs fewer keys than the council (the adapter's floor).
    fallback: { members: council, threshold: scenario.council.threshold },
    timelock: { delaySeconds: scenario.timelockDelaySeconds },
    receiver: {
      minDelay: timing.minDelaySeconds,
      gracePeriod: timing.messageExpirySeconds,
      adapters: ['guardian', 'fallback'],
      requiredConfirmations: 1,
      fallbackDelay: fallbackDelayOf(scenario),
    },
    chainGuardian: testAccount(KEY_INDEX.chainGuardian).address,
    reporters: [testAccount(KEY_INDEX.reporter).address],
    keys: {
      deployer: key(KEY_INDEX.deployer),
      relayer: key(KEY_INDEX.relayer),
      council: range(scenario.council.size, (i) => key(councilIndex(i))),
      guardians: range(scenario.guardians.size, (i) => key(guardianIndex(i))),
      fallback: range(scenario.council.size, (i) => key(councilIndex(i))),
      chainGuardian: key(KEY_INDEX.chainGuardian),
      reporter: key(KEY_INDEX.reporter),
    },
  };
}
