/**
 * The implementation gate on a real chain: the example VaultV2 and the gate fixtures
 * (`test/fixtures/gates/`) deployed from the project's artifacts, plus an EIP-7702 delegated account.
 */

import { repoRoot } from '@lockstep/toolchain';
import { type Address, concat, keccak256, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProposalError } from '../errors/proposal.js';
import { implementationGate } from './implementation.js';
import { listArtifacts } from './implementation-artifacts.js';
import { type FixtureAction, type GateFixture, startGateFixture } from './implementation-test-fixture.js';
import { validateContract } from './implementation-validation.js';
import { runGates } from './run-gates.js';

let fixture: GateFixture;
let v1: Address;
let v2: Address;

beforeAll(async () => {
  fixture = await startGateFixture();
  v1 = await fixture.deploy('VaultV1.sol', 'VaultV1');
  v2 = await fixture.deploy('VaultV2.sol', 'VaultV2');
}, 60_000);

afterAll(async () => {
  await fixture?.stop();
});

async function run(action: Omit<FixtureAction, 'previous'>, overrides?: Record<string, string>) {
  const document = await fixture.document([{ previous: v1, ...action }]);
  const [record] = await runGates(fixture.context(document), { gates: [implementationGate], overrides });
  if (!record) throw new Error('no gate record');
  return record;
}

const errorsOf = (record: Awaited<ReturnType<typeof run>>) =>
  record.findings.filter((f) => f.severity === 'error').map((f) => f.message);

describe('implementation gate', () => {
  it('passes VaultV2 and records its codehash', async () => {
    const record = await run({ implementation: v2 });
    expect(errorsOf(record)).toEqual([]);
    expect(record.status).toBe('passed');
    const codehash = keccak256((await fixture.client.getCode({ address: v2 })) ?? '0x');
    expect(record.findings.map((f) => f.message)).toContain(`codehash ${codehash} (as the proposal records)`);
  }, 60_000);

  it('fails an implementation whose constructor leaves the initializers open', async () => {
    const open = await fixture.deploy('OpenInitializerImplementation.sol', 'OpenInitializerImplementation');
    const record = await run({ implementation: open });
    expect(record.status).toBe('failed');
    expect(errorsOf(record)).toEqual([
      expect.stringMatching(
        /^initializers are not disabled \(OpenZeppelin Initializable version 0 at the implementation\)/,
      ),
    ]);
  }, 60_000);

  it('passes an OpenZeppelin-4-style implementation whose constructor disabled its initializers', async () => {
    const legacy = await fixture.deploy('LegacyInitializable.sol', 'LegacyDisabledImplementation');
    const record = await run({ implementation: legacy });
    expect(errorsOf(record)).toEqual([]);
    expect(record.status).toBe('passed');
    expect(record.findings.map((f) => f.message)).toContain(
      "initializers disabled (OpenZeppelin 4 Initializable: `_initialized` = 255 at slot 0, offset 0, from test/fixtures/gates/LegacyInitializable.sol:LegacyDisabledImplementation's storage layout)",
    );
  }, 60_000);

  it('fails an OpenZeppelin-4-style implementation whose constructor leaves its initializers open', async () => {
    // Its constructor sets an owner packed into the same slot: only the `_initialized` byte counts.
    // Its runtime code is LegacyDisabledImplementation's (only the constructors differ), so the code
    // matches both artifacts and either one's layout (the same) is read.
    const legacy = await fixture.deploy('LegacyInitializable.sol', 'LegacyOpenImplementation');
    const record = await run({ implementation: legacy });
    expect(record.status).toBe('failed');
    expect(errorsOf(record)).toEqual([
      expect.stringMatching(
        /^initializers are not disabled \(OpenZeppelin 4 Initializable: `_initialized` = 0 at slot 0, offset 0, from test\/fixtures\/gates\/LegacyInitializable\.sol:Legacy(Open|Disabled)Implementation's storage layout\)/,
      ),
    ]);
  }, 60_000);

  it('warns, naming the fix, when no layout tells whether the initializers are disabled', async () => {
    // The OpenZeppelin-4-style code with one byte changed: no artifact matches it, its slot 0 is not
    // OpenZeppelin 5's, and nothing says where `_initialized` is.
    const legacy = await fixture.deploy('LegacyInitializable.sol', 'LegacyDisabledImplementation');
    const code = (await fixture.client.getCode({ address: legacy })) ?? '0x';
    const unknown = '0x00000000000000000000000000000000000011e9' as const;
    await fixture.setCode(unknown, `0x${code.slice(2, -2)}${code.endsWith('00') ? '01' : '00'}`);
    const record = await run({ implementation: unknown });
    const warnings = record.findings.filter((f) => f.severity === 'warning').map((f) => f.message);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^cannot tell whether its initializers are disabled: OpenZeppelin 5's Initializable slot is empty and no build artifact .*Name the implementation's artifact in the proposal \(artifacts\.implementation/,
      ),
    ]);
  }, 60_000);

  it('fails an implementation with selfdestruct, from its source and from its code', async () => {
    const destructible = await fixture.deploy('SelfdestructImplementation.sol', 'SelfdestructImplementation');
    const record = await run({ implementation: destructible });
    expect(record.status).toBe('failed');
    const errors = errorsOf(record);
    expect(errors).toContainEqual(expect.stringMatching(/^SELFDESTRUCT opcode at code offset \d+$/));
    expect(errors).toContainEqual(
      expect.stringMatching(/^selfdestruct at test\/fixtures\/gates\/SelfdestructImplementation\.sol:\d+/),
    );
  }, 60_000);

  it('fails an implementation that delegatecalls an address its caller chooses', async () => {
    const delegating = await fixture.deploy('DelegatecallImplementation.sol', 'DelegatecallImplementation');
    const record = await run({ implementation: delegating });
    expect(record.status).toBe('failed');
    expect(errorsOf(record)).toEqual([
      expect.stringMatching(/^delegatecall at test\/fixtures\/gates\/DelegatecallImplementation\.sol:\d+/),
    ]);
  }, 60_000);

  it('fails an EIP-7702 delegated account, and refuses to be overridden', async () => {
    const account = '0x00000000000000000000000000000000000077a2' as const;
    await fixture.setCode(account, concat(['0xef0100', v2]));
    const record = await run({ implementation: account });
    expect(errorsOf(record)).toEqual([
      expect.stringMatching(/^is an EIP-7702 delegated account \(code 0xef0100…, delegating to /),
    ]);
    await expect(run({ implementation: account }, { implementation: 'trust me' })).rejects.toThrow(ProposalError);
  }, 60_000);

  it('fails when the code on chain is not the codehash the proposal records', async () => {
    const record = await run({ implementation: v2, codehash: keccak256(toHex('another build')) });
    expect(errorsOf(record)).toEqual([
      expect.stringMatching(/^codehash on chain is 0x[0-9a-f]{64}, the proposal says 0x/),
    ]);
  }, 60_000);
});

describe("the example implementations under OpenZeppelin's default validation", () => {
  it.each(['VaultV1', 'VaultV2', 'VaultV3Faulty', 'VaultV3Malicious'])(
    '%s has no upgrade-safety error',
    async (name) => {
      const artifact = (await listArtifacts(repoRoot)).find((a) => a.id === `contracts/example/${name}.sol:${name}`);
      if (!artifact) throw new Error(`${name} is not compiled: run pnpm build`);
      expect((await validateContract(repoRoot, artifact)).errors).toEqual([]);
    },
    60_000,
  );
});
