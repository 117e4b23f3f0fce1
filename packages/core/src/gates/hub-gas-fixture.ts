/** Test fixture: upgrade actions shaped like the forge gas calibration's (`hub-gas-model.test.ts`). */
import { type Hex, keccak256, toHex } from 'viem';
import type { ChainAction } from '../council/types.js';

/** `n` actions, each on its own chain, each with `dataLength` bytes of call data (as the forge calibration builds them). */
export function calibrationActions(n: number, dataLength: number): ChainAction[] {
  return Array.from({ length: n }, (_, i) => {
    const data = new Uint8Array(dataLength).map((_, k) => (k * 7 + i + 1) % 256);
    const word = (label: string) => keccak256(toHex(`${label}-${i}`));
    return {
      chainId: 1 + i,
      proxy: `0x${word('proxy').slice(26)}` as Hex,
      previousImplementation: `0x${word('previous').slice(26)}` as Hex,
      implementation: `0x${word('impl').slice(26)}` as Hex,
      codehash: word('codehash'),
      data: toHex(data),
    };
  });
}
