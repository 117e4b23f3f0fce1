/**
 * The storage-layout gate on a real chain: the running and new implementations deployed from the
 * project's artifacts, compared with upgrades-core over forge's build info.
 */
import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GateFixture, startGateFixture } from './implementation-test-fixture.js';
import { runGates } from './run-gates.js';
import { storageLayoutGate } from './storage-layout.js';

let fixture: GateFixture;
let v1: Address;
let v2: Address;
let reordered: Address;

const V1 = 'contracts/example/VaultV1.sol:VaultV1';
const REORDERED = 'test/fixtures/gates/VaultV2Reordered.sol:VaultV2Reordered';

beforeAll(async () => {
  fixture = await startGateFixture();
  v1 = await fixture.deploy('VaultV1.sol', 'VaultV1');
  v2 = await fixture.deploy('VaultV2.sol', 'VaultV2');
  reordered = await fixture.deploy('VaultV2Reordered.sol', 'VaultV2Reordered');
}, 60_000);

afterAll(async () => {
  await fixture?.stop();
});

async function run(actions: Parameters<GateFixture['document']>[0], overrides?: Record<string, string>) {
  const document = await fixture.document(actions);
  const [record] = await runGates(fixture.context(document), { gates: [storageLayoutGate], overrides });
  if (!record) throw new Error('no gate record');
  return record;
}

describe('storage-layout gate', () => {
  it('passes VaultV1 → VaultV2, finding both artifacts by their runtime code on chain', async () => {
    const record = await run([{ previous: v1, implementation: v2 }]);
    expect(record.status).toBe('passed');
    const messages = record.findings.map((f) => f.message);
    expect(messages).toContain(`matched artifact ${V1} by its runtime code`);
    expect(messages.some((m) => m.startsWith('matched artifact contracts/example/VaultV2.sol:VaultV2'))).toBe(true);
    expect(record.findings.every((f) => f.chainId === fixture.chainId)).toBe(true);
  }, 60_000);

  it('fails a V2 that reordered storage, naming each variable, its slot and the change', async () => {
    const record = await run([
      { previous: v1, implementation: reordered, artifacts: { previous: V1, implementation: REORDERED } },
    ]);
    expect(record.status).toBe('failed');
    const errors = record.findings.filter((f) => f.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const text = errors.map((f) => `${f.subject}: ${f.message}`).join('\n');
    expect(errors.map((f) => f.message)).toEqual([
      'reordered: VaultV1._balances (mapping(address => uint256)) at slot 0, offset 0 now sits at slot 1, offset 0',
      'moved: VaultV1._totalDeposits (uint256) at slot 1, offset 0 is now at slot 0, offset 0',
      'reordered: VaultV2Reordered._balances (mapping(address => uint256)) at slot 1, offset 0 was at slot 0, offset 0',
    ]);
    expect(text).toContain('VaultV1.sol:VaultV1 → test/fixtures/gates/VaultV2Reordered.sol:VaultV2Reordered');
    expect(record.findings.find((f) => f.severity === 'info')?.message).toBe(`artifact ${V1} (named in the proposal)`);
  }, 60_000);

  it('records an override of a failed layout with its reason', async () => {
    const reason = 'migration rewrites both slots in the same transaction';
    const record = await run(
      [{ previous: v1, implementation: reordered, artifacts: { previous: V1, implementation: REORDERED } }],
      {
        'storage-layout': reason,
      },
    );
    expect(record.status).toBe('overridden');
    expect(record.override?.reason).toBe(reason);
    expect(record.findings.some((f) => f.severity === 'error')).toBe(true);
  }, 60_000);

  it('fails with the fix when the running code matches no artifact of the project', async () => {
    // Creation code returning the one-byte runtime code `0x01`, which no contract here compiles to.
    const foreign = await fixture.deployCode('0x600160005360016000f3');
    const record = await run([{ previous: foreign, implementation: v2 }]);
    expect(record.status).toBe('failed');
    const error = record.findings.find((f) => f.severity === 'error');
    expect(error?.message).toMatch(
      /no compiled artifact of this project has its runtime code: name it in the proposal's action \(artifacts\.previous/,
    );
  }, 60_000);

  it('fails naming the artifact id a proposal got wrong', async () => {
    const record = await run([
      { previous: v1, implementation: v2, artifacts: { previous: 'contracts/VaultV1.sol:VaultV1' } },
    ]);
    expect(record.status).toBe('failed');
    expect(record.findings.find((f) => f.severity === 'error')?.message).toContain(`did you mean ${V1}`);
  }, 60_000);
});
