/**
 * The scenario's cross-field rules about references: every chain name it uses exists, the
 * proposal, its overrides and waves, the faults and the expectations agree with each other. Each
 * rule adds an issue with its fix (`fields.ts` `addIssue`); a fault kind's own rules come from its
 * declaration (`engine/faults/<kind>/spec.ts`).
 */
import type { z } from 'zod';
import { checkFault, targetsProposal } from '../engine/faults/specs.js';
import { addIssue, pausesFirst, selectChains } from '../scenario-fields.js';
import type { Scenario } from '../types.js';

/** Cross-field rules: every chain name exists and the pieces agree with each other. */
export function checkReferences(scenario: Scenario, ctx: z.RefinementCtx): void {
  const all = scenario.chains.map((chain) => chain.name);
  const known = new Set(all);
  const useOneOf = `use one of: ${all.join(', ')}`;
  const exists = (name: string, path: readonly PropertyKey[]): boolean => {
    if (known.has(name)) return true;
    addIssue(ctx, path, `no chain is named "${name}"`, useOneOf);
    return false;
  };
  const checkSelection = (selection: 'all' | string[] | undefined, path: readonly PropertyKey[]) => {
    if (!selection || selection === 'all') return;
    const seen = new Set<string>();
    selection.forEach((name, i) => {
      if (seen.has(name)) addIssue(ctx, [...path, i], `"${name}" is listed twice`, 'list each chain once');
      seen.add(name);
      exists(name, [...path, i]);
    });
  };

  const { proposal, expect } = scenario;
  checkSelection(proposal.chains, ['proposal', 'chains']);
  const targets = new Set(selectChains(proposal.chains, all));
  const notTargeted = (name: string) => known.has(name) && !targets.has(name);
  const targetFix = `add it to proposal.chains, or use one of: ${[...targets].join(', ')}`;

  const overridden = new Set<string>();
  proposal.overrides?.forEach((override, i) => {
    const path = ['proposal', 'overrides', i, 'chain'];
    if (overridden.has(override.chain))
      addIssue(ctx, path, `"${override.chain}" has two overrides`, 'keep one override per chain');
    overridden.add(override.chain);
    if (exists(override.chain, path) && notTargeted(override.chain))
      addIssue(ctx, path, `"${override.chain}" is not a target of the proposal`, targetFix);
  });
  scenario.chains.forEach((chain, i) => {
    const proxy = chain.fork?.proxy;
    if (!proxy) return;
    const path = ['chains', i, 'fork', 'proxy'];
    if (pausesFirst(proposal.kind))
      addIssue(
        ctx,
        path,
        `an emergency pause targets the example vault, not ${chain.name}'s own proxy`,
        'remove fork.proxy, or set proposal.kind to "upgrade"',
      );
    if (proxy.address.toLowerCase() === proxy.upgradeTo.toLowerCase())
      addIssue(ctx, [...path, 'upgradeTo'], 'is the proxy itself', 'set the new implementation’s address');
    if (proposal.overrides?.some((o) => o.chain === chain.name))
      addIssue(
        ctx,
        path,
        `${chain.name} upgrades its own proxy to fork.proxy.upgradeTo, so an override there has no effect`,
        `remove the override for ${chain.name}`,
      );
  });
  if (pausesFirst(proposal.kind) && proposal.overrides?.length)
    addIssue(
      ctx,
      ['proposal', 'overrides'],
      'an emergency pause installs no implementation, so overrides have no effect',
      'remove overrides, or set proposal.kind to "upgrade"',
    );

  if (proposal.waves) checkWaves(proposal.waves, proposal.kind, targets, exists, ctx);
  if (scenario.baseline === 'VaultV2' && proposal.implementation === 'VaultV2')
    addIssue(
      ctx,
      ['proposal', 'implementation'],
      'every vault already runs VaultV2 (the baseline), so this upgrade changes nothing',
      'propose VaultV3Faulty or VaultV3Malicious, or set "baseline": "VaultV1"',
    );

  scenario.faults.forEach((fault, i) => {
    if ('target' in fault && exists(fault.target, ['faults', i, 'target'])) {
      if (targetsProposal(fault) && notTargeted(fault.target))
        addIssue(
          ctx,
          ['faults', i, 'target'],
          `the proposal sends nothing to "${fault.target}", so ${fault.kind} there never happens`,
          targetFix,
        );
    }
    checkFault(fault, {
      guardiansSize: scenario.guardians.size,
      hubName: scenario.chains.find((chain) => chain.role === 'hub')?.name ?? '',
      proposalKind: proposal.kind,
      report: (path, problem, fix) => addIssue(ctx, ['faults', i, ...path], problem, fix),
    });
  });

  checkSelection(expect.upgraded, ['expect', 'upgraded']);
  checkSelection(expect.unchanged, ['expect', 'unchanged']);
  checkSelection(expect.fallbackDelayed, ['expect', 'fallbackDelayed']);
  if (expect.upgraded !== undefined) {
    // An emergency pause is followed by the fix (timelocked) and an unpause: upgrades are expected too.
    selectChains(expect.upgraded, all).forEach((name, i) => {
      if (notTargeted(name))
        addIssue(
          ctx,
          expect.upgraded === 'all' ? ['expect', 'upgraded'] : ['expect', 'upgraded', i],
          `"${name}" must be upgraded but the proposal does not target it`,
          expect.upgraded === 'all' ? 'list the targeted chains instead of "all"' : targetFix,
        );
    });
  }
  if (expect.upgraded !== undefined && expect.unchanged !== undefined) {
    const unchanged = new Set(selectChains(expect.unchanged, all));
    const both = selectChains(expect.upgraded, all).filter((name) => unchanged.has(name) && known.has(name));
    if (both.length > 0)
      addIssue(
        ctx,
        ['expect', 'unchanged'],
        `${both.join(', ')} cannot be both upgraded and unchanged`,
        'list each chain in expect.upgraded or expect.unchanged, not both',
      );
  }
  if (
    expect.maxRtoSeconds !== undefined &&
    proposal.kind === 'upgrade' &&
    scenario.response.onFailedHealthCheck !== 'rollback'
  )
    addIssue(
      ctx,
      ['expect', 'maxRtoSeconds'],
      'nothing recovers in this drill, so there is no recovery time to bound',
      'set "response": { "onFailedHealthCheck": "rollback" }, or remove expect.maxRtoSeconds',
    );
  checkExpectExtras(scenario, exists, ctx);
  if (expect.maxFundsLostWei !== undefined && !scenario.attacker.enabled)
    addIssue(
      ctx,
      ['expect', 'maxFundsLostWei'],
      'no attacker runs, so nothing can be lost',
      'set "attacker": { "enabled": true }, or remove expect.maxFundsLostWei',
    );
}

/** `noAlerts`, `maxFundsLostWeiPerChain` and `staysOnOldCode` against the rest of the scenario. */
function checkExpectExtras(
  scenario: Scenario,
  exists: (name: string, path: readonly PropertyKey[]) => boolean,
  ctx: z.RefinementCtx,
): void {
  const { expect } = scenario;
  const all = scenario.chains.map((chain) => chain.name);
  const mustFire = new Set(expect.alerts ?? []);
  const seen = new Set<string>();
  expect.noAlerts?.forEach((kind, i) => {
    const path = ['expect', 'noAlerts', i];
    if (seen.has(kind)) addIssue(ctx, path, `"${kind}" is listed twice`, 'list each alert kind once');
    seen.add(kind);
    if (mustFire.has(kind))
      addIssue(
        ctx,
        path,
        `"${kind}" is also in expect.alerts: it cannot both fire and not fire`,
        'keep it in expect.alerts or in expect.noAlerts, not both',
      );
  });

  const limits = expect.maxFundsLostWeiPerChain;
  if (limits) {
    for (const name of Object.keys(limits))
      if (name !== 'all') exists(name, ['expect', 'maxFundsLostWeiPerChain', name]);
    if (!scenario.attacker.enabled)
      addIssue(
        ctx,
        ['expect', 'maxFundsLostWeiPerChain'],
        'no attacker runs, so nothing can be lost',
        'set "attacker": { "enabled": true }, or remove expect.maxFundsLostWeiPerChain',
      );
  }

  const stays = expect.staysOnOldCode;
  if (stays === undefined) return;
  if (stays !== 'all') {
    const listed = new Set<string>();
    stays.forEach((name, i) => {
      if (listed.has(name))
        addIssue(ctx, ['expect', 'staysOnOldCode', i], `"${name}" is listed twice`, 'list each chain once');
      listed.add(name);
      exists(name, ['expect', 'staysOnOldCode', i]);
    });
  }
  if (expect.upgraded !== undefined) {
    const upgraded = new Set(selectChains(expect.upgraded, all));
    const both = selectChains(stays, all).filter((name) => upgraded.has(name));
    if (both.length > 0)
      addIssue(
        ctx,
        ['expect', 'staysOnOldCode'],
        `${both.join(', ')} cannot both be upgraded and stay on the old code`,
        'list each chain in expect.upgraded or expect.staysOnOldCode, not both',
      );
  }
}

/** Waves: existing targeted chains, each in exactly one wave, together covering every target. */
function checkWaves(
  waves: readonly string[][],
  kind: Scenario['proposal']['kind'],
  targets: ReadonlySet<string>,
  exists: (name: string, path: readonly PropertyKey[]) => boolean,
  ctx: z.RefinementCtx,
): void {
  if (pausesFirst(kind)) {
    addIssue(
      ctx,
      ['proposal', 'waves'],
      'an emergency pause reaches every chain at once, so it has no waves',
      'remove waves, or set proposal.kind to "upgrade"',
    );
    return;
  }
  const waveOf = new Map<string, number>();
  waves.forEach((wave, w) => {
    wave.forEach((name, i) => {
      const path = ['proposal', 'waves', w, i];
      const earlier = waveOf.get(name);
      if (earlier !== undefined) {
        addIssue(ctx, path, `"${name}" is already in wave ${earlier + 1}`, 'put each chain in exactly one wave');
        return;
      }
      waveOf.set(name, w);
      if (exists(name, path) && !targets.has(name))
        addIssue(
          ctx,
          path,
          `"${name}" is not a target of the proposal`,
          `add it to proposal.chains, or use one of: ${[...targets].join(', ')}`,
        );
    });
  });
  const missing = [...targets].filter((name) => !waveOf.has(name));
  if (missing.length > 0)
    addIssue(
      ctx,
      ['proposal', 'waves'],
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} targeted but in no wave`,
      'add every targeted chain to one wave (the hub chain usually goes last)',
    );
}
