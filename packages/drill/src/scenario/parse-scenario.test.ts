// Over 400 lines on purpose: one case per scenario rule and per error message the user reads.
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../types.js';
import { parseScenario } from './parse-scenario.js';
import { ScenarioError } from './scenario-error.js';

const chains = [
  { name: 'ethereum', chainId: 1, blockTime: 12, role: 'hub' },
  { name: 'arbitrum', chainId: 42161, blockTime: 0.25 },
  { name: 'optimism', chainId: 10, blockTime: 2 },
];

/** A minimal valid scenario value, with `patch` applied on top. */
function input(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'test', description: 'A test drill.', chains, ...patch };
}

/** The issues of the error `parseScenario` throws, as "path: problem — fix" lines. */
/** The test chains with arbitrum forked and adopting `proxy`. */
function withForkedProxy(proxy: Record<string, unknown>): Record<string, unknown>[] {
  return [
    { name: 'ethereum', chainId: 1, blockTime: 12, role: 'hub' },
    { name: 'arbitrum', chainId: 42161, blockTime: 0.25, fork: { url: 'http://127.0.0.1:8545', proxy } },
    { name: 'optimism', chainId: 10, blockTime: 2 },
  ];
}

function issuesOf(value: unknown, source?: string): string[] {
  try {
    parseScenario(value, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).issues.map((i) => `${i.path}: ${i.problem} — ${i.fix}`);
  }
  throw new Error('expected a ScenarioError');
}

describe('parseScenario', () => {
  describe('defaults', () => {
    it('fills every default of a minimal scenario', () => {
      const scenario = parseScenario(input());
      expect(scenario).toEqual({
        name: 'test',
        description: 'A test drill.',
        seed: 1,
        chains: [
          { name: 'ethereum', chainId: 1, blockTime: 12, role: 'hub', finalityDepth: 2 },
          { name: 'arbitrum', chainId: 42161, blockTime: 0.25, role: 'satellite', finalityDepth: 0 },
          { name: 'optimism', chainId: 10, blockTime: 2, role: 'satellite', finalityDepth: 0 },
        ],
        council: { size: 9, threshold: 6, emergencyThreshold: 4 },
        guardians: { size: 15, quorum: 8 },
        timelockDelaySeconds: 172_800,
        deployment: {
          messageExpirySeconds: 604_800,
          deliveryMarginSeconds: 1800,
          minDelaySeconds: 3600,
          guardianSetOverlapSeconds: 86_400,
        },
        baseline: 'VaultV1',
        proposal: { kind: 'upgrade', implementation: 'VaultV2', chains: 'all' },
        response: { onFailedHealthCheck: 'stop', onHaltedChain: 'proceed' },
        faults: [],
        attacker: { enabled: false, depositWei: '10000000000000000000', spreadSeconds: 120 },
        expect: {},
      } satisfies Scenario);
    });

    it('derives thresholds from a smaller council and guardian set', () => {
      const scenario = parseScenario(input({ council: { size: 5 }, guardians: { size: 4 } }));
      expect(scenario.council).toEqual({ size: 5, threshold: 4, emergencyThreshold: 2 });
      expect(scenario.guardians).toEqual({ size: 4, quorum: 3 });
    });

    it('defaults a partial attacker and a fault trigger delay', () => {
      const scenario = parseScenario(
        input({ attacker: { enabled: true }, faults: [{ kind: 'crash-relayer', trigger: { after: 'dispatched' } }] }),
      );
      expect(scenario.attacker).toEqual({ enabled: true, depositWei: '10000000000000000000', spreadSeconds: 120 });
      expect(scenario.faults).toEqual([{ kind: 'crash-relayer', trigger: { after: 'dispatched', delaySeconds: 0 } }]);
    });

    it('keeps an explicit finality depth and a fork', () => {
      const scenario = parseScenario(
        input({
          chains: [
            { name: 'ethereum', chainId: 1, blockTime: 12, role: 'hub', finalityDepth: 64 },
            { name: 'base', chainId: 8453, blockTime: 2, fork: { url: 'http://127.0.0.1:8545', blockNumber: 5 } },
          ],
        }),
      );
      expect(scenario.chains[0]?.finalityDepth).toBe(64);
      expect(scenario.chains[1]?.fork).toEqual({ url: 'http://127.0.0.1:8545', blockNumber: 5 });
    });

    it('takes the name from the file when the scenario has none', () => {
      const { name: _name, ...rest } = input();
      expect(parseScenario(rest, '/tmp/x/my-drill.json').name).toBe('my-drill');
      expect(issuesOf(rest)).toEqual([expect.stringMatching(/^name: is missing — set "name"/)]);
    });
  });

  describe('shape errors', () => {
    it('names an unknown field and suggests the close one', () => {
      expect(issuesOf(input({ timelockDelay: 5 }))).toEqual([
        'timelockDelay: unknown field — rename it to "timelockDelaySeconds"',
      ]);
      expect(issuesOf(input({ chains: [{ ...chains[0], colour: 'red' }] }))).toEqual([
        'chains[0].colour: unknown field — remove it (known fields: name, chainId, blockTime, role, finalityDepth, fork)',
      ]);
    });

    it('lists every issue with its path', () => {
      const error = (() => {
        try {
          parseScenario({ chains: [{ name: 'Bad Name', chainId: 0, blockTime: 0 }], seed: -1 }, 'x.json');
        } catch (e) {
          return e as ScenarioError;
        }
      })();
      expect(error?.name).toBe('ScenarioError');
      expect(error?.file).toBe('x.json');
      expect(error?.issues.map((i) => i.path)).toEqual([
        'description',
        'seed',
        'chains[0].name',
        'chains[0].chainId',
        'chains[0].blockTime',
        'chains',
      ]);
      expect(error?.path).toBe('description');
      expect(error?.shortMessage).toBe('6 problems in the drill scenario');
      expect(error?.message).toContain('- seed: expected at least 0, got -1');
      expect(error?.message).toContain('in x.json');
    });

    it.each([
      [{ chainId: 2 ** 53 }, 'chains[1].chainId: expected at most 9007199254740991'],
      [{ chainId: 1.5 }, 'chains[1].chainId: expected a whole number, got 1.5'],
      [{ chainId: -3 }, 'chains[1].chainId: expected more than 0, got -3'],
      [{ blockTime: 0 }, 'chains[1].blockTime: expected more than 0, got 0'],
      [{ blockTime: 3601 }, 'chains[1].blockTime: expected at most 3600, got 3601'],
      [{ fork: { url: 'ws://x.example' } }, 'chains[1].fork.url: expected an http(s) URL, got "ws://x.example"'],
      [{ name: 'all' }, 'chains[1].name: "all" is reserved (it means every chain)'],
    ])('rejects chain field %j', (patch, message) => {
      const bad = [chains[0], { ...chains[1], ...patch }];
      expect(issuesOf(input({ chains: bad }))[0]).toContain(message);
    });

    it('takes the exploit spread in seconds, and refuses a negative one with the fix', () => {
      expect(parseScenario(input({ attacker: { spreadSeconds: 30 } })).attacker.spreadSeconds).toBe(30);
      expect(issuesOf(input({ attacker: { spreadSeconds: -1 } }))).toEqual([
        'attacker.spreadSeconds: expected at least 0, got -1 — set the virtual seconds between the exploit reaching one chain and the next (0 or more)',
      ]);
    });

    it('names an unknown fault kind and lists the kinds', () => {
      expect(issuesOf(input({ faults: [{ kind: 'meteor', trigger: { after: 'start' } }] }))).toEqual([
        'faults[0].kind: unknown fault kind "meteor" — use one of: drop-message, halt-chain, kill-guardians, crash-relayer, revert-execution, mutate-implementation, rotate-guardians, delay-message, equivocating-guardian, rpc-fault, gas-spike, hub-reorg, clock-skew, sequencer-outage',
      ]);
    });

    it('reports a bad trigger event with the events', () => {
      const [issue] = issuesOf(input({ faults: [{ kind: 'crash-relayer', trigger: { after: 'lunch' } }] }));
      expect(issue).toMatch(
        /^faults\[0\]\.trigger\.after: expected "start" or .* got "lunch" — use one of: start, deployed/,
      );
    });
  });

  describe('cross-field rules', () => {
    const hubless = chains.map(({ role: _role, ...chain }) => chain);
    it.each<[string, Record<string, unknown>, string]>([
      ['no hub', { chains: hubless }, 'chains: no chain has role "hub" — set "role": "hub" on exactly one chain'],
      [
        'two hubs',
        { chains: [chains[0], { ...chains[1], role: 'hub' }] },
        'chains: 2 chains have role "hub" (ethereum, arbitrum) — keep "role": "hub" on exactly one chain',
      ],
      [
        'duplicate name',
        { chains: [chains[0], { ...chains[1], name: 'ethereum' }] },
        'chains[1].name: "ethereum" is also the name of chains[0] — give every chain its own name',
      ],
      [
        'duplicate chain id',
        { chains: [chains[0], { ...chains[1], chainId: 1 }] },
        'chains[1].chainId: chain id 1 is also used by chains[0] — give every chain its own chain id',
      ],
      [
        'council threshold below two thirds',
        { council: { size: 9, threshold: 5 } },
        'council.threshold: expected 6 to 8 (at least two thirds of 9 members, and fewer than all: terms end in cohorts), got 5 — set threshold between 6 and 8',
      ],
      ['council threshold above size', { council: { size: 7, threshold: 8 } }, 'council.threshold: expected 5 to 6'],
      ['council threshold equal to size', { council: { size: 7, threshold: 7 } }, 'council.threshold: expected 5 to 6'],
      [
        'emergency threshold above threshold',
        { council: { threshold: 6, emergencyThreshold: 7 } },
        'council.emergencyThreshold: expected 4 to 6 (more than a third of 9 members, at most threshold), got 7 — set emergencyThreshold between 4 and 6',
      ],
      [
        'emergency threshold at a third',
        { council: { emergencyThreshold: 3 } },
        'council.emergencyThreshold: expected 4 to 6',
      ],
      ['council too big', { council: { size: 10 } }, 'council.size: expected at most 9, got 10 — set 5 to 9 members'],
      [
        'guardian quorum at half',
        { guardians: { size: 10, quorum: 5 } },
        'guardians.quorum: expected 6 to 10 (more than half of 10 guardians), got 5 — set quorum between 6 and 10',
      ],
      ['guardian quorum above size', { guardians: { size: 4, quorum: 5 } }, 'guardians.quorum: expected 3 to 4'],
      ['too many guardians', { guardians: { size: 20 } }, 'guardians.size: expected at most 19, got 20'],
      [
        'unknown proposal chain',
        { proposal: { chains: ['ethereum', 'base'] } },
        'proposal.chains[1]: no chain is named "base" — use one of: ethereum, arbitrum, optimism',
      ],
      [
        'proposal chain twice',
        { proposal: { chains: ['arbitrum', 'arbitrum'] } },
        'proposal.chains[1]: "arbitrum" is listed twice — list each chain once',
      ],
      [
        'override of an unknown chain',
        { proposal: { overrides: [{ chain: 'base', implementation: 'VaultV3Malicious' }] } },
        'proposal.overrides[0].chain: no chain is named "base" — use one of: ethereum, arbitrum, optimism',
      ],
      [
        'override of an untargeted chain',
        {
          proposal: {
            chains: ['arbitrum'],
            overrides: [{ chain: 'optimism', implementation: 'VaultV3Malicious' }],
          },
        },
        'proposal.overrides[0].chain: "optimism" is not a target of the proposal — add it to proposal.chains, or use one of: arbitrum',
      ],
      [
        'overrides on a pause',
        {
          proposal: { kind: 'emergency-pause', overrides: [{ chain: 'optimism', implementation: 'VaultV2' }] },
        },
        'proposal.overrides: an emergency pause installs no implementation',
      ],
      [
        'fault on an unknown chain',
        { faults: [{ kind: 'halt-chain', target: 'base', trigger: { after: 'start' }, durationSeconds: 5 }] },
        'faults[0].target: no chain is named "base" — use one of: ethereum, arbitrum, optimism',
      ],
      [
        'fault on an untargeted chain',
        {
          proposal: { chains: ['arbitrum'] },
          faults: [{ kind: 'drop-message', target: 'optimism', trigger: { after: 'dispatched' } }],
        },
        'faults[0].target: the proposal sends nothing to "optimism", so drop-message there never happens',
      ],
      [
        'more guardians killed than exist',
        { guardians: { size: 5 }, faults: [{ kind: 'kill-guardians', count: 6, trigger: { after: 'start' } }] },
        'faults[0].count: there are only 5 guardians, got 6 — set count between 1 and 5',
      ],
      [
        'an equivocating guardian that does not exist',
        {
          guardians: { size: 5 },
          faults: [
            { kind: 'equivocating-guardian', target: 'optimism', guardian: 5, trigger: { after: 'dispatched' } },
          ],
        },
        'faults[0].guardian: there are only 5 guardians (0 to 4), got 5 — set guardian between 0 and 4',
      ],
      [
        'equivocation before any dispatch',
        { faults: [{ kind: 'equivocating-guardian', target: 'optimism', trigger: { after: 'approved' } }] },
        'faults[0].trigger.after: a guardian can only equivocate on a message the hub dispatched',
      ],
      [
        'a message delayed by nothing',
        { faults: [{ kind: 'delay-message', target: 'optimism', delaySeconds: 0, trigger: { after: 'dispatched' } }] },
        'faults[0].delaySeconds: must be more than 0',
      ],
      [
        'mutation on a pause',
        {
          proposal: { kind: 'emergency-pause' },
          faults: [{ kind: 'mutate-implementation', target: 'arbitrum', trigger: { after: 'approved' } }],
        },
        'faults[0].kind: an emergency pause approves no implementation',
      ],
      [
        'expectation on an unknown chain',
        { expect: { unchanged: ['base'] } },
        'expect.unchanged[0]: no chain is named "base"',
      ],
      [
        'fallback delay expected on an unknown chain',
        { expect: { fallbackDelayed: ['base'] } },
        'expect.fallbackDelayed[0]: no chain is named "base"',
      ],
      [
        'upgraded but not targeted',
        { proposal: { chains: ['arbitrum'] }, expect: { upgraded: 'all' } },
        'expect.upgraded: "ethereum" must be upgraded but the proposal does not target it — list the targeted chains instead of "all"',
      ],
      [
        'upgraded and unchanged',
        { expect: { upgraded: ['arbitrum'], unchanged: 'all' } },
        'expect.unchanged: arbitrum cannot be both upgraded and unchanged',
      ],
      [
        'a forked proxy with a bad address',
        { chains: withForkedProxy({ address: '0x12', kind: 'uups', upgradeTo: `0x${'2'.repeat(40)}` }) },
        'chains[1].fork.proxy.address: has the wrong format: "0x12" — set your proxy’s address on that chain (0x followed by 40 hex digits)',
      ],
      [
        'a forked proxy on an emergency pause',
        {
          proposal: { kind: 'emergency-pause' },
          chains: withForkedProxy({
            address: `0x${'1'.repeat(40)}`,
            kind: 'transparent',
            upgradeTo: `0x${'2'.repeat(40)}`,
          }),
        },
        "chains[1].fork.proxy: an emergency pause targets the example vault, not arbitrum's own proxy",
      ],
      [
        'a wave with an unknown chain',
        { proposal: { waves: [['arbitrum'], ['base', 'optimism'], ['ethereum']] } },
        'proposal.waves[1][0]: no chain is named "base" — use one of: ethereum, arbitrum, optimism',
      ],
      [
        'a chain in two waves',
        {
          proposal: {
            waves: [
              ['arbitrum', 'optimism'],
              ['optimism', 'ethereum'],
            ],
          },
        },
        'proposal.waves[1][0]: "optimism" is already in wave 1 — put each chain in exactly one wave',
      ],
      [
        'a target in no wave',
        { proposal: { waves: [['arbitrum'], ['ethereum']] } },
        'proposal.waves: optimism is targeted but in no wave — add every targeted chain to one wave',
      ],
      [
        'a wave with an untargeted chain',
        { proposal: { chains: ['arbitrum'], waves: [['arbitrum'], ['optimism']] } },
        'proposal.waves[1][0]: "optimism" is not a target of the proposal — add it to proposal.chains, or use one of: arbitrum',
      ],
      [
        'waves on a pause',
        { proposal: { kind: 'emergency-pause', waves: [['arbitrum', 'optimism', 'ethereum']] } },
        'proposal.waves: an emergency pause reaches every chain at once, so it has no waves',
      ],
      [
        'waves on a pre-signed pause',
        { proposal: { kind: 'presigned-pause', waves: [['arbitrum', 'optimism', 'ethereum']] } },
        'proposal.waves: an emergency pause reaches every chain at once, so it has no waves',
      ],
      [
        'overrides on a pre-signed pause',
        {
          proposal: { kind: 'presigned-pause', overrides: [{ chain: 'optimism', implementation: 'VaultV2' }] },
        },
        'proposal.overrides: an emergency pause installs no implementation',
      ],
      [
        'an unknown proposal kind',
        { proposal: { kind: 'pray' } },
        'proposal.kind: expected "upgrade" or "emergency-pause" or "presigned-pause", got "pray" — set "upgrade" (timelocked), "emergency-pause" (emergency quorum through the hub, no timelock) or "presigned-pause" (a root the emergency quorum signed ahead of time)',
      ],
      [
        'an upgrade to the baseline',
        { baseline: 'VaultV2' },
        'proposal.implementation: every vault already runs VaultV2 (the baseline)',
      ],
      [
        'a recovery bound without a rollback',
        { expect: { maxRtoSeconds: 3600 } },
        'expect.maxRtoSeconds: nothing recovers in this drill, so there is no recovery time to bound — set "response": { "onFailedHealthCheck": "rollback" }',
      ],
      ['an unknown response', { response: { onFailedHealthCheck: 'pray' } }, 'response.onFailedHealthCheck:'],
      [
        'funds lost without an attacker',
        { expect: { maxFundsLostWei: '0' } },
        'expect.maxFundsLostWei: no attacker runs, so nothing can be lost — set "attacker": { "enabled": true }',
      ],
    ])('rejects %s', (_what, patch, message) => {
      const issues = issuesOf(input(patch));
      expect(
        issues.some((issue) => issue.startsWith(message)),
        issues.join('\n'),
      ).toBe(true);
    });
  });
  describe('deployment timing', () => {
    it('refuses a delivery margin shorter than a message needs to arrive', () => {
      expect(issuesOf(input({ deployment: { deliveryMarginSeconds: 10 } }))).toEqual([
        "deployment.deliveryMarginSeconds: is 10 s, less than a message needs to arrive (48 s: ethereum's finality, 3 blocks of 12 s, then a block of 12 s on the slowest target), so every chain would receive it after the activation time and switch late — set deliveryMarginSeconds to at least 48 (the default is 1800)",
      ]);
    });

    it('refuses a message expiry within one block of the activation time', () => {
      expect(issuesOf(input({ timelockDelaySeconds: 0, deployment: { messageExpirySeconds: 12 } }))).toEqual([
        'deployment.messageExpirySeconds: is 12 s, not more than one block (12 s) of the slowest target: the message can expire before a block executes it — set messageExpirySeconds to more than 12 (the default is 604800, 7 days)',
      ]);
      // Without the 12 s hub among the targets, a 2 s block is the slowest.
      expect(() =>
        parseScenario(
          input({
            timelockDelaySeconds: 0,
            proposal: { chains: ['optimism'] },
            deployment: { messageExpirySeconds: 3 },
          }),
        ),
      ).not.toThrow();
    });

    it('refuses an expiry the fallback path can never meet (timelock longer than margin + minimum delay + expiry)', () => {
      const issues = issuesOf(
        input({ timelockDelaySeconds: 172_800, deployment: { messageExpirySeconds: 86_400, minDelaySeconds: 3600 } }),
      );
      expect(issues).toEqual([
        "deployment.messageExpirySeconds: is 86400 s, but a message only the fallback council confirms waits the fallback delay (172800 s, the timelock's) after it is queued, 167400 s past the activation time at best: it would always expire on arrival (ReceiverExpiredOnArrival), so the fallback could never upgrade anything — set messageExpirySeconds to more than 167400 (timelockDelaySeconds − deliveryMarginSeconds − minDelaySeconds), or shorten timelockDelaySeconds",
      ]);
      // One second more and it can.
      expect(() =>
        parseScenario(input({ deployment: { messageExpirySeconds: 167_401, minDelaySeconds: 3600 } })),
      ).not.toThrow();
    });

    it('checks each field: whole seconds, an expiry of at least 1 s, an overlap of at most 7 days, no unknown field', () => {
      expect(
        issuesOf(
          input({
            deployment: {
              messageExpirySeconds: 0,
              minDelaySeconds: 1.5,
              guardianSetOverlapSeconds: 700_000,
              graceSeconds: 1,
            },
          }),
        ).map((line) => line.split(':')[0]),
      ).toEqual([
        'deployment.messageExpirySeconds',
        'deployment.minDelaySeconds',
        'deployment.guardianSetOverlapSeconds',
        'deployment.graceSeconds',
      ]);
    });
  });
  describe('noAlerts, maxFundsLostWeiPerChain, staysOnOldCode', () => {
    it('accepts them', () => {
      const scenario = parseScenario(
        input({
          attacker: { enabled: true },
          proposal: { chains: ['ethereum', 'arbitrum'] },
          expect: {
            noAlerts: ['chain-halted'],
            maxFundsLostWeiPerChain: { optimism: '10000000000000000000', all: '0' },
            staysOnOldCode: ['optimism'],
          },
        }),
      );
      expect(scenario.expect).toEqual({
        noAlerts: ['chain-halted'],
        maxFundsLostWeiPerChain: { optimism: '10000000000000000000', all: '0' },
        staysOnOldCode: ['optimism'],
      });
    });

    it('refuses contradictions, unknown chains and losses without an attacker', () => {
      expect(
        issuesOf(
          input({
            expect: {
              upgraded: ['arbitrum'],
              alerts: ['chain-halted'],
              noAlerts: ['chain-halted'],
              maxFundsLostWeiPerChain: { base: '0' },
              staysOnOldCode: ['arbitrum', 'base'],
            },
          }),
        ),
      ).toEqual([
        'expect.noAlerts[0]: "chain-halted" is also in expect.alerts: it cannot both fire and not fire — keep it in expect.alerts or in expect.noAlerts, not both',
        'expect.maxFundsLostWeiPerChain.base: no chain is named "base" — use one of: ethereum, arbitrum, optimism',
        'expect.maxFundsLostWeiPerChain: no attacker runs, so nothing can be lost — set "attacker": { "enabled": true }, or remove expect.maxFundsLostWeiPerChain',
        'expect.staysOnOldCode[1]: no chain is named "base" — use one of: ethereum, arbitrum, optimism',
        'expect.staysOnOldCode: arbitrum cannot both be upgraded and stay on the old code — list each chain in expect.upgraded or expect.staysOnOldCode, not both',
      ]);
      expect(
        issuesOf(input({ attacker: { enabled: true }, expect: { maxFundsLostWeiPerChain: { arbitrum: '1.5' } } })),
      ).toEqual([
        'expect.maxFundsLostWeiPerChain.arbitrum: has the wrong format: "1.5" — write the wei as a decimal string, e.g. "0"',
      ]);
      expect(issuesOf(input({ attacker: { enabled: true }, expect: { maxFundsLostWeiPerChain: {} } }))).toEqual([
        'expect.maxFundsLostWeiPerChain: names no chain, got an object with no fields — map chain names (or "all": every chain not named) to a decimal wei string, e.g. { "polygon": "0", "all": "10000000000000000000" }',
      ]);
    });
  });
});
