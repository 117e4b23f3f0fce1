/**
 * The `hub-gas` gate: before anyone signs, the proposal's two hub-side transactions
 * (`SecurityCouncil.proposeUpgrade` and the timelock's execution of `GovernanceHub.dispatchUpgrade`)
 * must fit the hub chain's per-transaction gas cap. Ethereum mainnet and Sepolia enforce 2^24
 * (EIP-7825); any network may set `txGasCap` in the config. A proposal over the cap could be
 * signed but never created or dispatched (anvil does not enforce the cap, so a drill would pass).
 * Estimated with the model calibrated by the forge tests (`hub-gas-model.ts`), which errs high.
 * Not overridable: no reason makes an over-cap transaction land.
 */
import type { LockstepConfig } from '../config/schema.js';
import { ETHEREUM_TX_GAS_CAP, estimateHubGas, TX_GAS_CAP_CHAIN_IDS } from './hub-gas-model.js';
import type { GateFinding, GateOutcome, ProposalGate } from './types.js';

/** The per-transaction gas cap of chain `chainId`: the config's `txGasCap`, else 2^24 on Ethereum chains. */
export function txGasCapOf(config: Pick<LockstepConfig, 'networks'>, chainId: number): number | undefined {
  const configured = config.networks.find((n) => n.chainId === chainId)?.txGasCap;
  if (configured !== undefined) return configured;
  return TX_GAS_CAP_CHAIN_IDS.includes(chainId) ? ETHEREUM_TX_GAS_CAP : undefined;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export const hubGasGate: ProposalGate = {
  name: 'hub-gas',
  title: "the proposal's proposeUpgrade and dispatch each fit the hub chain's per-transaction gas cap",
  overridable: false,
  async run({ document, config }): Promise<GateOutcome> {
    const hubChain = document.council.chainId;
    const cap = txGasCapOf(config, hubChain);
    const estimate = estimateHubGas(document.actions, document.audit);
    const sizes = `proposeUpgrade ~${fmt(estimate.propose)} gas, dispatch to ${estimate.chains} chain(s) ~${fmt(estimate.dispatch)} gas`;
    if (cap === undefined) {
      return {
        status: 'passed',
        summary: `${sizes}; chain ${hubChain} has no per-transaction gas cap (set txGasCap on its network if it has one)`,
        findings: [],
      };
    }
    const findings: GateFinding[] = [];
    const actions = document.actions.length;
    if (estimate.propose > cap) {
      const fits = Math.max(1, Math.floor((actions * cap) / estimate.propose));
      findings.push({
        severity: 'error',
        chainId: hubChain,
        subject: 'proposeUpgrade',
        message: `~${fmt(estimate.propose)} gas for ${actions} action(s) is over the cap of ${fmt(cap)}: split the proposal into proposals of at most ~${fits} action(s) each (the council keeps the whole timelock call as code, ~211 gas per byte)`,
      });
    }
    if (estimate.dispatch > cap) {
      findings.push({
        severity: 'error',
        chainId: hubChain,
        subject: 'dispatchUpgrade',
        message: `~${fmt(estimate.dispatch)} gas for ${estimate.chains} chain(s) is over the cap of ${fmt(cap)}: split the proposal by chains, or shorten the actions' call data`,
      });
    }
    return findings.length === 0
      ? { status: 'passed', summary: `${sizes}, under chain ${hubChain}'s cap of ${fmt(cap)}`, findings }
      : {
          status: 'failed',
          summary: `${sizes}: over chain ${hubChain}'s per-transaction cap of ${fmt(cap)}`,
          findings,
        };
  },
};
