/**
 * The scenario's own system, checked against the project's build before any chain starts: both
 * artifacts exist, the initializer and every health check name functions the ABI has, their
 * arguments and expected values fit the parameter types. The result is what deploying and
 * checking need (calldata, encoded once).
 */
import { type Abi, type AbiFunction, encodeFunctionData, type Hex } from 'viem';
import { KEY_INDEX, testAccount } from '../../setup/keys.js';
import type { OwnCall, OwnCallValue, OwnHealthCall, OwnSystem } from '../../types.js';
import { type ForgeArtifact, readForgeArtifact } from './artifacts.js';
import { canonical, toAbiValue } from './call-values.js';
import { type ResolvedHealthTests, resolveHealthTests } from './health-tests.js';
import { OwnSystemError } from './own-system-error.js';

export type ResolvedHealthCheck = {
  /** `version() == 2`, for the report. */
  label: string;
  fn: AbiFunction;
  data: Hex;
  /** Canonical text of the expected values (`canonical`), or undefined when a revert is expected. */
  returns: string | undefined;
  /** Expected revert: an error name, `""` for any. */
  reverts: string | undefined;
};

export type ResolvedSystem = {
  kind: OwnSystem['proxy']['kind'];
  current: ForgeArtifact;
  release: ForgeArtifact;
  /** The initializer's calldata (`0x` without one). */
  initData: Hex;
  checks: ResolvedHealthCheck[];
  /** The forge health tests run against every chain after the upgrade (`system.healthTests`). */
  tests?: ResolvedHealthTests;
};

export async function resolveOwnSystem(system: OwnSystem): Promise<ResolvedSystem> {
  const [current, release] = await Promise.all([
    readForgeArtifact(system.project, system.current, 'system.current'),
    readForgeArtifact(system.project, system.release, 'system.release'),
  ]);
  const deployer = testAccount(KEY_INDEX.deployer).address;
  const initData = system.proxy.initializer
    ? encodeCall(current, system.proxy.initializer, deployer, 'system.proxy.initializer').data
    : '0x';
  const checks = system.health.calls.map((call, i) =>
    resolveCheck(release, call, deployer, `system.health.calls[${i}]`),
  );
  const tests = system.healthTests ? await resolveHealthTests(system.project, system.healthTests) : undefined;
  return { kind: system.proxy.kind, current, release, initData, checks, ...(tests ? { tests } : {}) };
}

function resolveCheck(
  release: ForgeArtifact,
  call: OwnHealthCall,
  deployer: string,
  field: string,
): ResolvedHealthCheck {
  const { fn, data } = encodeCall(release, call, deployer, field);
  const returns = call.returns === undefined ? undefined : expectedText(fn, call.returns, deployer, field);
  const reverts = call.reverts;
  if (reverts && !release.abi.some((item) => item.type === 'error' && item.name === reverts))
    throw new OwnSystemError(
      `${field}.reverts: ${release.id} has no error ${reverts} — use one of its errors (${errorNames(release.abi).join(', ') || 'none'}), or "" for any revert`,
    );
  const label = `${call.signature.replace(/\(.*$/, '')}(${call.args.map((a) => JSON.stringify(a)).join(', ')})`;
  return { label, fn, data, returns, reverts };
}

function encodeCall(artifact: ForgeArtifact, call: OwnCall, deployer: string, field: string) {
  const fn = findFunction(artifact, call.signature, field);
  if (call.args.length !== fn.inputs.length)
    throw new OwnSystemError(
      `${field}.args: ${call.signature} takes ${fn.inputs.length} argument(s), ${call.args.length} given — list one value per parameter`,
    );
  const args = fn.inputs.map((input, i) =>
    valueAt(input, call.args[i] as OwnCallValue, deployer, `${field}.args[${i}]`),
  );
  return { fn, data: encodeFunctionData({ abi: [fn], functionName: fn.name, args }) };
}

function expectedText(fn: AbiFunction, returns: OwnCallValue[], deployer: string, field: string): string {
  if (returns.length !== fn.outputs.length)
    throw new OwnSystemError(
      `${field}.returns: ${fn.name} returns ${fn.outputs.length} value(s), ${returns.length} expected — list one value per return value`,
    );
  return canonical(
    fn.outputs.map((output, i) => valueAt(output, returns[i] as OwnCallValue, deployer, `${field}.returns[${i}]`)),
  );
}

function valueAt(
  parameter: AbiFunction['inputs'][number],
  value: OwnCallValue,
  deployer: string,
  field: string,
): unknown {
  try {
    return toAbiValue(parameter, value, deployer);
  } catch (error) {
    throw new OwnSystemError(`${field} ${(error as Error).message}`);
  }
}

/** The ABI function with exactly this signature (spaces ignored). */
function findFunction(artifact: ForgeArtifact, signature: string, field: string): AbiFunction {
  const wanted = signature.replace(/\s+/g, '');
  const functions = artifact.abi.filter((item): item is AbiFunction => item.type === 'function');
  const fn = functions.find((f) => signatureOf(f) === wanted);
  if (fn) return fn;
  const sameName = functions.filter((f) => f.name === wanted.replace(/\(.*$/, '')).map(signatureOf);
  const fix = sameName.length
    ? `its parameters differ: use ${sameName.map((s) => `"${s}"`).join(' or ')}`
    : `use one of its functions: ${functions.map(signatureOf).join(', ')}`;
  throw new OwnSystemError(`${field}.signature: ${artifact.id} has no function ${signature} — ${fix}`);
}

function signatureOf(fn: AbiFunction): string {
  return `${fn.name}(${fn.inputs.map((input) => input.type).join(',')})`;
}

function errorNames(abi: Abi): string[] {
  return abi.flatMap((item) => (item.type === 'error' ? [item.name] : []));
}
