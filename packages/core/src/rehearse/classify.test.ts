import { getAddress, type Hex, keccak256, pad, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { type ChainExpectations, classifyChanges } from './classify.js';
import { ACCESS_CONTROL_NAMESPACE, EIP1967_ADMIN_SLOT, roleMemberSlot } from './slots.js';
import type { RawChange } from './storage-diff.js';

const PROXY = getAddress('0x00000000000000000000000000000000000000aa');
const TIMELOCK = getAddress('0x00000000000000000000000000000000000000bb');
const STRANGER = getAddress('0x00000000000000000000000000000000000000cc');
const SENDER = getAddress('0x00000000000000000000000000000000000000dd');
const PROPOSER_ROLE = keccak256(toHex('PROPOSER_ROLE'));
const ONE = pad('0x1');
const ZERO = pad('0x0');

const expectations = (more: Partial<ChainExpectations> = {}): ChainExpectations => ({
  chainId: 1,
  actions: [],
  messageIds: [],
  hubContracts: [TIMELOCK],
  councilCallCode: [],
  declared: [],
  exempt: [SENDER],
  roleEvents: [],
  ownerChanges: [],
  ...more,
});

const classify = (e: ChainExpectations, changes: RawChange[]) =>
  classifyChanges(e, [{ hash: keccak256(toHex('tx')) as Hex, changes }]);

describe('classifyChanges', () => {
  it('names a role granted on a hub contract (plain or namespaced AccessControl) as unexpected, even there', () => {
    const plain = roleMemberSlot(0n, PROPOSER_ROLE, STRANGER);
    const namespaced = roleMemberSlot(ACCESS_CONTROL_NAMESPACE, PROPOSER_ROLE, STRANGER);
    const e = expectations({
      roleEvents: [{ contract: TIMELOCK, role: PROPOSER_ROLE, account: STRANGER, granted: true }],
    });
    const [a, b] = classify(e, [
      { address: TIMELOCK, slot: plain, from: ZERO, to: ONE },
      { address: TIMELOCK, slot: namespaced, from: ZERO, to: ONE },
    ]);
    for (const change of [a, b]) {
      expect(change).toMatchObject({ kind: 'role', expected: false });
      expect(change?.label).toBe(`role PROPOSER_ROLE of ${TIMELOCK} granted to ${STRANGER} (AccessControl)`);
    }
  });

  it('keeps other hub-contract writes as the proposal’s records, and flags a proxy admin change', () => {
    const [record, admin] = classify(expectations(), [
      { address: TIMELOCK, slot: pad('0x1234'), from: ZERO, to: ONE },
      { address: PROXY, slot: EIP1967_ADMIN_SLOT, from: ZERO, to: pad(STRANGER) },
    ]);
    expect(record).toMatchObject({ kind: 'hub-record', expected: true });
    expect(admin).toMatchObject({ kind: 'eip1967-admin', expected: false });
    expect(admin?.label).toBe(
      `proxy admin of ${PROXY} (EIP-1967): 0x0000000000000000000000000000000000000000 → ${STRANGER}`,
    );
  });

  it("expects the code the council deploys to keep the proposal's call, and no other new or changed code", () => {
    const CHUNK = getAddress('0x00000000000000000000000000000000000000ee');
    const e = expectations({ councilCallCode: [CHUNK] });
    const [kept, other] = classify(e, [
      { address: CHUNK, slot: 'code', from: '0x', to: '0x00abcd' },
      { address: STRANGER, slot: 'code', from: '0x', to: '0x00abcd' },
    ]);
    const [changed] = classify(e, [{ address: CHUNK, slot: 'code', from: '0x00abcd', to: '0x00ffff' }]);
    expect(kept).toMatchObject({ kind: 'hub-record', expected: true });
    expect(kept?.label).toBe(`council's copy of the proposal's timelock call, kept as the code of ${CHUNK}`);
    expect(other).toMatchObject({ kind: 'unknown', expected: false, label: `code of ${STRANGER} (created)` });
    expect(changed).toMatchObject({ kind: 'unknown', expected: false, label: `code of ${CHUNK} (changed)` });
  });

  it('leaves out gas paid by the senders but reports ETH moved anywhere else', () => {
    const changes = classify(expectations(), [
      { address: SENDER, slot: 'balance', from: '0x10', to: '0x5' },
      { address: PROXY, slot: 'balance', from: '0x10', to: '0x0' },
    ]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ address: PROXY, expected: false, label: `ETH balance of ${PROXY}: 16 → 0 wei` });
  });

  it('merges one slot written by several transactions into one change from the first value to the last', () => {
    const slot = pad('0x77');
    const [change] = classifyChanges(expectations(), [
      { hash: keccak256(toHex('a')), changes: [{ address: STRANGER, slot, from: ZERO, to: ONE }] },
      { hash: keccak256(toHex('b')), changes: [{ address: STRANGER, slot, from: ONE, to: pad('0x2') }] },
    ]);
    expect(change).toMatchObject({ from: ZERO, to: pad('0x2'), kind: 'unknown', expected: false });
    expect(change?.transactions).toHaveLength(2);
  });
});
