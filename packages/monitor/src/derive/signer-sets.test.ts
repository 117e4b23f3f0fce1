import type { Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { chainSignerSets, signerSetDigest, signerSetStatuses } from './signer-sets.js';
import { ARBITRUM, HUB, MEMBERS, stored } from './test-events.js';

describe('signer sets', () => {
  it('digests a set the same whatever order its members are listed in, and differently for another threshold', () => {
    expect(signerSetDigest([...MEMBERS].reverse(), 5)).toBe(signerSetDigest(MEMBERS, 5));
    expect(signerSetDigest(MEMBERS, 6)).not.toBe(signerSetDigest(MEMBERS, 5));
  });

  it('takes the last guardian set and fallback set a chain installed', () => {
    const sets = chainSignerSets([
      stored(ARBITRUM, 1, 'GuardianSetAdded', { index: 0, keysHash: '0x00', quorum: 5, keys: MEMBERS.slice(0, 7) }),
      stored(ARBITRUM, 2, 'GuardianSetAdded', { index: 1, keysHash: '0x00', quorum: 6, keys: MEMBERS }),
      stored(ARBITRUM, 3, 'MembersSet', { nonce: 0, members: MEMBERS.slice(0, 5), threshold: 3 }),
    ]);
    expect(sets).toEqual({ guardian: signerSetDigest(MEMBERS, 6), fallback: signerSetDigest(MEMBERS.slice(0, 5), 3) });
    expect(
      chainSignerSets([
        stored(HUB, 1, 'MembersRotated', {
          membersVersion: 1,
          members: MEMBERS,
          termEnds: [],
          threshold: 6,
          emergencyThreshold: 3,
        }),
      ]),
    ).toEqual({
      council: signerSetDigest(MEMBERS, 6),
    });
  });

  it('reports drift when two chains hold different guardian sets; an unreadable chain is null, not drift', () => {
    const a = signerSetDigest(MEMBERS, 6);
    const b = signerSetDigest(MEMBERS, 5);
    const statuses = signerSetStatuses([
      { chain: 'ethereum', reachable: true, signerSets: { council: a, guardian: a } },
      { chain: 'arbitrum', reachable: true, signerSets: { guardian: b } },
      { chain: 'optimism', reachable: false, signerSets: {} },
    ]);
    expect(statuses.find((s) => s.kind === 'guardian')).toEqual({
      kind: 'guardian',
      consistent: false,
      byChain: { ethereum: a, arbitrum: b, optimism: null as Hex | null },
    });
    expect(statuses.find((s) => s.kind === 'council')?.consistent).toBe(true);
  });
});
