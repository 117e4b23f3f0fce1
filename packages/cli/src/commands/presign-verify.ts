import { type ChainVerification, readBundle, verifyBundle } from '@lockstep/core/presign';
import { formatGwei } from 'viem';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, stringFlag } from '../flags.js';
import { bundlePassphrase, bundlePassphraseFlags, chainFlags, iso, presignChains, summary } from '../shared/presign.js';

/**
 * `lockstep presign verify`: decrypts a bundle and checks each chain's transaction (signer, target,
 * decoded call, chain id, nonce, fees), runs it on a fork of its chain, and says whether its nonce
 * is still usable. Exits 1 when any chain is not ready.
 */
export const presignVerify = defineCommand({
  path: ['presign', 'verify'],
  ...commandFlags({
    bundle: stringFlag(z.string().min(1), '<file>', 'the bundle `presign create` wrote (required)'),
    ...bundlePassphraseFlags,
    ...chainFlags,
    ...commonFlags,
  }),
  async run(options, logger) {
    const chains = await presignChains(options);
    const bundle = await readBundle(options.bundle, await bundlePassphrase(options));
    logger.info(
      `${options.bundle}: ${bundle.proposal}, ${Object.keys(bundle.chains).length} chain(s); forking each chain`,
    );
    const report = await verifyBundle({
      ...chains,
      bundle,
      onProgress: ({ chainId, network, step }) => logger.info(`${network ?? `chain ${chainId}`}: ${step}`),
    });
    for (const chain of report.chains) {
      if (chain.ok) logger.success(`${name(chain)}: ready (${chain.simulation.status} on a fork, nonce usable)`);
      else for (const problem of chain.problems) logger.fail(problem);
    }
    const { chains: _chains, ...meta } = summary(bundle);
    logger.result({ ...meta, ok: report.ok, chains: report.chains }, () =>
      describe(report.chains, bundle.notBefore, bundle.expiresAt),
    );
    return report.ok ? 0 : 1;
  },
});

function name(chain: ChainVerification): string {
  return chain.network ? `${chain.network} (${chain.chainId})` : `chain ${chain.chainId}`;
}

function describe(chains: readonly ChainVerification[], notBefore: number, expiresAt: number): string {
  const lines = [`valid from ${iso(notBefore)} until ${iso(expiresAt)}`];
  for (const c of chains) {
    const d = c.decoded;
    lines.push('', `${name(c)}: ${c.ok ? 'READY' : 'NOT READY'}`);
    if (d) {
      lines.push(`  signer      ${d.signer}`);
      lines.push(`  to          ${d.to ?? '(contract creation)'}`);
      lines.push(`  call        ${d.call?.text ?? '(unknown function)'}`);
      lines.push(`  chain id    ${d.chainId}, nonce ${d.nonce}${c.nonce ? ` (${nonceText(c)})` : ''}`);
      lines.push(
        `  gas         ${d.gasLimit}, max fee ${formatGwei(d.maxFeePerGas)} gwei, priority ${formatGwei(d.maxPriorityFeePerGas)} gwei`,
      );
    }
    const s = c.simulation;
    lines.push(
      `  on a fork   ${s.status}${'gasUsed' in s ? `, gas used ${s.gasUsed}` : ''}${'reason' in s ? `: ${s.reason}` : ''}`,
    );
    for (const problem of c.problems) lines.push(`  ✗ ${problem}`);
  }
  return lines.join('\n');
}

function nonceText(c: ChainVerification): string {
  const n = c.nonce;
  if (!n) return '';
  if (n.status === 'usable') return 'usable: the account is at it';
  if (n.status === 'consumed') return `consumed: the account is at ${n.accountNonce}`;
  return `gap: the account is at ${n.accountNonce}, ${n.missing} transaction(s) must land first`;
}
