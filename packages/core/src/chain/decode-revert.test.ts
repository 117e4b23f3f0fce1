import { ContractFunctionRevertedError, encodeErrorResult, toFunctionSelector } from 'viem';
import { formatAbiItem } from 'viem/utils';
import { describe, expect, it } from 'vitest';
import { decodeRevert, findRevert } from './decode-revert.js';
import { collectErrors, lockstepErrorsAbi } from './error-abi.js';

/** A revert as viem reports it from a `request` that carries only the function's ABI item. */
function undecoded(data: `0x${string}`): ContractFunctionRevertedError {
  return new ContractFunctionRevertedError({ abi: [], data, functionName: 'deliver' });
}

describe('lockstepErrorsAbi', () => {
  it("holds every contract's custom errors once each", () => {
    const names = lockstepErrorsAbi.map((item) => item.name);
    for (const name of [
      'ReceiverAlreadyConfirmed',
      'AdapterWrongDestination',
      'FallbackThresholdNotMet',
      'HubStateNotForward',
      'CouncilQuorumNotMet',
      'TimelockUnexpectedOperationState',
      'RegistryStaleUpgrade',
    ]) {
      expect(names).toContain(name);
    }
    const signatures = lockstepErrorsAbi.map((item) => formatAbiItem(item));
    expect(new Set(signatures).size).toBe(signatures.length);
    expect(new Set(signatures.map((s) => toFunctionSelector(s))).size).toBe(signatures.length);
  });

  it('keeps the first of two errors with one signature', () => {
    const error = { type: 'error', name: 'Twice', inputs: [{ name: 'a', type: 'uint256' }] } as const;
    const renamed = { ...error, inputs: [{ name: 'b', type: 'uint256' }] } as const;
    expect(collectErrors([[error], [renamed]])).toEqual([error]);
  });
});

describe('decodeRevert', () => {
  it("decodes raw revert data against every contract's errors", () => {
    const data = encodeErrorResult({
      abi: lockstepErrorsAbi,
      errorName: 'HubStateNotForward',
      args: [`0x${'ab'.repeat(32)}`, 1, 2],
    });
    expect(decodeRevert(undecoded(data))).toEqual({
      errorName: 'HubStateNotForward',
      args: [`0x${'ab'.repeat(32)}`, 1, 2],
    });
  });

  it('names an unknown revert by nothing, and a non-revert is undefined', () => {
    expect(decodeRevert(undecoded('0xdeadbeef'))).toEqual({ errorName: undefined, args: [] });
    expect(decodeRevert(new Error('connection refused'))).toBeUndefined();
    expect(findRevert('not an error')).toBeUndefined();
  });
});
