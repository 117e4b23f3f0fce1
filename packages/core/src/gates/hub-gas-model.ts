/**
 * What an upgrade proposal costs on the hub chain, as whole transactions (execution plus the
 * intrinsic 21000 and calldata cost, or the EIP-7623 calldata floor when higher), before anyone
 * signs or sends it. An upper-bound model, calibrated by the forge measurements
 * (`test/council/SecurityCouncil.txcap.t.sol`, `test/hub/GovernanceHub.txcap.t.sol`; the points are
 * in `hub-gas-model.test.ts`): it never reports less than was measured, and at most ~12% more (`proposeUpgrade`: ~1%).
 *
 * - `proposeUpgrade` keeps the exact timelock call (`dispatchUpgrade` calldata) as the code of
 *   contracts the council deploys (`CodeStore`, chunks of at most 24,575 bytes): 200 gas per byte
 *   of code deposited dominates, plus the encoding, a CREATE per chunk, the checks per action and
 *   the memory the call takes (twice: the encoding and each chunk's init code).
 * - `dispatchUpgrade` runs through the timelock's `execute`: per distinct chain one message (two
 *   storage writes, the encoding, the `MessageDispatched` log), per byte of call the calldata copy,
 *   both logs and the hashing, and the memory the encodings take.
 */
import { governanceHubAbi, securityCouncilAbi } from '@lockstep/client';
import { encodeFunctionData, type Hex, hexToBytes } from 'viem';
import type { ChainAction } from '../council/types.js';

/** Ethereum's per-transaction gas cap (EIP-7825, live since Fusaka). */
export const ETHEREUM_TX_GAS_CAP = 2 ** 24;

/** Chains whose protocol enforces `ETHEREUM_TX_GAS_CAP`: Ethereum mainnet and Sepolia. */
export const TX_GAS_CAP_CHAIN_IDS: readonly number[] = [1, 11_155_111];

/** The calibrated constants (gas). */
const PROPOSE_BASE = 40_000;
const PROPOSE_PER_BYTE = 211;
const PROPOSE_PER_ACTION = 5_000;
const PROPOSE_PER_CHUNK = 80_000;
/** `CodeStore.CHUNK_SIZE`: most call bytes in one code chunk (EIP-170's limit minus a STOP byte). */
const CODE_CHUNK_BYTES = 24_575;
const DISPATCH_BASE = 60_000;
const DISPATCH_PER_CHAIN = 66_000;
const DISPATCH_PER_BYTE = 19;
/** `execute(address,uint256,bytes,bytes32,bytes32)` around the hub call: selector, 5 words, the call's length. */
const EXECUTE_HEADER_BYTES = 4 + 6 * 32;

export type HubGasEstimate = {
  /** Whole-transaction gas of `SecurityCouncil.proposeUpgrade` for these actions. */
  propose: number;
  /** Whole-transaction gas of the timelock's `execute` of `GovernanceHub.dispatchUpgrade`. */
  dispatch: number;
  /** How many distinct chains the dispatch sends a message to. */
  chains: number;
  /** The execution parts of `propose` and `dispatch` (what the forge tests measure). */
  proposeExecution: number;
  dispatchExecution: number;
  /** Bytes of the `dispatchUpgrade` call the council stores and the timelock executes. */
  dispatchCallLength: number;
};

/** 21000 plus EIP-2028 calldata cost, or the EIP-7623 floor when higher, added to `execution`. */
export function transactionGas(callData: Uint8Array, execution: number, extraNonZeroBytes = 0): number {
  let zeros = 0;
  for (const byte of callData) if (byte === 0) zeros += 1;
  const nonZeros = callData.length - zeros + extraNonZeroBytes;
  const standard = 21_000 + 4 * zeros + 16 * nonZeros + execution;
  const floor = 21_000 + 10 * (zeros + 4 * nonZeros);
  return Math.max(standard, floor);
}

/** The model's estimate of both hub-side transactions of an upgrade proposal. */
export function estimateHubGas(actions: readonly ChainAction[], audit: { hash: Hex; uri: string }): HubGasEstimate {
  const chainActions = actions.map((a) => ({
    chainId: BigInt(a.chainId),
    proxy: a.proxy,
    previousImplementation: a.previousImplementation,
    implementation: a.implementation,
    codehash: a.codehash,
    data: a.data,
  }));
  const proposeCall = hexToBytes(
    encodeFunctionData({
      abi: securityCouncilAbi,
      functionName: 'proposeUpgrade',
      args: [chainActions, audit.hash, audit.uri],
    }),
  );
  // What the council stores and the timelock later executes: the id and deadline are not known
  // yet, and taken as non-zero words (the worst case for calldata).
  const dispatchCall = hexToBytes(
    encodeFunctionData({
      abi: governanceHubAbi,
      functionName: 'dispatchUpgrade',
      args: [`0x${'ff'.repeat(32)}`, 0xff_ff_ff_ff_ff, chainActions],
    }),
  );
  const chunks = Math.ceil(dispatchCall.length / CODE_CHUNK_BYTES);
  const proposeMemoryWords = (2 * dispatchCall.length) / 32;
  const proposeExecution =
    PROPOSE_BASE +
    PROPOSE_PER_BYTE * dispatchCall.length +
    PROPOSE_PER_ACTION * actions.length +
    PROPOSE_PER_CHUNK * chunks +
    Math.ceil((proposeMemoryWords * proposeMemoryWords) / 512);

  const chains = new Set(actions.map((a) => a.chainId)).size;
  const memoryWords = (4 * dispatchCall.length) / 32;
  const dispatchExecution =
    DISPATCH_BASE +
    DISPATCH_PER_CHAIN * chains +
    DISPATCH_PER_BYTE * dispatchCall.length +
    Math.ceil((memoryWords * memoryWords) / 512);
  return {
    propose: transactionGas(proposeCall, proposeExecution),
    dispatch: transactionGas(dispatchCall, dispatchExecution, EXECUTE_HEADER_BYTES),
    chains,
    proposeExecution,
    dispatchExecution,
    dispatchCallLength: dispatchCall.length,
  };
}
