import { type Hex, keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { codeHash } from './code-hash.js';

describe('codeHash', () => {
  it('is keccak256 of the code, whatever the case of its hex, and differs for other code', () => {
    const code = toHex(Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) % 256));
    expect(codeHash(code)).toBe(keccak256(code));
    expect(codeHash(`0x${code.slice(2).toUpperCase()}`)).toBe(keccak256(code));
    const other: Hex = `0x${code.slice(2, -2)}ff`;
    expect(codeHash(other)).toBe(keccak256(other));
    expect(codeHash(other)).not.toBe(codeHash(code));
  });

  it('stays right past its memo bound (oldest codes forgotten, still hashed correctly)', () => {
    const codes = Array.from({ length: 300 }, (_, i) => toHex(`contract ${i}`));
    for (const code of codes) expect(codeHash(code)).toBe(keccak256(code));
    const first = codes[0] ?? '0x';
    expect(codeHash(first)).toBe(keccak256(first));
  });
});
