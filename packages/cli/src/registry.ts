/**
 * Every `lockstep` command's words and one-line summary, without its implementation: the overview
 * (`lockstep --help`) and dispatch read this list, and only the invoked command's module is imported
 * (`load`), so a process does not pay for loading every command and its dependencies (docs/ci.md).
 * The summaries live here only; the command modules declare their flags and `run`.
 */
import type { Command } from './command.js';

export type CommandEntry = {
  path: readonly string[];
  summary: string;
  /** Imports the command's module; its `path` is this entry's. */
  load: () => Promise<Command>;
};

export const commandRegistry: readonly CommandEntry[] = [
  {
    path: ['devnet', 'up'],
    summary: 'start one anvil per local network (detached; stop with `lockstep devnet down`)',
    load: async () => (await import('./commands/devnet-up.js')).devnetUp,
  },
  {
    path: ['devnet', 'status'],
    summary:
      'show each chain of the running devnet: pid alive, chain id, block number, time and the skew between chains',
    load: async () => (await import('./commands/devnet-status.js')).devnetStatus,
  },
  {
    path: ['devnet', 'advance'],
    summary: 'move every devnet chain to one time, <duration> past the latest chain (e.g. 48h to pass the timelock)',
    load: async () => (await import('./commands/devnet-advance.js')).devnetAdvance,
  },
  {
    path: ['devnet', 'down'],
    summary: 'stop the devnet and any kept drill chains (SIGTERM, then SIGKILL after 3 s) and remove their state files',
    load: async () => (await import('./commands/devnet-down.js')).devnetDown,
  },
  {
    path: ['propose'],
    summary: 'propose an upgrade of proxies on one or more chains, or write / submit it as a proposal file',
    load: async () => (await import('./commands/propose.js')).propose,
  },
  {
    path: ['proposal', 'show'],
    summary: 'check a proposal file offline and show what it proposes, its activation, gates and signatures',
    load: async () => (await import('./commands/proposal-show.js')).proposalShow,
  },
  {
    path: ['proposal', 'check'],
    summary: 'run the safety gates over a proposal file again and record the results in it (exit 1 on failure)',
    load: async () => (await import('./commands/proposal-check.js')).proposalCheck,
  },
  {
    path: ['proposal', 'merge'],
    summary: 'merge two draft proposal files into one ceremony (gates run again)',
    load: async () => (await import('./commands/proposal-merge.js')).proposalMerge,
  },
  {
    path: ['proposal', 'announce'],
    summary: 'write the upgrade notice for node operators and integrators (markdown) from a proposal file',
    load: async () => (await import('./commands/proposal-announce.js')).proposalAnnounce,
  },
  {
    path: ['approve'],
    summary:
      'approve a proposal (on chain, offline into its proposal file, or by an external signer) or relay signatures (--submit)',
    load: async () => (await import('./commands/approve.js')).approve,
  },
  {
    path: ['verify-digest'],
    summary: 'recompute the digest members sign from a proposal file alone (and compare with the council)',
    load: async () => (await import('./commands/verify-digest.js')).verifyDigest,
  },
  {
    path: ['status'],
    summary:
      'show the council’s term ends and liveness horizon; with --proposal, a proposal from approvals to delivery',
    load: async () => (await import('./commands/status.js')).status,
  },
  {
    path: ['execute'],
    summary: 'schedule an approved proposal on the timelock, or execute it once its delay has passed',
    load: async () => (await import('./commands/execute.js')).execute,
  },
  {
    path: ['guardian'],
    summary: 'run one guardian node: sign final hub messages, serve the signatures on 127.0.0.1',
    load: async () => (await import('./commands/guardian.js')).guardian,
  },
  {
    path: ['relay'],
    summary: 'deliver every dispatched message to its destination with a quorum of guardian attestations',
    load: async () => (await import('./commands/relay.js')).relay,
  },
  {
    path: ['monitor'],
    summary: 'watch every proposal on every chain (stages, approvals, proxies, signer-set drift)',
    load: async () => (await import('./commands/monitor.js')).monitor,
  },
  {
    path: ['canary'],
    summary: 'send a no-op canary message to every chain and report each chain’s delivery latency',
    load: async () => (await import('./commands/canary.js')).canary,
  },
  {
    path: ['execute-ready'],
    summary: 'execute every queued upgrade that is due, on all chains at once, and report each chain',
    load: async () => (await import('./commands/execute-ready.js')).executeReadyCommand,
  },
  {
    path: ['deploy'],
    summary: 'deploy Lockstep on every network of the config (same CREATE2 addresses everywhere; idempotent)',
    load: async () => (await import('./commands/deploy.js')).deploy,
  },
  {
    path: ['cancel'],
    summary: 'veto a pending or scheduled upgrade or rotation (propose its cancel, or execute an approved cancel)',
    load: async () => (await import('./commands/cancel.js')).cancel,
  },
  {
    path: ['guardian-set', 'show'],
    summary: "show each network's current guardian set, and the previous one with its expiry",
    load: async () => (await import('./commands/guardian-set-show.js')).guardianSetShow,
  },
  {
    path: ['guardian-set', 'rotate'],
    summary: 'replace the guardian set on every network, signed by the current set (the config’s guardian keys)',
    load: async () => (await import('./commands/guardian-set-rotate.js')).guardianSetRotate,
  },
  {
    path: ['preflight'],
    summary: 'check that every chain runs the configured Lockstep, the same everywhere, before anyone signs',
    load: async () => (await import('./commands/preflight.js')).preflight,
  },
  {
    path: ['presign', 'create'],
    summary: 'sign each chain’s upgrade transaction ahead of time into one encrypted bundle',
    load: async () => (await import('./commands/presign-create.js')).presignCreate,
  },
  {
    path: ['presign', 'verify'],
    summary: 'decrypt a bundle, decode each chain’s transaction, run it on a fork, check its nonce',
    load: async () => (await import('./commands/presign-verify.js')).presignVerify,
  },
  {
    path: ['presign', 'broadcast'],
    summary: 'send a bundle’s transactions at its not-before time and report each chain’s receipt',
    load: async () => (await import('./commands/presign-broadcast.js')).presignBroadcast,
  },
  {
    path: ['rehearse'],
    summary: 'run a proposal file on forks of every chain it touches; check every storage change it makes',
    load: async () => (await import('./commands/rehearse.js')).rehearse,
  },
  {
    path: ['root', 'pause'],
    summary: 'build a pre-signed pause of every network: one root for the emergency quorum to sign now',
    load: async () => (await import('./commands/root-pause.js')).rootPause,
  },
  {
    path: ['root', 'ratify'],
    summary: 'build one root ratifying the hub’s pending messages for every network (the fallback path, one ceremony)',
    load: async () => (await import('./commands/root-ratify.js')).rootRatify,
  },
  {
    path: ['root', 'show'],
    summary:
      'check a root file from its messages alone and show what a member signs (domain, digest, leaves per chain)',
    load: async () => (await import('./commands/root-show.js')).rootShow,
  },
  {
    path: ['root', 'sign'],
    summary:
      'sign a root file with members’ keys, or import signatures made elsewhere (each checked before it is added)',
    load: async () => (await import('./commands/root-sign.js')).rootSign,
  },
  {
    path: ['root', 'submit'],
    summary:
      'broadcast a signed root to every network at once: set it, execute each network’s leaves (a pre-signed pause: now)',
    load: async () => (await import('./commands/root-submit.js')).rootSubmit,
  },
  {
    path: ['root', 'revoke'],
    summary: 'revoke a root for good on every network (an emergency quorum signs; works before it was ever set)',
    load: async () => (await import('./commands/root-revoke.js')).rootRevoke,
  },
  {
    path: ['proposal', 'safe-export'],
    summary: 'export a proposal’s approval for a Safe member: a Transaction Builder batch, and the SafeMessage to sign',
    load: async () => (await import('./commands/proposal-safe-export.js')).proposalSafeExport,
  },
  {
    path: ['proposal', 'safe-import'],
    summary: 'import a Safe member’s approval (its owners’ SafeMessage signatures) into a proposal file',
    load: async () => (await import('./commands/proposal-safe-import.js')).proposalSafeImport,
  },
];

/** The registered summary of `command` (for a command's own usage text). */
export function summaryOf(command: Pick<Command, 'path'>): string {
  const key = command.path.join(' ');
  const entry = commandRegistry.find((e) => e.path.join(' ') === key);
  if (!entry) throw new Error(`lockstep ${key} is not in the command registry (packages/cli/src/registry.ts)`);
  return entry.summary;
}
