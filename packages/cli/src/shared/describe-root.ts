/**
 * A root file as a person reads it before signing: what is signed (domain, typed fields, digest),
 * and every leaf decoded per chain (kind, targets or upgrades), then who has signed.
 */
import { decodeMessage, decodePayload } from '@lockstep/core/message';
import { ROOT_DOMAIN, type RootDocument } from '@lockstep/core/roots';
import { table } from '../logger.js';

export function describeRoot(document: RootDocument, names: ReadonlyMap<number, string>): string {
  const rows = document.leaves.map((leaf) => {
    const payload = decodePayload(decodeMessage(leaf.message).payload);
    let what: string;
    if (payload.kind === 'unknown') what = `unknown payload kind ${payload.code}`;
    else if (payload.kind === 'upgrade') {
      const actions = payload.actions.map((a) => `${a.proxy} → ${a.implementation}`).join(', ');
      what = `upgrade ${actions} at ${new Date(payload.activationTime * 1000).toISOString()}`;
    } else if (payload.kind === 'canary') what = `canary ${payload.canaryId}`;
    else what = `${payload.kind} ${payload.targets.join(', ')}`;
    return [names.get(leaf.chainId) ?? `chain ${leaf.chainId}`, String(leaf.chainId), what, leaf.messageId];
  });
  return [
    `${document.purpose} root — ${document.description}`,
    `  domain         ${ROOT_DOMAIN.name} v${ROOT_DOMAIN.version} (no chain id: one signature for every chain)`,
    `  CouncilRoot    root ${document.root}`,
    `                 validUntil ${document.validUntil} (${new Date(document.validUntil * 1000).toISOString()})`,
    `                 membersNonce ${document.membersNonce}`,
    `  digest         ${document.digest}`,
    `  adapter        ${document.adapter} (every leaf names it and its chain)`,
    '',
    table(['network', 'chain id', 'leaf', 'message id'], rows),
    '',
    document.signatures.length === 0
      ? 'signatures: none yet'
      : `signatures (${document.signatures.length}): ${document.signatures.map((s) => s.signer).join(', ')}`,
  ].join('\n');
}
