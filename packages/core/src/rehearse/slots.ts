/**
 * Where the contracts a rehearsal touches keep what it checks: the standard slots (EIP-1967,
 * OpenZeppelin's ERC-7201 namespaces for Ownable, Ownable2Step, AccessControl and Initializable)
 * and the Lockstep contracts' own mappings, by their declaration order in the sources
 * (`UpgradeReceiver._messages` is its first state variable, `DeploymentRegistry._entries` its
 * first, `TimelockController._timestamps` its second after AccessControl's `_roles`). A layout
 * change in those contracts shows up at once: the rehearsal's own records would be reported as
 * unexpected changes, and the fork tests fail.
 */
import { type Address, encodeAbiParameters, type Hex, keccak256, toHex } from 'viem';

/** ERC-1967: `bytes32(uint256(keccak256('eip1967.proxy.implementation')) - 1)`, and admin, beacon. */
export const EIP1967_IMPLEMENTATION_SLOT = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';
export const EIP1967_ADMIN_SLOT = '0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103';
export const EIP1967_BEACON_SLOT = '0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50';

/** OpenZeppelin Contracts Upgradeable 5.x (ERC-7201): `OwnableStorage._owner`. */
export const OWNABLE_NAMESPACE = '0x9016d09d72d40fdae2fd8ceac6b6234c7706214fd39c1cd1e609a0528c199300';
/** `Ownable2StepStorage._pendingOwner`. */
export const OWNABLE2STEP_NAMESPACE = '0x237e158222e3e6968b72b9db0d8043aacf074ad9f650f0d1606b4d82ee432c00';
/** `AccessControlStorage._roles`. */
export const ACCESS_CONTROL_NAMESPACE = '0x02dd7bc7dec4dceedda775e58dd541e08a116c6c53815c0bd028192f7b626800';
/** `InitializableStorage` (`_initialized`, `_initializing`). */
export const INITIALIZABLE_NAMESPACE = '0xf0c57e16840df040f15088dc2f81fe391c3923bec73e23a9662efc9c229c6a00';

/** Plain (not namespaced) AccessControl `_roles` mappings are searched at these declaration slots. */
export const ROLE_BASE_SLOTS_SEARCHED = 16;

/** `keccak256(abi.encode(key, slot))`: where `mapping[key]` lives for a mapping at `slot`. */
export function mappingSlot(key: Hex | Address, slot: bigint | Hex, keyType: 'bytes32' | 'address' = 'bytes32'): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: keyType }, { type: 'uint256' }],
      [key as never, typeof slot === 'bigint' ? slot : BigInt(slot)],
    ),
  );
}

/** The slot `offset` words after `slot`. */
export function slotPlus(slot: Hex, offset: bigint): Hex {
  return toHex(BigInt(slot) + offset, { size: 32 });
}

/** `UpgradeReceiver._messages[messageId]` (slot 0): status, confirmations, executable-at, expires-at. */
export function receiverMessageSlot(messageId: Hex): Hex {
  return mappingSlot(messageId, 0n);
}

/** `DeploymentRegistry._entries[proxy]` (slot 0): `installed[0]`, `installed[1]`, codehash, name, registeredAt. */
export function registryEntrySlots(proxy: Address): { installed: [Hex, Hex]; codehash: Hex; base: Hex } {
  const base = mappingSlot(proxy, 0n, 'address');
  return { base, installed: [base, slotPlus(base, 1n)], codehash: slotPlus(base, 2n) };
}

/** `TimelockController._timestamps[operationId]` (slot 1, after AccessControl's `_roles`). */
export function timelockTimestampSlot(operationId: Hex): Hex {
  return mappingSlot(operationId, 1n);
}

/** Where `hasRole(role, account)` is kept for an AccessControl whose `_roles` is at `base`. */
export function roleMemberSlot(base: Hex | bigint, role: Hex, account: Address): Hex {
  return mappingSlot(account, mappingSlot(role, typeof base === 'bigint' ? base : BigInt(base)), 'address');
}

/** The AccessControl role names the report spells out (any other role is shown by its hash). */
export const KNOWN_ROLES: Readonly<Record<Hex, string>> = Object.fromEntries(
  ['PROPOSER_ROLE', 'EXECUTOR_ROLE', 'CANCELLER_ROLE', 'UPGRADER_ROLE', 'PAUSER_ROLE', 'MINTER_ROLE', 'ADMIN_ROLE']
    .map((name) => [keccak256(toHex(name)), name] as const)
    .concat([[toHex(0n, { size: 32 }), 'DEFAULT_ADMIN_ROLE']]),
);
