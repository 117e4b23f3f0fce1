/**
 * Typed reads of a stored event's JSON arguments. A stored event comes from a decoded log of a known
 * ABI, so a missing or mistyped argument is a store corruption: it throws naming the event and field.
 */
import type { Address, Hex } from 'viem';
import type { Json, StoredEvent } from '../store/types.js';

function field(event: StoredEvent, name: string): Json {
  const value = event.args[name];
  if (value === undefined) {
    throw new TypeError(
      `stored event ${event.name} (chain ${event.chainId}, block ${event.blockNumber}) has no ${name}`,
    );
  }
  return value;
}

export function hexArg(event: StoredEvent, name: string): Hex {
  const value = field(event, name);
  if (typeof value !== 'string' || !value.startsWith('0x')) throw new TypeError(`${event.name}.${name} is not hex`);
  return value.toLowerCase() as Hex;
}

/** Addresses keep their checksum case. */
export function addressArg(event: StoredEvent, name: string): Address {
  const value = field(event, name);
  if (typeof value !== 'string' || !value.startsWith('0x'))
    throw new TypeError(`${event.name}.${name} is not an address`);
  return value as Address;
}

/** Numbers stored as numbers (uint8..uint48) or decimal strings (larger uints). */
export function numberArg(event: StoredEvent, name: string): number {
  const value = field(event, name);
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(parsed)) throw new TypeError(`${event.name}.${name} is not a number`);
  return parsed;
}

export function boolArg(event: StoredEvent, name: string): boolean {
  const value = field(event, name);
  if (typeof value !== 'boolean') throw new TypeError(`${event.name}.${name} is not a boolean`);
  return value;
}

export function listArg(event: StoredEvent, name: string): Json[] {
  const value = field(event, name);
  if (!Array.isArray(value)) throw new TypeError(`${event.name}.${name} is not a list`);
  return value;
}

/** An object argument (a struct) or list element as a record. */
export function record(value: Json, what: string): { [key: string]: Json } {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new TypeError(`${what} is not a struct`);
  return value;
}

export function has(event: StoredEvent, name: string): boolean {
  return event.args[name] !== undefined;
}
