/** The keeper's capped offers: the market's price for a base fee, and the bump after a refusal, never above the cap. */
import { parseGwei } from 'viem';
import { describe, expect, it } from 'vitest';
import { bumpedOffer, KEEPER_TIP_WEI, marketOffer } from './fee-policy.js';

const gwei = (n: number) => parseGwei(String(n));

describe('keeper fee offers', () => {
  it('offers twice the base fee plus the tip, within the cap', () => {
    expect(marketOffer(gwei(10), gwei(200))).toBe(gwei(20) + KEEPER_TIP_WEI);
    expect(marketOffer(gwei(150), gwei(200))).toBe(gwei(200));
  });

  it('after a refusal, bumps to the market price for the base fee that refused it', () => {
    expect(bumpedOffer(gwei(1), gwei(80), gwei(200))).toBe(gwei(160) + KEEPER_TIP_WEI);
  });

  it('after a refusal, bumps by at least an eighth even when the market price is lower', () => {
    expect(bumpedOffer(gwei(80), gwei(1), gwei(200))).toBe(gwei(90));
  });

  it('never bumps above the cap', () => {
    expect(bumpedOffer(gwei(190), gwei(500), gwei(200))).toBe(gwei(200));
  });
});
