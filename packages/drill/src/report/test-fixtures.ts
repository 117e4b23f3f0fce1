/** Report fixtures for the renderer tests (not exported from the package). */
import type { ChainReport, DrillReport, TimelineEntry } from '../types.js';

const IMPL_V1 = '0x1111111111111111111111111111111111111111';
const IMPL_V2 = '0x2222222222222222222222222222222222222222';
const HASH_V2 = `0x${'ab'.repeat(32)}`;

function chain(name: string, chainId: number, blockTime: number, executedAt: number | null): ChainReport {
  return {
    name,
    chainId,
    rpcUrl: `http://127.0.0.1:${8545 + (chainId % 100)}`,
    blockTime,
    proxy: '0x9999999999999999999999999999999999999999',
    implementationBefore: IMPL_V1,
    implementationAfter: executedAt === null ? IMPL_V1 : IMPL_V2,
    expectedCodehash: HASH_V2,
    observedCodehash: executedAt === null ? `0x${'cd'.repeat(32)}` : HASH_V2,
    executedAtBlock: executedAt === null ? null : 1000 + chainId,
    executedAtTimestamp: executedAt === null ? null : 1_764_000_000 + executedAt,
    deliveries: 1,
    guardianSet: 0,
    executions: executedAt === null ? 0 : 1,
    deliveredVia: executedAt === null ? null : 'guardians',
    queuedAt: executedAt === null ? null : DISPATCH + 30,
    executableAt: executedAt === null ? null : ACTIVATION,
    activationDelaySeconds: executedAt === null ? null : 0,
    fallbackDelaySeconds: null,
    notUpgradedReason: executedAt === null ? 'its message was never delivered' : null,
    fundsAtRisk: '10000000000000000000',
    fundsLost: '0',
    losses: [],
    messages: [
      {
        messageId: `0x${'4d'.repeat(32)}`,
        purpose: 'upgrade',
        dispatch: { txHash: `0x${'d1'.repeat(32)}`, blockNumber: 40 },
        deliveries:
          executedAt === null ? [] : [{ txHash: `0x${'de'.repeat(32)}`, blockNumber: 60, adapter: 'guardians' }],
        queued: executedAt === null ? null : { txHash: `0x${'de'.repeat(32)}`, blockNumber: 60 },
        executed: executedAt === null ? null : { txHash: `0x${'ec'.repeat(32)}`, blockNumber: 1000 + chainId },
        cancelled: null,
        acks:
          executedAt === null
            ? [{ txHash: `0x${'d1'.repeat(32)}`, blockNumber: 40, state: 'Dispatched' }]
            : [
                { txHash: `0x${'d1'.repeat(32)}`, blockNumber: 40, state: 'Dispatched' },
                { txHash: `0x${'a1'.repeat(32)}`, blockNumber: 45, state: 'Queued' },
              ],
      },
    ],
  };
}

const DISPATCH = 172_860;
const ACTIVATION = DISPATCH + 5400;

function phases(): TimelineEntry[] {
  return [
    { at: 0, chain: null, kind: 'phase', label: 'deployed' },
    { at: 5, chain: null, kind: 'phase', label: 'proposed' },
    { at: 30, chain: null, kind: 'phase', label: 'approved' },
    { at: 60, chain: null, kind: 'phase', label: 'scheduled' },
    { at: DISPATCH, chain: null, kind: 'phase', label: 'dispatched' },
    { at: ACTIVATION, chain: null, kind: 'activation', label: 'shared activation time' },
  ];
}

/** happy-path: passes; a 2-day timelock gap dwarfs everything else. */
export function passReport(): DrillReport {
  const chains = [
    chain('ethereum', 1, 12, ACTIVATION + 12),
    chain('arbitrum', 42161, 0.25, ACTIVATION + 0.25),
    chain('optimism', 10, 2, ACTIVATION + 2),
    chain('polygon', 137, 2, ACTIVATION + 2),
  ];
  const timeline: TimelineEntry[] = [
    ...phases(),
    ...chains.map(
      (c, i): TimelineEntry => ({ at: DISPATCH + 40 + i * 3, chain: c.name, kind: 'queued', label: 'queued' }),
    ),
    ...chains.map(
      (c): TimelineEntry => ({
        at: (c.executedAtTimestamp ?? 0) - 1_764_000_000,
        chain: c.name,
        kind: 'executed',
        label: 'upgradeToAndCall',
      }),
    ),
    { at: ACTIVATION + 20, chain: null, kind: 'phase', label: 'verified' },
  ];
  return {
    scenario: 'happy-path',
    description: 'The routine case: every chain switches at the same activation time.',
    runId: 'happy-path-20261125-0001',
    seed: 1,
    startedAt: '2026-11-25T10:00:00.000Z',
    outcome: 'pass',
    chains,
    vulnerabilityWindowSeconds: 11.75,
    timeInQueueSeconds: 5400,
    faults: [],
    alerts: [],
    rtoSeconds: null,
    rounds: [
      {
        label: 'upgrade',
        kind: 'upgrade',
        proposalId: `0x${'0e'.repeat(32)}`,
        chains: chains.map((c) => c.name),
        dispatchedAt: DISPATCH,
        activationAt: ACTIVATION,
        cancelled: false,
        health: chains.map((c) => ({ chain: c.name, healthy: true, at: ACTIVATION + 12, problems: [] })),
      },
    ],
    timeToPauseAllSeconds: null,
    rpo: '0',
    expectations: [
      { description: 'every chain runs the new implementation', passed: true, observed: '4 of 4' },
      { description: 'vulnerability window at most 12 s', passed: true, observed: '11.75 s' },
      { description: 'every chain executed exactly once', passed: true, observed: '4 executions' },
    ],
    timeline,
    phases: [
      { phase: 'deploy', wallMs: 8200 },
      { phase: 'council', wallMs: 1300 },
      { phase: 'delivery', wallMs: 4100 },
    ],
    wallTimeMs: 13_600,
    kept: false,
    originTimestamp: 1_764_000_000,
  };
}

/** halted-chain gone wrong: polygon never executes, its halt is still open at the end, funds were lost. */
export function failReport(): DrillReport {
  const base = passReport();
  const polygon = chain('polygon', 137, 2, null);
  const chains = [
    ...base.chains.slice(0, 3),
    {
      ...polygon,
      fundsLost: '10000000000000000000',
      losses: [
        {
          txHash: `0x${'a7'.repeat(32)}`,
          blockNumber: 900,
          timestamp: 1_764_000_000 + 172_805,
          wei: '10000000000000000000',
        },
      ],
      notUpgradedReason:
        'its message was never delivered: polygon was halted until the end of the drill (chain-halted: no block for 120 s)',
    },
  ];
  return {
    ...base,
    scenario: 'halted-chain',
    description: 'Polygon stops producing blocks for 2 hours.',
    runId: 'halted-chain-20261125-0002',
    seed: 7,
    outcome: 'fail',
    chains,
    vulnerabilityWindowSeconds: null,
    faults: [
      {
        kind: 'halt-chain',
        target: 'polygon',
        injectedAt: DISPATCH,
        clearedAt: null,
        detail: 'anvil_setIntervalMining 0',
      },
      {
        kind: 'crash-relayer',
        target: 'relayer',
        injectedAt: DISPATCH + 10,
        clearedAt: DISPATCH + 25,
        detail: 'kill -9',
      },
    ],
    alerts: [
      {
        kind: 'chain-halted',
        chain: 'polygon',
        at: DISPATCH + 120,
        message: 'no block for 120 s',
        detectedAfterSeconds: 120,
      },
      { kind: 'message-not-acknowledged', chain: null, at: ACTIVATION + 60, message: 'polygon has not acknowledged' },
    ],
    rpo: '10000000000000000000',
    expectations: [
      {
        description: 'every chain runs the new implementation',
        passed: false,
        observed: '3 of 4 (polygon: never executed)',
      },
      { description: 'alert chain-halted fired', passed: true, observed: 'fired at +48:03:00' },
    ],
    timeline: [
      ...base.timeline.filter((e) => e.chain !== 'polygon'),
      { at: DISPATCH, chain: 'polygon', kind: 'fault', label: 'halt-chain' },
      { at: ACTIVATION + 30, chain: 'polygon', kind: 'exploit', label: 'sweep drained 10 ETH' },
    ],
  };
}

/** A bridge outage: the fallback council alone confirmed arbitrum's message, which waited its 2-day delay. */
export function fallbackReport(): DrillReport {
  const report = passReport();
  const queuedAt = DISPATCH + 624;
  const executableAt = queuedAt + 172_800;
  return {
    ...report,
    scenario: 'bridge-outage',
    chains: report.chains.map((c) =>
      c.name === 'arbitrum'
        ? {
            ...c,
            deliveredVia: 'fallback',
            queuedAt,
            executableAt,
            activationDelaySeconds: executableAt - ACTIVATION,
            fallbackDelaySeconds: 172_800,
          }
        : c,
    ),
  };
}
