/**
 * The environment `test/fork/PostUpgrade.t.sol` reads (see test/utils/PostUpgradeForkConfig.sol):
 * which fork to check and what the upgrade must have left there.
 */
import type { ChainReport } from '../types.js';

export type PostUpgradeEnvParameters = {
  chain: ChainReport;
  /** The anvil forked from the drill's chain; the forge test forks it in turn. */
  forkRpcUrl: string;
  /** The implementation the council approved (the drill's `vaultV2`). */
  expectedImplementation: string;
  /** The chain's UpgradeReceiver (the vault's owner). */
  receiver?: string | undefined;
  /** The upgrade message the receiver executed on this chain. */
  messageId?: string | undefined;
  /** What the drill's depositor put in before the upgrade (wei, decimal). */
  depositWei?: string | undefined;
  /** `version()` after the upgrade. Default 2 (VaultV2). */
  expectedVersion?: number;
};

/** Forge's own test file for the check, by path from the repository root. */
export const POST_UPGRADE_TEST = 'test/fork/PostUpgrade.t.sol';

export function postUpgradeEnv(parameters: PostUpgradeEnvParameters): Record<string, string> {
  const { chain } = parameters;
  return {
    LOCKSTEP_FORK_RPC: parameters.forkRpcUrl,
    LOCKSTEP_PROXY: chain.proxy,
    LOCKSTEP_EXPECTED_IMPLEMENTATION: parameters.expectedImplementation,
    LOCKSTEP_EXPECTED_CODEHASH: chain.expectedCodehash,
    LOCKSTEP_EXPECTED_VERSION: String(parameters.expectedVersion ?? 2),
    LOCKSTEP_EXPECTED_CHAIN_ID: String(chain.chainId),
    ...(parameters.receiver ? { LOCKSTEP_RECEIVER: parameters.receiver } : {}),
    ...(parameters.messageId ? { LOCKSTEP_MESSAGE_ID: parameters.messageId } : {}),
    ...(parameters.depositWei && parameters.depositWei !== '0' ? { LOCKSTEP_DEPOSIT_WEI: parameters.depositWei } : {}),
  };
}
