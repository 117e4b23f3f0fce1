/**
 * Decodes an upgrade action's `data` (the call the proxy makes into its new implementation,
 * `upgradeToAndCall(implementation, data)`) and flags the calls that move control: ownership,
 * roles, proxy administration and (re)initialisation. A member must see those in words, not as hex.
 *
 * Functions are looked up in every ABI of the generated client (Lockstep's contracts and the
 * OpenZeppelin ones it deploys) and in a short list of standard admin functions the client does not
 * hold (Ownable2Step, legacy proxy admins); data whose selector is in neither is flagged unknown.
 */
import { lockstepContracts, ownableAbi } from '@lockstep/client';
import {
  type Abi,
  type AbiFunction,
  type AbiParameter,
  decodeFunctionData,
  type Hex,
  keccak256,
  parseAbi,
  slice,
  toFunctionSelector,
  toFunctionSignature,
  toHex,
  zeroHash,
} from 'viem';

/** Standard administration functions absent from the generated client. */
const STANDARD_ADMIN_ABI = parseAbi([
  'function acceptOwnership()',
  'function changeAdmin(address newAdmin)',
  'function setAdmin(address newAdmin)',
  'function changeProxyAdmin(address proxy, address newAdmin)',
  'function upgradeTo(address newImplementation)',
  'function setPendingAdmin(address newPendingAdmin)',
  'function acceptAdmin()',
]);

/** Every function known, one per selector. */
const KNOWN_FUNCTIONS: readonly AbiFunction[] = (() => {
  const abis: Abi[] = [...Object.values(lockstepContracts).map((c) => c.abi as Abi), ownableAbi, STANDARD_ADMIN_ABI];
  const bySelector = new Map<Hex, AbiFunction>();
  for (const item of abis.flat()) {
    if (item.type !== 'function') continue;
    const selector = toFunctionSelector(item);
    if (!bySelector.has(selector)) bySelector.set(selector, item);
  }
  return [...bySelector.values()];
})();

/** What a flagged call changes. `unknown-call`: data whose function is not known (cannot be read). */
export type CallFlagKind = 'ownership' | 'role' | 'proxy-admin' | 'initializer' | 'unknown-call';

const FLAGGED: readonly [CallFlagKind, RegExp][] = [
  ['ownership', /^(transferOwnership|acceptOwnership|renounceOwnership|setOwner|changeOwner)$/],
  ['role', /^(grantRole|revokeRole|renounceRole|setRoleAdmin)$/],
  [
    'proxy-admin',
    /^(changeAdmin|setAdmin|changeProxyAdmin|upgradeTo|upgradeToAndCall|upgradeAndCall|setPendingAdmin|acceptAdmin)$/,
  ],
  ['initializer', /^(initialize|reinitialize|init)/i],
];

/** OpenZeppelin's conventional role names, by id (`keccak256(name)`; the admin role is zero). */
const ROLE_NAMES: ReadonlyMap<Hex, string> = new Map([
  [zeroHash, 'DEFAULT_ADMIN_ROLE'],
  ...[
    'ADMIN_ROLE',
    'UPGRADER_ROLE',
    'PAUSER_ROLE',
    'MINTER_ROLE',
    'BURNER_ROLE',
    'PROPOSER_ROLE',
    'EXECUTOR_ROLE',
    'CANCELLER_ROLE',
    'GUARDIAN_ROLE',
    'OPERATOR_ROLE',
  ].map((name) => [keccak256(toHex(name)), name] as [Hex, string]),
]);

/** One decoded argument; `value` as text (numbers in decimal, nested values as JSON). */
export type DecodedArgument = {
  name: string;
  type: string;
  value: string;
  /** For a `bytes32` role id: its conventional name, when known. */
  role?: string;
};

/** An action's `data`, decoded; `functionName` absent when its selector is not known. */
export type DecodedCall = {
  selector: Hex;
  signature?: string;
  functionName?: string;
  args: DecodedArgument[];
  /** The kind of control the call changes, if it is one that must be flagged. */
  flag?: CallFlagKind;
};

/** Decodes an action's `data`; `undefined` for none (`0x`). */
export function decodeActionData(data: Hex): DecodedCall | undefined {
  if (data === '0x') return undefined;
  const selector = data.length >= 10 ? slice(data, 0, 4) : data;
  let decoded: { functionName: string; args: readonly unknown[] | undefined };
  try {
    decoded = decodeFunctionData({ abi: KNOWN_FUNCTIONS, data });
  } catch {
    // Not a known function (or malformed arguments): shown as unknown, never guessed.
    return { selector, args: [], flag: 'unknown-call' };
  }
  const fn = KNOWN_FUNCTIONS.find((f) => f.name === decoded.functionName && toFunctionSelector(f) === selector);
  const inputs: readonly AbiParameter[] = fn?.inputs ?? [];
  const args = (decoded.args ?? []).map((value, i) => describeArgument(inputs[i], i, value));
  const flag = FLAGGED.find(([, pattern]) => pattern.test(decoded.functionName))?.[0];
  return {
    selector,
    ...(fn ? { signature: toFunctionSignature(fn) } : {}),
    functionName: decoded.functionName,
    args,
    ...(flag ? { flag } : {}),
  };
}

function describeArgument(input: AbiParameter | undefined, i: number, value: unknown): DecodedArgument {
  const type = input?.type ?? 'unknown';
  const text =
    typeof value === 'string'
      ? value
      : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  const role = type === 'bytes32' ? ROLE_NAMES.get(value as Hex) : undefined;
  return { name: input?.name || `arg${i}`, type, value: text ?? String(value), ...(role ? { role } : {}) };
}
