/**
 * Reads upgrades-core's storage-layout comparison as findings a reviewer acts on: which variable,
 * at which slot and offset, and what changed (reordered, retyped, deleted, inserted in the middle,
 * renamed, moved), with OpenZeppelin's own explanation alongside.
 */
import { getStorageUpgradeErrors, type StorageLayout, withValidationDefaults } from '@openzeppelin/upgrades-core';
import type { GateFinding } from './types.js';

type StorageOperation = ReturnType<typeof getStorageUpgradeErrors>[number];
type Field = { label: string; contract?: string; slot?: string; offset?: number; type: { item: { label: string } } };

/** Where a variable lives: `VaultV1._balances (mapping(address => uint256)) at slot 0, offset 0`. */
export function describeField(field: Field): string {
  const owner = field.contract ? `${field.contract}.` : '';
  const where = field.slot === undefined ? 'in a namespace' : `at slot ${field.slot}, offset ${field.offset ?? 0}`;
  return `${owner}${field.label} (${field.type.item.label}) ${where}`;
}

/** The incompatible changes from `original` to `updated`, one per operation; none when compatible. */
export function storageLayoutErrors(original: StorageLayout, updated: StorageLayout): Omit<GateFinding, 'chainId'>[] {
  const operations = getStorageUpgradeErrors(original, updated, withValidationDefaults({}));
  return operations.map((op) => ({
    severity: 'error' as const,
    subject: subjectOf(op),
    message: describeOperation(op, original.storage, updated.storage),
  }));
}

function subjectOf(op: StorageOperation): string {
  if (op.kind === 'delete-namespace') return `namespace ${op.namespace}`;
  const field = 'original' in op ? op.original : op.updated;
  return `${(field as Field).contract ?? ''}${(field as Field).contract ? '.' : ''}${(field as Field).label}`;
}

/** The same-named variable in `fields` at another slot than `field`'s: a sign of reordering. */
function movedTwin(fields: StorageLayout['storage'], field: { label: string; slot?: string }) {
  return fields.find((f) => f.label === field.label && f.slot !== field.slot);
}

function describeOperation(
  op: StorageOperation,
  originalFields: StorageLayout['storage'],
  updatedFields: StorageLayout['storage'],
): string {
  switch (op.kind) {
    case 'delete-namespace':
      return `the ERC-7201 namespace ${op.namespace} of ${op.original.contract} was deleted`;
    case 'delete': {
      const moved = movedTwin(updatedFields, op.original);
      return moved
        ? `reordered: ${describeField(op.original)} now sits at slot ${moved.slot}, offset ${moved.offset ?? 0}`
        : `deleted: ${describeField(op.original)} is gone, and the variables after it shift`;
    }
    case 'insert': {
      const from = movedTwin(originalFields, op.updated);
      if (from) return `reordered: ${describeField(op.updated)} was at slot ${from.slot}, offset ${from.offset ?? 0}`;
      return `inserted in the middle: ${describeField(op.updated)}; every variable after it shifts (append new variables at the end)`;
    }
    case 'append':
      return `appended: ${describeField(op.updated)}`;
    case 'replace': {
      const moved = movedTwin(updatedFields, op.original);
      const now = `now holds ${describeField(op.updated)}`;
      return moved
        ? `reordered: ${describeField(op.original)} moved to slot ${moved.slot}, offset ${moved.offset ?? 0}; its place ${now}`
        : `replaced: ${describeField(op.original)}; its place ${now}`;
    }
    case 'rename':
      return `renamed: ${describeField(op.original)} is now ${op.updated.label}`;
    case 'typechange':
      return `type changed: ${describeField(op.original)} is now ${op.updated.type.item.label} (${op.change.kind})`;
    case 'layoutchange':
      return `moved: ${describeField(op.original)} is now at slot ${op.updated.slot}, offset ${op.updated.offset ?? 0}`;
    case 'shrinkgap':
    case 'finishgap':
      return `storage gap changed: ${describeField(op.original)} is now ${describeField(op.updated)} (the gap must shrink by exactly the new variables' size)`;
  }
}
