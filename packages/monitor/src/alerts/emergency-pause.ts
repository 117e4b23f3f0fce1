/**
 * The emergency-pause rule: a critical alert (the code on a chain is not the approved code) becomes
 * an unsigned pause root of the affected proxies on the affected chains, written to a file for the
 * emergency quorum (`@lockstep/core/roots`' `createPauseRoot`). Nothing is signed or sent here, and
 * nothing is ever upgraded: people sign it with `lockstep root sign` and submit it themselves.
 */
import { join } from 'node:path';
import type { EmergencyPauseSettings } from '@lockstep/core/config';
import { createPauseRoot, type RootDeployment, type RootDocument, writeRootFile } from '@lockstep/core/roots';
import { type Address, getAddress, isAddress } from 'viem';
import type { Alert, MonitorSnapshot } from '../model.js';

/** What a pause root needs besides the alerts: where the contracts are and which member set signs. */
export type PauseBasis = {
  deployment: RootDeployment;
  /** The council fallback adapter's `rotationNonce()` (the same on every chain). */
  membersNonce: number;
};

export type WriteEmergencyPauseParameters = {
  /** The critical alerts that fired, each naming its chain and `detail.proxy`. */
  alerts: readonly Alert[];
  snapshot: MonitorSnapshot;
  settings: EmergencyPauseSettings;
  basis: PauseBasis;
};

export type WriteEmergencyPauseReturnType = { path: string; document: RootDocument; chains: string[] };

/** Builds the pause root of every chain and proxy the alerts name and writes it (owner-only) under `settings.dir`. */
export async function writeEmergencyPause(
  parameters: WriteEmergencyPauseParameters,
): Promise<WriteEmergencyPauseReturnType | undefined> {
  const { alerts, snapshot, settings, basis } = parameters;
  const targets = new Map<string, { chainId: number; targets: Set<Address> }>();
  for (const alert of alerts) {
    const status = snapshot.chains.find((c) => c.chain === alert.chain);
    const proxy = alert.detail.proxy;
    if (!status || typeof proxy !== 'string' || !isAddress(proxy, { strict: false })) continue;
    const entry = targets.get(status.chain) ?? { chainId: status.chainId, targets: new Set<Address>() };
    entry.targets.add(getAddress(proxy));
    targets.set(status.chain, entry);
  }
  if (targets.size === 0) return undefined;
  // The chains' own clock, as `lockstep root pause` stamps it: the newest head seen.
  const heads = snapshot.chains.flatMap((c) => (c.head ? [c.head.timestamp] : []));
  const now = heads.length > 0 ? Math.max(...heads) : snapshot.takenAt;
  const entries = [...targets.entries()].sort(([a], [b]) => a.localeCompare(b));
  const chains = entries.map(([chain]) => chain);
  const document = createPauseRoot({
    deployment: basis.deployment,
    chains: entries.map(([, entry]) => ({ chainId: entry.chainId, targets: [...entry.targets] })),
    validUntil: now + settings.validForSeconds,
    membersNonce: basis.membersNonce,
    now,
    description: `emergency pause of ${chains.join(', ')}: ${alerts.map((a) => a.key).join(', ')}`,
  });
  const path = join(settings.dir, `emergency-pause-${chains.join('-')}-${now}.json`);
  await writeRootFile(path, document);
  return { path, document, chains };
}

/** The lines telling the release manager what was written and what to run next. */
export function describeEmergencyPause(written: WriteEmergencyPauseReturnType): string {
  return [
    `wrote an unsigned emergency pause of ${written.chains.join(', ')} to ${written.path} (valid until ${new Date(written.document.validUntil * 1000).toISOString()})`,
    `the emergency quorum signs it next: lockstep root sign ${written.path} --member <i>, then lockstep root submit ${written.path}`,
  ].join('; ');
}
