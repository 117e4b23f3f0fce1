/**
 * The pre-signed pause, weeks before the exploit: the emergency quorum signs one council root whose
 * leaves pause the example vault on every chain (`@lockstep/core/roots`), and the executor holds it
 * in a root file (owner-only) until the day it broadcasts it. The drill signs it once Lockstep is
 * deployed, stamped `SIGNED_DAYS_BEFORE` days before the drill's start: its messages' `issuedAt`
 * and its `createdAt` are that day, so the unpause the hub sends later is newer than the pause.
 */

import { join } from 'node:path';
import { councilFallbackAdapterAbi } from '@lockstep/client';
import { adapterAddress } from '@lockstep/core/deploy';
import {
  addRootSignatures,
  createPauseRoot,
  type RootDeployment,
  type RootDocument,
  signRoot,
  writeRootFile,
} from '@lockstep/core/roots';
import { councilIndex, testAccount } from '../../setup/keys.js';
import type { DrillContext } from '../drill-context.js';

/** The root file's name, in the drill's working folder and beside the report. */
export const PAUSE_ROOT_FILE = 'pause-root.json';
/** How long before the drill's start the emergency quorum signed the pause. */
export const SIGNED_DAYS_BEFORE = 21;
/** How long the signed pause stays valid (the adapters allow at most 366 days). */
export const VALID_DAYS = 90;

const DAY = 86_400;

/** A signed pause root held in a file. */
export type HeldPauseRoot = {
  /** The root file (owner-only), and its name. */
  path: string;
  name: string;
  document: RootDocument;
  /** Virtual seconds (negative) when it was signed. */
  signedAt: number;
};

/**
 * Where the roots go: the deployment's hub, receiver and council fallback adapter. The one place the
 * pre-signed pause reads the deployment's adapter fields.
 */
export function rootDeployment(ctx: DrillContext): RootDeployment {
  const { hubChain, addresses: a } = ctx;
  return { hubChainId: hubChain.chainId, hub: a.hub, receiver: a.receiver, adapter: adapterAddress(a, 'fallback') };
}

/**
 * Builds the pause of the example vault on every chain, has the emergency quorum (the first
 * `council.emergencyThreshold` members) sign it, and writes it to the drill's working folder.
 */
export async function signPauseRoot(ctx: DrillContext): Promise<HeldPauseRoot> {
  const { chains, hubChain, clock, scenario, addresses: a } = ctx;
  const deployment = rootDeployment(ctx);
  const signedAt = -SIGNED_DAYS_BEFORE * DAY;
  const now = clock.origin + signedAt;
  const membersNonce = await hubChain.client.readContract({
    address: deployment.adapter,
    abi: councilFallbackAdapterAbi,
    functionName: 'rotationNonce',
  });
  const unsigned = createPauseRoot({
    deployment,
    chains: chains.map((chain) => ({ chainId: chain.chainId, targets: [a.vault] })),
    validUntil: now + VALID_DAYS * DAY,
    membersNonce: Number(membersNonce),
    now,
    description: `${scenario.name}: pause the example vault on ${chains.map((chain) => chain.name).join(', ')}`,
  });
  const signatures = await Promise.all(
    Array.from({ length: scenario.council.emergencyThreshold }, (_, i) =>
      signRoot(testAccount(councilIndex(i)), unsigned),
    ),
  );
  const document = await addRootSignatures(unsigned, signatures);
  const path = join(ctx.workDir, PAUSE_ROOT_FILE);
  await writeRootFile(path, document);
  return { path, name: PAUSE_ROOT_FILE, document, signedAt };
}
