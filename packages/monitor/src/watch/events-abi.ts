/**
 * The events the monitor reads: every event of the Lockstep contracts it watches (council, hub and
 * timelock on the hub; receiver, registry and adapters on every chain), in one ABI so one
 * `eth_getLogs` per range covers a whole chain, and their decoded arguments as JSON.
 */
import {
  councilFallbackAdapterAbi,
  deploymentRegistryAbi,
  governanceHubAbi,
  guardianAdapterAbi,
  securityCouncilAbi,
  timelockControllerAbi,
  upgradeReceiverAbi,
} from '@lockstep/client';
import { type AbiEvent, toEventSelector } from 'viem';
import type { Json } from '../store/types.js';

const SOURCES = [
  securityCouncilAbi,
  governanceHubAbi,
  timelockControllerAbi,
  upgradeReceiverAbi,
  deploymentRegistryAbi,
  guardianAdapterAbi,
  councilFallbackAdapterAbi,
] as const;

/** Every watched event once (events with the same signature in several contracts are one entry). */
export const MONITOR_EVENTS_ABI: AbiEvent[] = (() => {
  const bySelector = new Map<string, AbiEvent>();
  for (const abi of SOURCES) {
    for (const item of abi) {
      if (item.type !== 'event') continue;
      const event = item as AbiEvent;
      bySelector.set(toEventSelector(event), event);
    }
  }
  return [...bySelector.values()];
})();

/** A decoded argument as JSON: bigints as decimal strings, structs as objects, arrays as arrays. */
export function toJson(value: unknown): Json {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return value;
  }
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object' && value !== undefined) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJson(item)]));
  }
  return null;
}
