import { keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults.js';
import type { LockstepConfig } from '../config/schema.js';
import { ProposalError } from '../errors/proposal.js';
import { PROPOSAL_FORMAT, PROPOSAL_VERSION, type ProposalDocument, proposalContentHash } from '../proposal/document.js';
import { hubGasGate, txGasCapOf } from './hub-gas.js';
import { calibrationActions } from './hub-gas-fixture.js';
import { PROPOSAL_GATES } from './registry.js';
import { assertGatesPassed, runGates } from './run-gates.js';
import type { GateContext } from './types.js';

const MAINNET = 1;

/** An upgrade proposal of `n` actions (one per chain, a `dataLength`-byte initializer each) whose council is on `hubChain`. */
function proposal(hubChain: number, n: number, dataLength = 68): ProposalDocument {
  const actions = calibrationActions(n, dataLength);
  const audit = { hash: keccak256(toHex('audit')), uri: 'ipfs://audit' };
  return {
    format: PROPOSAL_FORMAT,
    version: PROPOSAL_VERSION,
    title: `${n} chains`,
    description: '',
    createdAt: new Date(0).toISOString(),
    council: { chainId: hubChain, address: '0x00000000000000000000000000000000000000c0' },
    audit,
    actions,
    contentHash: proposalContentHash(actions, audit.hash),
    gates: [],
    signatures: [],
  };
}

function contextOf(document: ProposalDocument, config: LockstepConfig = defaultConfig()): GateContext {
  return {
    document,
    config,
    clientFor: () => {
      throw new Error('the hub-gas gate reads no chain');
    },
    projectRoot: '.',
  };
}

/** The default config with its hub network's `txGasCap` set. */
function configWithHubCap(cap: number): { config: LockstepConfig; hubChain: number } {
  const config = defaultConfig();
  const hub = config.networks.find((n) => n.role === 'hub');
  if (!hub) throw new Error('the default config has a hub');
  hub.txGasCap = cap;
  return { config, hubChain: hub.chainId };
}

describe('hub-gas gate', () => {
  it('is one of the proposal gates, and cannot be overridden', () => {
    expect(PROPOSAL_GATES).toContain(hubGasGate);
    expect(hubGasGate.overridable).toBe(false);
  });

  it('passes an upgrade of 128 chains with realistic initializers on an Ethereum hub', async () => {
    const outcome = await hubGasGate.run(contextOf(proposal(MAINNET, 128)));
    expect(outcome).toMatchObject({ status: 'passed', findings: [] });
    expect(outcome.summary).toMatch(
      /proposeUpgrade ~10,\d{3},\d{3} gas, dispatch to 128 chain\(s\) ~9,\d{3},\d{3} gas/,
    );
    expect(outcome.summary).toContain("under chain 1's cap of 16,777,216");
  });

  it('refuses a proposal whose timelock call is too large to keep (32 chains, 4 kB initializers), naming the gas, the cap and the split', async () => {
    const outcome = await hubGasGate.run(contextOf(proposal(MAINNET, 32, 4096)));
    expect(outcome.status).toBe('failed');
    expect(outcome.summary).toContain('16,777,216');
    const propose = outcome.findings.find((f) => f.subject === 'proposeUpgrade');
    expect(propose?.severity).toBe('error');
    expect(propose?.message).toMatch(/~3\d,\d{3},\d{3} gas for 32 action\(s\) is over the cap of 16,777,216/);
    // The hub's dispatch itself fits (grouping is linear): only the council's proposal is too big.
    expect(outcome.findings.some((f) => f.subject === 'dispatchUpgrade')).toBe(false);
    // The split it advises passes.
    const fits = Number(/at most ~(\d+) action\(s\) each/.exec(propose?.message ?? '')?.[1]);
    expect(fits).toBeGreaterThanOrEqual(8);
    expect(await hubGasGate.run(contextOf(proposal(MAINNET, fits, 4096)))).toMatchObject({ status: 'passed' });
  });

  it('applies a network txGasCap from the config to the hub chain', async () => {
    const { config, hubChain } = configWithHubCap(5_000_000);
    const outcome = await hubGasGate.run(contextOf(proposal(hubChain, 8, 4096), config));
    expect(outcome.status).toBe('failed');
    expect(outcome.findings.map((f) => f.subject)).toEqual(['proposeUpgrade']);
    expect(outcome.findings[0]?.message).toContain('over the cap of 5,000,000');
  });

  it('refuses a dispatch over the cap, naming the fix', async () => {
    const { config, hubChain } = configWithHubCap(2_000_000);
    const outcome = await hubGasGate.run(contextOf(proposal(hubChain, 32), config));
    const dispatch = outcome.findings.find((f) => f.subject === 'dispatchUpgrade');
    expect(dispatch?.message).toMatch(/for 32 chain\(s\) is over the cap of 2,000,000: split the proposal by chains/);
  });

  it('passes on a hub chain without a cap, saying so', async () => {
    const config = defaultConfig();
    const uncapped = config.networks.find((n) => n.chainId !== MAINNET)?.chainId ?? 0;
    expect(txGasCapOf(config, uncapped)).toBeUndefined();
    const outcome = await hubGasGate.run(contextOf(proposal(uncapped, 128), config));
    expect(outcome.status).toBe('passed');
    expect(outcome.summary).toContain('has no per-transaction gas cap');
  });

  it("holds the local devnet's hub (anvil with Ethereum's chain id) to Ethereum's cap, which anvil does not enforce", () => {
    const config = defaultConfig();
    const hub = config.networks.find((n) => n.role === 'hub');
    expect(hub?.chainId).toBe(MAINNET);
    expect(txGasCapOf(config, MAINNET)).toBe(16_777_216);
  });

  it('defaults to 2^24 on Ethereum mainnet and Sepolia', () => {
    const config = defaultConfig();
    expect(txGasCapOf(config, 1)).toBe(16_777_216);
    expect(txGasCapOf(config, 11_155_111)).toBe(16_777_216);
  });

  it('stops the proposal before anyone signs (runGates, assertGatesPassed)', async () => {
    const records = await runGates(contextOf(proposal(MAINNET, 32, 4096)), { gates: [hubGasGate] });
    expect(() => assertGatesPassed(records, [hubGasGate])).toThrow(ProposalError);
    expect(() => assertGatesPassed(records, [hubGasGate])).toThrow(/nothing was proposed or signed/);
  });
});
