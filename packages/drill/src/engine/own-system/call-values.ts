/**
 * Scenario values (JSON strings, numbers, booleans, lists) as the ABI types of a function's
 * parameters, and decoded results back to comparable text. `{deployer}` is the drill's deployer.
 */
import { type AbiParameter, getAddress, isAddress, isHex } from 'viem';
import type { OwnCallValue } from '../../types.js';

export const DEPLOYER_PLACEHOLDER = '{deployer}';

/** `value` as `parameter`'s type; throws a plain `Error` saying what is wrong (the caller names the field). */
export function toAbiValue(parameter: AbiParameter, value: OwnCallValue, deployer: string): unknown {
  const type = parameter.type;
  const list = /^(.*)\[\d*\]$/.exec(type);
  if (list) {
    if (!Array.isArray(value)) throw new Error(`expects a list (${type}), got ${JSON.stringify(value)}`);
    return value.map((item) => toAbiValue({ ...parameter, type: list[1] ?? '' }, item, deployer));
  }
  if (Array.isArray(value)) throw new Error(`expects one ${type}, got a list`);
  if (/^u?int\d*$/.test(type)) {
    if (typeof value === 'boolean' || !/^-?\d+$/.test(String(value)))
      throw new Error(`expects a whole number (${type}), got ${JSON.stringify(value)} — write big numbers as strings`);
    return BigInt(value);
  }
  if (type === 'address') {
    const text = value === DEPLOYER_PLACEHOLDER ? deployer : String(value);
    if (!isAddress(text, { strict: false })) throw new Error(`expects an address, got ${JSON.stringify(value)}`);
    return getAddress(text);
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw new Error(`expects true or false, got ${JSON.stringify(value)}`);
    return value;
  }
  if (type === 'string') return String(value);
  if (/^bytes\d*$/.test(type)) {
    if (typeof value !== 'string' || !isHex(value))
      throw new Error(`expects 0x-prefixed hex (${type}), got ${JSON.stringify(value)}`);
    return value;
  }
  throw new Error(`has type ${type}, which a scenario cannot write (tuples and structs are not supported)`);
}

/** A value as canonical text: numbers in decimal, addresses and hex in lower case, lists recursively. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return isHex(value) ? value.toLowerCase() : JSON.stringify(value);
  return String(value);
}
