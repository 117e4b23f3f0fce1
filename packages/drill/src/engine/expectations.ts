import { formatVirtualTime, shortHex as short } from '../report/format.js';
import type { DrillReport, Scenario } from '../types.js';

type Observed = Omit<DrillReport, 'outcome' | 'expectations'>;
export type Expectation = DrillReport['expectations'][number];

/** Turns each expectation the scenario sets into a checked statement about what happened. */
export function evaluateExpectations(scenario: Scenario, observed: Observed): Expectation[] {
  const out: Expectation[] = [];
  const expect = scenario.expect;
  const names = (list: 'all' | string[]) => (list === 'all' ? observed.chains.map((c) => c.name) : list);
  const chain = (name: string) => observed.chains.find((c) => c.name === name);

  if (expect.upgraded) {
    for (const name of names(expect.upgraded)) {
      const c = chain(name);
      const ok =
        !!c &&
        c.executedAtBlock !== null &&
        c.observedCodehash === c.expectedCodehash &&
        c.implementationAfter !== c.implementationBefore;
      out.push({
        description: `${name} runs the new implementation and its codehash matches the approved one`,
        passed: ok,
        observed: c
          ? `implementation ${c.implementationAfter}, codehash ${short(c.observedCodehash)} (expected ${short(c.expectedCodehash)})`
          : 'no such chain',
      });
    }
  }
  if (expect.unchanged) {
    for (const name of names(expect.unchanged)) {
      const c = chain(name);
      const ok = !!c && c.implementationAfter === c.implementationBefore;
      out.push({
        description: `${name} keeps its implementation`,
        passed: ok,
        observed: c ? `before ${c.implementationBefore}, after ${c.implementationAfter}` : 'no such chain',
      });
    }
  }
  if (expect.staysOnOldCode) {
    for (const name of names(expect.staysOnOldCode)) {
      const c = chain(name);
      const unchanged = !!c && c.implementationAfter.toLowerCase() === c.implementationBefore.toLowerCase();
      const reason = c?.notUpgradedReason ?? null;
      out.push({
        description: `${name} stays on its old implementation, and the report says why`,
        passed: unchanged && reason !== null,
        observed: !c
          ? 'no such chain'
          : !unchanged
            ? `switched from ${c.implementationBefore} to ${c.implementationAfter}`
            : reason === null
              ? `still runs ${c.implementationAfter}, but the report gives no reason`
              : `still runs ${c.implementationAfter}: ${reason}`,
      });
    }
  }
  if (expect.maxVulnerabilityWindowSeconds !== undefined) {
    const w = observed.vulnerabilityWindowSeconds;
    out.push({
      description: `the vulnerability window is at most ${expect.maxVulnerabilityWindowSeconds} s of chain time`,
      passed: w !== null && w <= expect.maxVulnerabilityWindowSeconds,
      observed: w === null ? 'some chain never ran the fix' : `${w} s`,
    });
  }
  for (const kind of expect.noAlerts ?? []) {
    const fired = observed.alerts.filter((a) => a.kind === kind);
    out.push({
      description: `alert "${kind}" does not fire`,
      passed: fired.length === 0,
      observed:
        fired.length === 0
          ? 'did not fire'
          : `fired ${fired.length === 1 ? 'once' : `${fired.length} times`}: ${fired
              .map((a) => `${a.chain ?? 'all chains'} at ${formatVirtualTime(a.at)}: ${a.message}`)
              .join('; ')}`,
    });
  }
  for (const kind of expect.alerts ?? []) {
    const fired = observed.alerts.filter((a) => a.kind === kind);
    out.push({
      description: `alert "${kind}" fires`,
      passed: fired.length > 0,
      observed: fired.length > 0 ? fired.map((a) => a.message).join('; ') : 'did not fire',
    });
  }
  if (expect.maxFundsLostWei !== undefined) {
    const lost = observed.chains.reduce((sum, c) => sum + BigInt(c.fundsLost), 0n);
    out.push({
      description: `the attacker takes at most ${expect.maxFundsLostWei} wei in all`,
      passed: lost <= BigInt(expect.maxFundsLostWei),
      observed: `${lost} wei`,
    });
  }
  if (expect.maxFundsLostWeiPerChain) {
    const limits = expect.maxFundsLostWeiPerChain;
    const limited = 'all' in limits ? observed.chains.map((c) => c.name) : Object.keys(limits);
    for (const name of limited) {
      const limit = limits[name] ?? limits.all;
      if (limit === undefined) continue;
      const c = chain(name);
      const lost = c ? BigInt(c.fundsLost) : 0n;
      out.push({
        description: `the attacker takes at most ${limit} wei on ${name}`,
        passed: !!c && lost <= BigInt(limit),
        observed: !c
          ? 'no such chain'
          : lost === 0n
            ? `nothing lost (${c.fundsAtRisk} wei at risk)`
            : `${lost} wei lost of ${c.fundsAtRisk} wei at risk`,
      });
    }
  }
  if (expect.maxRtoSeconds !== undefined) {
    out.push({
      description: `recovery takes at most ${expect.maxRtoSeconds} s`,
      passed: observed.rtoSeconds !== null && observed.rtoSeconds <= expect.maxRtoSeconds,
      observed: observed.rtoSeconds === null ? 'no recovery measured' : `${observed.rtoSeconds} s`,
    });
  }
  if (expect.maxTimeToPauseSeconds !== undefined) {
    const t = observed.timeToPauseAllSeconds;
    out.push({
      description: `every chain is paused within ${expect.maxTimeToPauseSeconds} s of the exploit's detection`,
      passed: t !== null && t <= expect.maxTimeToPauseSeconds,
      observed: t === null ? 'not every chain was paused' : `${t} s`,
    });
  }
  if (expect.exactlyOnce) {
    // Chains the proposal targets (those with an approved codehash); the others get no message.
    const targeted = observed.chains.filter((c) => c.expectedCodehash !== '');
    const ok = targeted.length > 0 && targeted.every((c) => c.deliveries === 1 && c.executions === 1);
    out.push({
      description: 'every chain received the message once and executed it once (receiver logs)',
      passed: ok,
      observed: targeted.map((c) => `${c.name}: ${c.deliveries} delivered, ${c.executions} executed`).join('; '),
    });
  }
  if (expect.fallbackDelayed) {
    for (const name of names(expect.fallbackDelayed)) {
      const c = chain(name);
      const waited = c?.queuedAt != null && c.executableAt !== null ? c.executableAt - c.queuedAt : null;
      const ok =
        !!c &&
        c.deliveredVia === 'fallback' &&
        c.fallbackDelaySeconds !== null &&
        waited !== null &&
        waited >= c.fallbackDelaySeconds - c.blockTime; // queuedAt is when the drill saw it: up to a block late
      out.push({
        description: `only the fallback council confirmed ${name}'s message, and it waited the fallback delay after queueing`,
        passed: ok,
        observed: !c
          ? 'no such chain'
          : c.deliveredVia === null
            ? 'never queued'
            : `confirmed by ${c.deliveredVia}; queued → executable ${waited === null ? '—' : `${Math.round(waited)} s`}` +
              (c.fallbackDelaySeconds === null ? '' : ` (fallback delay ${c.fallbackDelaySeconds} s)`) +
              (c.activationDelaySeconds === null ? '' : `, ${c.activationDelaySeconds} s past the activation time`),
      });
    }
  }
  return out;
}
