/**
 * Signer rules.
 * - `signer-set-drift`: a signer set (council, guardians, fallback) differs between the monitor's
 *   chains (chains whose set could not be read are left out; `chain-unreachable` covers them).
 * - `council-term-ending`: council seats whose term ends within the warning window (or has ended),
 *   one alert per term end: the seats of one cohort end together.
 */
import type { Hex } from 'viem';
import type { AlertCondition } from '../../model.js';
import { alertKey, SEVERITY } from '../kinds.js';
import { chainsInScope, inScope } from './scope.js';
import type { Rule } from './types.js';

const DAY = 86_400;

export const signerSetDrift: Rule = (context) =>
  context.snapshot.signerSets.flatMap((set): AlertCondition[] => {
    const held = Object.entries(set.byChain).filter(
      (entry): entry is [string, Hex] => entry[1] !== null && inScope(context, entry[0]),
    );
    const digests = new Set(held.map(([, digest]) => digest.toLowerCase()));
    if (digests.size < 2) return [];
    const groups = [...digests].map((digest) =>
      held.filter(([, d]) => d.toLowerCase() === digest).map(([chain]) => chain),
    );
    return [
      {
        key: alertKey('signer-set-drift', set.kind),
        kind: 'signer-set-drift',
        severity: SEVERITY['signer-set-drift'],
        message: `the ${set.kind} signer set differs between chains: ${groups.map((g) => g.join(', ')).join(' vs ')}`,
        detail: Object.fromEntries(held),
      },
    ];
  });

export const councilTermEnding: Rule = (context) => {
  const now = context.snapshot.takenAt;
  const window = context.thresholds.termEndWarningDays * DAY;
  return chainsInScope(context).flatMap(({ status }) => {
    const ends = (status.councilTermEnds ?? []).filter((end) => end - now <= window);
    return [...new Set(ends)].map((end): AlertCondition => {
      const seats = ends.filter((e) => e === end).length;
      const days = Math.floor((end - now) / DAY);
      const when = end <= now ? `ended ${Math.ceil((now - end) / DAY)} day(s) ago` : `ends in ${days} day(s)`;
      return {
        key: alertKey('council-term-ending', status.chain, end),
        kind: 'council-term-ending',
        severity: SEVERITY['council-term-ending'],
        chain: status.chain,
        message: `${seats} council seat(s) on ${status.chain}: the term ${when} (${new Date(end * 1000).toISOString()}); rotate the council before then`,
        detail: { chainId: status.chainId, termEnd: end, seats },
      };
    });
  });
};
