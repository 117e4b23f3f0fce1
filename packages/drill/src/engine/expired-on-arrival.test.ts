import { ContractRevertError, FallbackRevertError } from '@lockstep/core/errors';
import { describe, expect, it } from 'vitest';
import { expiredOnArrival } from './expired-on-arrival.js';

const id = `0x${'ab'.repeat(32)}` as const;
const ORIGIN = 1_000_000;

describe('expiredOnArrival', () => {
  it('decodes the receiver refusal from a guardian delivery and from a fallback ratification, in virtual time', () => {
    const args = [id, BigInt(ORIGIN + 700_000), BigInt(ORIGIN + 610_000)];
    const relayed = new ContractRevertError({
      chainId: 10,
      functionName: 'deliver',
      errorName: 'ReceiverExpiredOnArrival',
      args,
    });
    const ratified = new FallbackRevertError({
      messageId: id,
      chainId: 10,
      errorName: 'ReceiverExpiredOnArrival',
      args,
    });
    for (const error of [relayed, ratified]) {
      expect(expiredOnArrival(error, ORIGIN, 696_400)).toEqual({
        at: 696_400,
        executableAt: 700_000,
        expiresAt: 610_000,
      });
    }
  });

  it('leaves every other failure alone', () => {
    const other = new ContractRevertError({
      chainId: 10,
      functionName: 'deliver',
      errorName: 'ReceiverExpired',
      args: [id],
    });
    expect(expiredOnArrival(other, ORIGIN, 0)).toBeUndefined();
    expect(expiredOnArrival(new Error('connection refused'), ORIGIN, 0)).toBeUndefined();
  });
});
