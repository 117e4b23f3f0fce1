import { securityCouncilAbi } from '@lockstep/client';
import { loadConfig, redactUrl } from '@lockstep/core/config';
import { LockstepError } from '@lockstep/core/errors';
import { describeProposal, readProposalFile, recomputeProposalDigest } from '@lockstep/core/proposal';
import { createPublicClient, type Hex, http } from 'viem';
import { getChainId, readContract } from 'viem/actions';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { booleanFlag, commandFlags, commonFlags, configFlag, positional, stringFlag } from '../flags.js';
import { knownLabels, readableLines } from '../shared/readable-proposal.js';
import { resolveRpcUrls } from '../shared/rpc-urls.js';

const declared = commandFlags({
  file: positional(z.string().min(1), 'the proposal file'),
  'rpc-url': stringFlag(
    z.url().optional(),
    '<url>',
    "also compare with the council's approvalDigest on this RPC of the council's chain",
  ),
  'on-chain': booleanFlag(
    z.boolean().default(false),
    "also compare with the council's approvalDigest, over the config's RPC of the council's chain",
  ),
  ...configFlag,
  ...commonFlags,
});

/**
 * `lockstep verify-digest <file>`: recomputes, from the proposal file alone (no RPC), what a member
 * signs: the content hash, the proposal id (council, chain, nonce, content), the EIP-712 domain,
 * message, domain separator, message hash and digest, and the actions with every address labelled
 * and control changes flagged, for a second person or beside a hardware wallet's screen. With
 * `--rpc-url`/`--on-chain`, also reads the council's `approvalDigest` and fails unless it is equal.
 */
export const verifyDigest = defineCommand({
  path: ['verify-digest'],
  positionals: ['file'],
  ...declared,
  async run(options, logger) {
    const document = await readProposalFile(options.file);
    const computed = recomputeProposalDigest(document, options.file);
    const config = await loadConfig(options.config === undefined ? {} : { path: options.config });
    const names = new Map(config.networks.map((n) => [n.chainId, n.name]));
    const readable = describeProposal({
      typedData: computed.typedData,
      digest: computed.digest,
      actions: document.actions,
      labels: await knownLabels(config),
      networks: names,
    });
    const rpcUrl =
      options['rpc-url'] ?? (options['on-chain'] ? await councilRpc(config, document.council.chainId) : undefined);
    const onChain = rpcUrl ? await councilDigest(rpcUrl, document.council, computed.proposalId) : undefined;
    if (onChain && onChain.digest !== computed.digest) {
      throw new LockstepError(
        `the council's approvalDigest (${onChain.digest}) differs from the digest recomputed from ${options.file} (${computed.digest}) — do not sign: the council does not hold this proposal, or the file was made for another`,
      );
    }
    const { domain, message } = computed.typedData;
    const lines = [
      `proposal file     ${options.file} — "${document.title}"`,
      `council           ${document.council.address} on chain ${document.council.chainId}`,
      `nonce             ${computed.nonce}`,
      `content hash      ${computed.contentHash}`,
      `proposal id       ${computed.proposalId} (recomputed from council, chain, nonce and content)`,
      `domain            name "${domain.name}", version "${domain.version}", chainId ${domain.chainId}, verifyingContract ${domain.verifyingContract}`,
      `domain separator  ${computed.domainSeparator}`,
      `message           Approval(proposalId ${message.proposalId}, kind ${message.kind})`,
      `message hash      ${computed.messageHash}`,
      `digest            ${computed.digest}`,
      onChain
        ? `on chain          equal to the council's approvalDigest (chain ${onChain.chainId})`
        : 'on chain          not compared (pass --rpc-url or --on-chain)',
      `signatures        ${document.signatures.length} in the file, each recovering to its signer`,
      '',
      'What it approves:',
      ...readableLines(readable, 'recomputed from the file'),
    ];
    logger.result(
      {
        file: options.file,
        title: document.title,
        council: document.council,
        nonce: computed.nonce,
        contentHash: computed.contentHash,
        proposalId: computed.proposalId,
        domain,
        message,
        domainSeparator: computed.domainSeparator,
        messageHash: computed.messageHash,
        digest: computed.digest,
        onChain: onChain ? { ...onChain, matches: true } : null,
        signatures: document.signatures.map((s) => s.signer),
        description: readable,
      },
      () => lines.join('\n'),
    );
    return 0;
  },
});

async function councilRpc(config: Awaited<ReturnType<typeof loadConfig>>, chainId: number): Promise<string> {
  const network = config.networks.find((n) => n.chainId === chainId);
  const url = network && (await resolveRpcUrls(config, []))[network.name];
  const rpc = network && typeof network.rpc === 'string' ? network.rpc : url;
  if (!rpc) {
    throw new LockstepError(
      `no RPC for the council's chain ${chainId} in the config${network ? ` (${network.name}: local, and no devnet runs here)` : ''} — pass --rpc-url`,
    );
  }
  return rpc;
}

async function councilDigest(
  url: string,
  council: { chainId: number; address: Hex },
  proposalId: Hex,
): Promise<{ chainId: number; digest: Hex }> {
  const client = createPublicClient({ transport: http(url, { retryCount: 1 }) });
  const chainId = await getChainId(client);
  if (chainId !== council.chainId) {
    throw new LockstepError(
      `the RPC ${redactUrl(url)} serves chain ${chainId}, not the council's chain ${council.chainId} — pass the right --rpc-url`,
    );
  }
  const digest = await readContract(client, {
    address: council.address,
    abi: securityCouncilAbi,
    functionName: 'approvalDigest',
    args: [proposalId],
  });
  return { chainId, digest };
}
