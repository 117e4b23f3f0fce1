import { type Address, getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { computeLiveness, LIVENESS_WARNING_SECONDS } from './get-council-liveness.js';

const DAY = 86_400;
const NOW = 1_800_000_000;
const member = (i: number): Address => getAddress(`0x${(i + 1).toString(16).padStart(40, '0')}`);
/** Nine seats in three cohorts ending `first`, `first + gap`, `first + 2 gap` days from now. */
const cohorts = (first: number, gap: number) =>
  Array.from({ length: 9 }, (_, i) => ({ member: member(i), termEnd: NOW + (first + (i % 3) * gap) * DAY }));

describe('computeLiveness', () => {
  it('the horizon is the threshold-th latest term end: after it, fewer than threshold seats are active', () => {
    // 6 of 9: the 6th latest end is the middle cohort's (3 seats end last, 3 in the middle).
    const liveness = computeLiveness({ seats: cohorts(120, 120), threshold: 6, now: NOW, membersVersion: 1 });
    expect(liveness.horizon).toBe(NOW + 240 * DAY);
    expect(liveness.secondsLeft).toBe(240 * DAY);
    expect(liveness.level).toBe('ok');
    expect(liveness.seats.filter((s) => s.termEnd > liveness.horizon)).toHaveLength(3);
    expect(liveness.seats.every((s) => s.active)).toBe(true);
  });

  it('a threshold of 7 moves the horizon to the first cohort', () => {
    expect(computeLiveness({ seats: cohorts(120, 120), threshold: 7, now: NOW, membersVersion: 1 }).horizon).toBe(
      NOW + 120 * DAY,
    );
  });

  it('warns less than 90 days before the horizon, and errors once it passed', () => {
    const at = (first: number) =>
      computeLiveness({ seats: cohorts(first, 30), threshold: 6, now: NOW, membersVersion: 2 });
    expect(at(60).level).toBe('ok'); // horizon 90 days away: exactly the window, not within it
    expect(at(59).level).toBe('warning');
    expect(at(59).secondsLeft).toBe(LIVENESS_WARNING_SECONDS - DAY);
    const passed = at(-40); // middle cohort ended 10 days ago
    expect(passed.level).toBe('error');
    expect(passed.secondsLeft).toBe(-10 * DAY);
    expect(passed.seats.filter((s) => s.active)).toHaveLength(3);
  });

  it('takes the warning window as given', () => {
    const seats = cohorts(10, 10);
    expect(computeLiveness({ seats, threshold: 6, now: NOW, membersVersion: 1, warningSeconds: DAY }).level).toBe('ok');
  });
});
