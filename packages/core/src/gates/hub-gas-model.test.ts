import { keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { calibrationActions } from './hub-gas-fixture.js';
import { estimateHubGas, transactionGas } from './hub-gas-model.js';

const AUDIT = { hash: keccak256(toHex('audit')), uri: 'ipfs://audit' };

/**
 * Execution gas measured by forge (solc 0.8.30, cold storage): `timelock.execute(dispatchUpgrade)`
 * on a real TimelockController and GovernanceHub, and `SecurityCouncil.proposeUpgrade`, for
 * `chains` actions (one per chain) of `data` bytes each; `callLength` is the dispatchUpgrade call's.
 * `propose` re-measured once the council kept the call as code (`CodeStore`): 16 actions of 4096
 * bytes take three chunks.
 */
const MEASURED = [
  { chains: 1, data: 0, callLength: 388, dispatch: 132_818, propose: 205_314 },
  { chains: 32, data: 0, callLength: 8_324, dispatch: 2_252_942, propose: 2_012_151 },
  { chains: 128, data: 0, callLength: 32_900, dispatch: 9_034_988, propose: 7_697_721 },
  { chains: 32, data: 1024, callLength: 41_092, dispatch: 2_930_621, propose: 8_983_798 },
  { chains: 128, data: 68, callLength: 45_188, dispatch: 9_338_067, propose: 10_321_599 },
  { chains: 16, data: 4096, callLength: 69_764, dispatch: 2_542_778, propose: 15_104_987 },
  { chains: 8, data: 4096, callLength: 34_948, propose: 7_581_812 },
  { chains: 1, data: 4096, callLength: 4_484, dispatch: 207_339, propose: 1_060_027 },
] as const;

describe('estimateHubGas', () => {
  it.each(MEASURED)('bounds what forge measured, within 15% ($chains chains, $data bytes)', (point) => {
    const estimate = estimateHubGas(calibrationActions(point.chains, point.data), AUDIT);
    expect(estimate.dispatchCallLength).toBe(point.callLength);
    expect(estimate.chains).toBe(point.chains);
    if ('dispatch' in point) {
      expect(estimate.dispatchExecution).toBeGreaterThanOrEqual(point.dispatch);
      expect(estimate.dispatchExecution).toBeLessThanOrEqual(point.dispatch * 1.15);
    }
    if ('propose' in point) {
      expect(estimate.proposeExecution).toBeGreaterThanOrEqual(point.propose);
      expect(estimate.proposeExecution).toBeLessThanOrEqual(point.propose * 1.15);
    }
  });

  it('counts a chain once however many actions it has', () => {
    const actions = calibrationActions(6, 0).map((a, i) => ({ ...a, chainId: 1 + (i % 2) }));
    expect(estimateHubGas(actions, AUDIT).chains).toBe(2);
  });
});

describe('transactionGas', () => {
  it('adds 21000 and 4 per zero, 16 per non-zero calldata byte', () => {
    expect(transactionGas(new Uint8Array([0, 1, 2]), 1000)).toBe(21_000 + 4 + 32 + 1000);
  });

  it('takes the EIP-7623 floor when execution is small', () => {
    const data = new Uint8Array(1000).fill(1);
    expect(transactionGas(data, 0)).toBe(21_000 + 10 * 4 * 1000);
  });
});
