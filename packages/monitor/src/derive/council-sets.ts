/**
 * The council's member sets by version, from `MembersRotated`: what decides a proposal (its snapshot
 * version's size and thresholds) and the current set (for the signer-set digest and term ends).
 */
import type { Address } from 'viem';
import type { StoredEvent } from '../store/types.js';
import { listArg, numberArg } from './args.js';

export type CouncilSet = {
  version: number;
  members: Address[];
  termEnds: number[];
  threshold: number;
  emergencyThreshold: number;
};

/** Every member set the events show, by version. */
export function councilSets(events: readonly StoredEvent[]): Map<number, CouncilSet> {
  const sets = new Map<number, CouncilSet>();
  for (const event of events) {
    if (event.name !== 'MembersRotated') continue;
    const version = numberArg(event, 'membersVersion');
    sets.set(version, {
      version,
      members: listArg(event, 'members').map(String) as Address[],
      termEnds: listArg(event, 'termEnds').map(Number),
      threshold: numberArg(event, 'threshold'),
      emergencyThreshold: numberArg(event, 'emergencyThreshold'),
    });
  }
  return sets;
}

/** The newest member set (highest version), if any. */
export function currentCouncil(sets: ReadonlyMap<number, CouncilSet>): CouncilSet | undefined {
  return [...sets.values()].sort((a, b) => b.version - a.version)[0];
}
