/**
 * A proposal file for people, in the terminal (`lockstep proposal show`): what it proposes, where
 * it stands (draft or proposed, signatures collected), when it can activate and what the safety
 * gates found. Everything shown was recomputed when the file was read.
 */
import type { ProposalDocument } from '@lockstep/core/proposal';
import { table } from '../logger.js';
import { describeGates } from './proposal-file.js';

const utc = (unix: number) => new Date(unix * 1000).toISOString().replace('.000Z', 'Z');

/** The summary of `document`: header, actions, activation, gates, signatures. */
export function summarizeProposal(document: ProposalDocument): string {
  const { submission, activation } = document;
  const lines = [
    `${document.title}`,
    `council   ${document.council.address} on chain ${document.council.chainId}`,
    `audit     ${document.audit.hash}${document.audit.uri ? ` (${document.audit.uri})` : ''}`,
    `content   ${document.contentHash}`,
    submission
      ? `proposed  ${submission.proposalId} (nonce ${submission.nonce}, block ${submission.blockNumber}, expires ${utc(submission.expiresAt)})\ndigest    ${submission.digest}`
      : 'draft     not proposed yet — `lockstep propose --file <file>`',
    ...(document.mergedFrom?.length
      ? [`merged    ${document.mergedFrom.map((m) => `"${m.title}" ${m.contentHash}`).join(', ')}`]
      : []),
    '',
    table(
      ['chain', 'proxy', 'current implementation', 'new implementation', 'new codehash'],
      document.actions.map((a) => [
        a.network ? `${a.network} (${a.chainId})` : String(a.chainId),
        a.label ? `${a.label} ${a.proxy}` : a.proxy,
        a.previousImplementation,
        a.implementation,
        a.codehash,
      ]),
    ),
    '',
    activation
      ? `activation: timelock ${activation.timelockDelaySeconds} s + hub lead ${activation.leadSeconds} s${activation.earliestActivation ? `; earliest ${utc(activation.earliestActivation)}` : ''}`
      : 'activation: no plan recorded',
    describeGates(document.gates),
    ...(document.rollback ? [`rollback: ${document.rollback.plan}`] : []),
    submission
      ? `signatures: ${document.signatures.length} (${document.signatures.map((s) => s.signer).join(', ') || 'none yet'})`
      : '',
    '',
    'checked: the content hash, proposal id, digest and every ECDSA signature recompute from the file',
  ];
  return lines.filter((line, i) => line !== '' || lines[i - 1] !== '').join('\n');
}
