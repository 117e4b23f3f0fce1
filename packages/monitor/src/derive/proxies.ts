/**
 * The proxies a chain's deployment registry holds, from its events: each proxy's name and the
 * implementation and codehash the receiver last installed (the approved state: only the receiver
 * writes the registry, and only with the approved codehash).
 */
import { type Address, type Hex, hexToString } from 'viem';
import type { StoredEvent } from '../store/types.js';
import { addressArg, has, hexArg } from './args.js';

export type RegisteredProxy = { name: string; proxy: Address; implementation: Address; approvedCodehash: Hex };

/** Every registered proxy of one chain, in registration order. */
export function registeredProxies(events: readonly StoredEvent[]): RegisteredProxy[] {
  const proxies = new Map<string, RegisteredProxy>();
  for (const event of events) {
    // The registry's events carry the codehash; the receiver's `ProxyRegistered` carries the kind instead.
    if (!has(event, 'codehash') || !has(event, 'implementation')) continue;
    if (event.name !== 'ProxyRegistered' && event.name !== 'ImplementationRecorded') continue;
    const proxy = addressArg(event, 'proxy');
    const key = proxy.toLowerCase();
    const entry = {
      name: event.name === 'ProxyRegistered' ? nameOf(hexArg(event, 'name')) : (proxies.get(key)?.name ?? proxy),
      proxy,
      implementation: addressArg(event, 'implementation'),
      approvedCodehash: hexArg(event, 'codehash'),
    };
    proxies.set(key, entry);
  }
  return [...proxies.values()];
}

/** A registry name (bytes32): its text when it is a short string, else the hex. */
function nameOf(name: Hex): string {
  try {
    const text = hexToString(name, { size: 32 }).replace(/\0+$/, '');
    return /^[\x20-\x7e]+$/.test(text) ? text : name;
  } catch {
    return name;
  }
}
