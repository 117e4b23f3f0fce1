/**
 * Implementation rules. The approved state of a proxy is what the last executed proposal for it
 * installed (its implementation, and the codehash the council approved); the drift itself is
 * core's `detectImplementationDrift`, the detector the drill raises its alert with.
 *
 * - `unapproved-implementation`: the proxy runs another implementation than the approved one.
 * - `codehash-mismatch`: it runs the approved address, but not the approved code.
 * - `implementation-changed-without-proposal`: the implementation changed and no executed proposal
 *   installed the new one; it holds until the old implementation is back or a proposal installs it.
 */
import { detectImplementationDrift } from '@lockstep/core/detect';
import type { Address, Hex } from 'viem';
import type { AlertCondition, Proposal, ProposalOnChain, WatchedProxy } from '../../model.js';
import { alertKey, SEVERITY } from '../kinds.js';
import { chainsInScope } from './scope.js';
import type { Rule, RuleContext } from './types.js';

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

type Installed = { proposal: Proposal; onChain: ProposalOnChain; executedAt: number };

/** Executed proposals that installed an implementation in `proxy` on `chain`, oldest first. */
function installs(context: RuleContext, chain: string, proxy: Address): Installed[] {
  return context.snapshot.proposals
    .flatMap((proposal) =>
      proposal.chains
        .filter((c) => c.chain === chain && c.stage === 'executed' && same(c.proxy, proxy) && c.implementation)
        .map((onChain) => ({ proposal, onChain, executedAt: onChain.stageSince })),
    )
    .sort((a, b) => a.executedAt - b.executedAt);
}

/**
 * `unapproved-implementation` and `codehash-mismatch` in one pass: each watched proxy compared with
 * its approved state (the rule table maps both kinds to this rule; an evaluation runs it once).
 */
export const approvedState: Rule = (context) => {
  const now = context.snapshot.takenAt;
  return chainsInScope(context).flatMap(({ status }) =>
    status.proxies.flatMap((proxy): AlertCondition[] => {
      const last = installs(context, status.chain, proxy.proxy).at(-1);
      const approvedCodehash = proxy.approvedCodehash ?? last?.onChain.approvedCodehash;
      const approvedImplementation =
        last?.onChain.implementation ?? proxy.approvedImplementation ?? proxy.implementation;
      if (!last && !approvedCodehash) return [];
      const drift = detectImplementationDrift({
        chain: status.chain,
        proxy: proxy.proxy,
        approved: { implementation: approvedImplementation, codehash: approvedCodehash ?? proxy.codehash },
        observed: { implementation: proxy.implementation, codehash: proxy.codehash },
        now,
        ...(last ? { expectedSince: last.executedAt } : {}),
      });
      const kind = drift.differences.includes('implementation')
        ? 'unapproved-implementation'
        : drift.differences.includes('codehash')
          ? 'codehash-mismatch'
          : undefined;
      if (!kind) return [];
      return [
        {
          key: alertKey(kind, status.chain, proxy.proxy),
          kind,
          severity: SEVERITY[kind],
          chain: status.chain,
          ...(last ? { proposalId: last.proposal.id } : {}),
          message: `${proxy.name}: ${drift.message}`,
          detail: {
            proxy: proxy.proxy,
            chainId: status.chainId,
            implementation: proxy.implementation,
            codehash: proxy.codehash,
            approvedImplementation,
            approvedCodehash: approvedCodehash ?? null,
            approvedBy: last?.proposal.id ?? null,
          },
        },
      ];
    }),
  );
};

/** The implementation a proxy ran before it changed: from the active alert (survives restarts), else the last snapshot. */
function baselineOf(context: RuleContext, key: string, chain: string, proxy: WatchedProxy): WatchedProxy | undefined {
  const alert = context.active.find((a) => a.key === key);
  if (alert && typeof alert.detail.from === 'string') {
    return {
      ...proxy,
      implementation: alert.detail.from as Address,
      codehash: (alert.detail.fromCodehash ?? proxy.codehash) as Hex,
    };
  }
  const before = context.previous?.chains
    .find((c) => c.chain === chain)
    ?.proxies.find((p) => same(p.proxy, proxy.proxy));
  return before;
}

export const implementationChangedWithoutProposal: Rule = (context) =>
  chainsInScope(context).flatMap(({ status }) =>
    status.proxies.flatMap((proxy): AlertCondition[] => {
      const key = alertKey('implementation-changed-without-proposal', status.chain, proxy.proxy);
      const before = baselineOf(context, key, status.chain, proxy);
      if (!before || same(before.implementation, proxy.implementation)) return [];
      const explained = installs(context, status.chain, proxy.proxy).some((i) =>
        same(i.onChain.implementation, proxy.implementation),
      );
      if (explained) return [];
      return [
        {
          key,
          kind: 'implementation-changed-without-proposal',
          severity: SEVERITY['implementation-changed-without-proposal'],
          chain: status.chain,
          message: `${status.chain}: ${proxy.name} (${proxy.proxy}) changed implementation from ${before.implementation} to ${proxy.implementation}, and no executed proposal installed it`,
          detail: {
            proxy: proxy.proxy,
            chainId: status.chainId,
            from: before.implementation,
            fromCodehash: before.codehash,
            implementation: proxy.implementation,
            codehash: proxy.codehash,
          },
        },
      ];
    }),
  );
