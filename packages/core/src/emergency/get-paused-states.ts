import { vaultV1Abi } from '@lockstep/client';
import type { Address } from 'viem';
import { readContract } from 'viem/actions';
import type { ReadClient } from '../chain/types.js';
import type { EmergencyTarget } from './propose-emergency.js';

/**
 * `IPausableTarget.paused()`. The interface has no generated ABI of its own; the example vault
 * implements it, so its ABI item is the interface's (same name, no inputs, one bool: same selector).
 */
const pausedAbi = vaultV1Abi.filter((item) => item.type === 'function' && item.name === 'paused');

export type GetPausedStatesParameters = {
  /** A client per chain id. */
  clients: Readonly<Record<number, ReadClient>>;
  targets: readonly EmergencyTarget[];
};

export type GetPausedStatesReturnType = {
  chainId: number;
  target: Address;
  /** `paused()` now; `undefined` when there is no client for the chain or the call fails (not a pausable target). */
  paused: boolean | undefined;
}[];

export type GetPausedStatesErrorType = never;

/**
 * Reads `paused()` of each emergency target on its chain, in parallel: what to check after an
 * emergency was relayed (the receiver skips a target that is not registered or whose call failed,
 * and reports it with `EmergencyTargetSkipped`). Never throws: an unreadable target is `undefined`.
 *
 * @example
 * const states = await getPausedStates({ clients, targets: [{ chainId: 42161, target: vault }] })
 * const allPaused = states.every((s) => s.paused === true)
 */
export async function getPausedStates({
  clients,
  targets,
}: GetPausedStatesParameters): Promise<GetPausedStatesReturnType> {
  return Promise.all(
    targets.map(async ({ chainId, target }) => {
      const client = clients[chainId];
      const paused = client
        ? await readContract(client, { address: target, abi: pausedAbi, functionName: 'paused' }).then(
            (value) => value === true,
            () => undefined,
          )
        : undefined;
      return { chainId, target, paused };
    }),
  );
}
