import type { Hex } from 'viem';
import type { LastCanary, MonitorSnapshot, Proposal, ProposalOnChain, Stage, StageEntry } from '../model.js';

/** The hub's stages every chain's history starts with, at these offsets from the proposal (seconds). */
const HUB_STEPS: [Stage, number][] = [
  ['proposed', 0],
  ['approved', 600],
  ['in-timelock', 660],
  ['dispatched', 660 + 172_800],
];

export const T0 = 1_767_225_600; // 2026-01-01 00:00:00 UTC
export const UPGRADE_ID: Hex = `0x${'ab'.repeat(31)}01`;
export const ROTATION_ID: Hex = `0x${'cd'.repeat(31)}02`;
const DIGEST_A: Hex = `0x${'11'.repeat(32)}`;
const DIGEST_B: Hex = `0x${'22'.repeat(32)}`;

/** A proposal's state on one chain after the hub's steps and then `later` (stage, seconds after dispatch). */
function onChain(chain: string, chainId: number, start: number, later: [Stage, number][]): ProposalOnChain {
  const dispatchAt = start + 660 + 172_800;
  const history: StageEntry[] = [
    ...HUB_STEPS.map(([stage, offset]) => ({
      stage,
      at: start + offset,
      chain: 'ethereum',
      blockNumber: 100 + offset / 12,
    })),
    ...later.map(([stage, offset]) => ({ stage, at: dispatchAt + offset, chain, blockNumber: 5000 + offset })),
  ];
  const last = history.at(-1) as StageEntry;
  return { chain, chainId, stage: last.stage, stageSince: last.at, history, attestations: later.length > 0 ? 8 : 5 };
}

/** A canary sent at `sentAt` that took `latencySeconds` to reach its chain. */
function canary(sentAt: number, latencySeconds: number, n: number): LastCanary {
  return {
    canaryId: `0x${'0c'.repeat(31)}${String(n).padStart(2, '0')}`,
    messageId: `0x${'0d'.repeat(31)}${String(n).padStart(2, '0')}`,
    sentAt,
    deliveredAt: sentAt + latencySeconds,
    latencySeconds,
  };
}

/**
 * A monitor snapshot of four chains with an upgrade on its way (`stepSeconds` after dispatch: arbitrum
 * and optimism have it queued, polygon is still waiting for attestations), a finished guardian
 * rotation, one active alert and a drifting guardian set; `polygonHalted` makes polygon's head stop.
 * A canary sent ten minutes before the dispatch reached every chain but polygon; from 60 s after the
 * dispatch on, polygon has one too (sent 10 s after the dispatch, 45 s on its way).
 */
export function sampleSnapshot({ stepSeconds = 40, polygonHalted = false } = {}): MonitorSnapshot {
  const start = T0;
  const dispatchAt = start + 660 + 172_800;
  const takenAt = dispatchAt + stepSeconds;
  const activationTime = dispatchAt + 300;
  const upgrade: Proposal = {
    id: UPGRADE_ID,
    kind: 'upgrade',
    hub: 'ethereum',
    proposedAt: start,
    approvals: 6,
    threshold: 6,
    councilSize: 9,
    readyAt: start + 660 + 172_800,
    activationTime,
    deliveryMargin: 300,
    chains: [
      onChain('ethereum', 1, start, [
        ['queued', 12],
        ...(stepSeconds >= 300 ? ([['executed', 300]] as [Stage, number][]) : []),
      ]),
      onChain('arbitrum', 42161, start, [
        ['attested', 8],
        ['delivered', 20],
        ['queued', 21],
      ]),
      onChain('optimism', 10, start, [
        ['attested', 8],
        ['delivered', 24],
        ['queued', 26],
      ]),
      onChain('polygon', 137, start, stepSeconds >= 60 ? [['attested', 50]] : []),
    ],
  };
  const rotation: Proposal = {
    id: ROTATION_ID,
    kind: 'rotation',
    hub: 'ethereum',
    proposedAt: start - 90_000,
    approvals: 7,
    threshold: 6,
    councilSize: 9,
    activationTime: start - 80_000,
    chains: ['ethereum', 'arbitrum'].map((chain, i) => {
      const history: StageEntry[] = [
        { stage: 'proposed', at: start - 90_000, chain: 'ethereum' },
        { stage: 'dispatched', at: start - 89_000, chain: 'ethereum' },
        { stage: 'delivered', at: start - 88_950 + i * 10, chain },
        { stage: 'executed', at: start - 80_000, chain },
      ];
      return { chain, chainId: i === 0 ? 1 : 42161, stage: 'executed', stageSince: start - 80_000, history };
    }),
  };
  const chain = (name: string, chainId: number, head: number, lag: number, lastCanary?: LastCanary) => ({
    chain: name,
    chainId,
    reachable: true,
    head: { number: head, timestamp: takenAt - lag, hash: `0x${'ee'.repeat(32)}` as Hex },
    checkpoint: head,
    lagSeconds: lag,
    proxies: [],
    signerSets: {},
    ...(lastCanary ? { lastCanary } : {}),
  });
  const polygonLag = polygonHalted ? stepSeconds : 2;
  return {
    takenAt,
    chains: [
      chain('ethereum', 1, 14_500 + Math.floor(stepSeconds / 12), 4, canary(dispatchAt - 600, 2, 1)),
      chain('arbitrum', 42161, 690_000 + stepSeconds * 4, 0, canary(dispatchAt - 600, 14, 1)),
      chain('optimism', 10, 86_000 + Math.floor(stepSeconds / 2), 1, canary(dispatchAt - 600, 22, 1)),
      chain(
        'polygon',
        137,
        86_000 + Math.floor((stepSeconds - polygonLag) / 2),
        polygonLag,
        stepSeconds >= 60 ? canary(dispatchAt + 10, 45, 2) : undefined,
      ),
    ],
    proposals: [upgrade, rotation],
    signerSets: [
      {
        kind: 'council',
        consistent: true,
        byChain: { ethereum: DIGEST_A, arbitrum: DIGEST_A, optimism: DIGEST_A, polygon: DIGEST_A },
      },
      {
        kind: 'guardian',
        consistent: false,
        byChain: { ethereum: DIGEST_B, arbitrum: DIGEST_B, optimism: DIGEST_B, polygon: DIGEST_A },
      },
    ],
    alerts: [
      {
        key: 'signer-set-drift:guardian',
        kind: 'signer-set-drift',
        severity: 'warning',
        chain: 'polygon',
        message: 'guardian set on polygon differs from the hub (rotation not delivered)',
        detail: {},
        firedAt: takenAt - 30,
      },
      ...(polygonHalted
        ? [
            {
              key: 'chain-halted:polygon',
              kind: 'chain-halted' as const,
              severity: 'critical' as const,
              chain: 'polygon',
              message: `polygon has produced no block for ${polygonLag}s`,
              detail: {},
              firedAt: takenAt - 5,
            },
          ]
        : []),
    ],
  };
}
