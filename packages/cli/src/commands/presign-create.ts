import { readFile } from 'node:fs/promises';
import { readDeployment } from '@lockstep/core/deploy';
import { LockstepError } from '@lockstep/core/errors';
import {
  assembleBundle,
  type Bundle,
  DEFAULT_FEE_MULTIPLIER,
  DEFAULT_GAS_BUFFER_PERCENT,
  PresignError,
  type PresignPlan,
  prepareTransactions,
  presignPlanSchema,
  signatureRequests,
  signBundle,
  writeBundle,
} from '@lockstep/core/presign';
import { readSignatureRequests, readSignatures, type Signer, writeSignatureRequests } from '@lockstep/core/signing';
import { formatEther, formatGwei } from 'viem';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, rootFlag, stringFlag } from '../flags.js';
import { table } from '../logger.js';
import { confirm, yesFlag } from '../shared/confirm.js';
import { addressSchema } from '../shared/council-context.js';
import { bundlePassphrase, bundlePassphraseFlags, chainFlags, iso, presignChains, summary } from '../shared/presign.js';
import { describePreview, preparedPreview } from '../shared/presign-preview.js';
import { type SignerOptions, signerFlags, signerFromOptions } from '../shared/signer-options.js';

const file = z.string().min(1).optional();

/**
 * `lockstep presign create`: signs the plan's transaction for every chain into one encrypted
 * bundle — with a keystore or a key in a variable, after showing each chain's transaction and a
 * confirmation (`--yes` skips it; required without a terminal) — or in two steps for a signer
 * elsewhere (`--requests-out`, then `--requests` and `--signatures`; nothing is signed here).
 */
export const presignCreate = defineCommand({
  path: ['presign', 'create'],
  ...commandFlags({
    plan: stringFlag(z.string().min(1), '<file>', 'what to sign per network (required; docs/presign.md)'),
    out: stringFlag(file, '<file>', 'the bundle to write (mode 0600)'),
    ...signerFlags,
    ...yesFlag,
    signer: stringFlag(
      addressSchema.optional(),
      '<address>',
      'the signer elsewhere (hardware wallet, air-gapped machine), with:',
    ),
    'requests-out': stringFlag(file, '<file>', 'step 1: write the digests to sign there, and stop'),
    requests: stringFlag(file, '<file>', 'step 2: the request file of step 1 …'),
    signatures: stringFlag(file, '<file>', '… and the signatures: [{ "digest", "signature" }]'),
    ...bundlePassphraseFlags,
    'gas-buffer': stringFlag(
      z.coerce.number().int().min(0).max(500).default(DEFAULT_GAS_BUFFER_PERCENT),
      '<percent>',
      `added to each gas estimate (default: ${DEFAULT_GAS_BUFFER_PERCENT})`,
    ),
    'fee-multiplier': stringFlag(
      z.coerce.number().min(1).max(100).default(DEFAULT_FEE_MULTIPLIER),
      '<x>',
      `maxFeePerGas = x × base fee + priority fee (default: ${DEFAULT_FEE_MULTIPLIER})`,
    ),
    ...chainFlags,
    ...rootFlag,
    ...commonFlags,
  }),
  async run(options, logger) {
    const plan = await readPlan(options.plan);
    const chains = await presignChains(options);
    const receiverOf = async (network: { name: string }) =>
      (await readDeployment({ network: network.name, ...(options.root ? { root: options.root } : {}) })).addresses
        .receiver;
    const common = { ...chains, plan, receiverOf };
    const onProgress = ({ network, step }: { network: string; step: string }) => logger.info(`${network}: ${step}`);

    if (options['requests-out']) {
      const signer = requireFlag(options.signer, '--signer <address> (who will sign the requests)');
      const prepared = await prepareTransactions({ ...common, signer, ...tuning(options), onProgress });
      const requests = signatureRequests(signer, prepared);
      await writeSignatureRequests(options['requests-out'], requests);
      logger.success(`${requests.requests.length} digest(s) to sign written to ${options['requests-out']}`);
      logger.result({ step: 'requests', file: options['requests-out'], ...requests }, () =>
        [
          ...requests.requests.map((r) => `${r.digest}  ${r.description}`),
          '',
          `Sign each digest as is (e.g. \`cast wallet sign --no-hash <digest>\`), write [{ "digest", "signature" }] to a file,`,
          `then run: lockstep presign create --plan ${options.plan} --requests ${options['requests-out']} --signatures <file> --out <bundle>`,
        ].join('\n'),
      );
      return 0;
    }
    const out = requireFlag(options.out, '--out <file> (the bundle to write)');
    let bundle: Bundle;
    if (options.requests || options.signatures) {
      const requests = await readSignatureRequests(requireFlag(options.requests, '--requests <file>'));
      const signatures = await readSignatures(requireFlag(options.signatures, '--signatures <file>'));
      const passphrase = await bundlePassphrase(options, true);
      bundle = await assembleBundle({ ...common, requests, signatures });
      await writeBundle({ path: out, bundle, passphrase });
    } else {
      const signer = await localSigner(options);
      const passphrase = await bundlePassphrase(options, true);
      const prepared = await prepareTransactions({ ...common, signer: signer.address, ...tuning(options), onProgress });
      const heading = `You are about to sign ${prepared.length} transaction(s) for ${plan.proposal} as ${signer.address} (${signer.label}), valid from ${iso(plan.notBefore)} until ${iso(plan.expiresAt)}:`;
      logger.info(describePreview(heading, prepared.map(preparedPreview)));
      await confirm({
        yes: options.yes,
        action: 'sign',
        question: `Sign them into ${out}? Type "yes" to sign: `,
        declined: `not signed: the transactions were not confirmed (nothing written to ${out})`,
      });
      bundle = await signBundle(plan, prepared, signer);
      await writeBundle({ path: out, bundle, passphrase });
    }
    logger.success(`bundle written to ${out} (owner-only, encrypted)`);
    logger.result({ step: 'created', file: out, ...summary(bundle) }, () => describeBundle(bundle, out));
    return 0;
  },
});

async function localSigner(options: SignerOptions): Promise<Signer> {
  const signer = await signerFromOptions(options);
  if (signer) return signer;
  throw new LockstepError(
    'no signer — pass --keystore <file>, --key-env <VAR>, or --signer <address> with --requests-out (a signer elsewhere)',
  );
}

function tuning(options: { 'gas-buffer': number; 'fee-multiplier': number }) {
  return { gasBufferPercent: options['gas-buffer'], feeMultiplier: options['fee-multiplier'] };
}

function requireFlag<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new LockstepError(`missing ${what}`);
  return value;
}

async function readPlan(path: string): Promise<PresignPlan> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new PresignError(`cannot read the plan ${path} as JSON — check the path and the file`, {
      reason: 'malformed-plan',
      cause,
    });
  }
  const parsed = presignPlanSchema.safeParse(json);
  if (!parsed.success) {
    throw new PresignError(`${path} is not a presign plan — fix the fields below (format: docs/presign.md)`, {
      reason: 'malformed-plan',
      metaMessages: parsed.error.issues.map((i) => `- ${i.path.join('.') || '(plan)'}: ${i.message}`),
    });
  }
  return parsed.data;
}

function describeBundle(bundle: Bundle, out: string): string {
  const rows = Object.values(bundle.chains).map((c) => [
    `${c.network} (${c.chainId})`,
    String(c.nonce),
    c.gasLimit,
    `${formatGwei(BigInt(c.maxFeePerGas))} gwei`,
    `${formatEther(BigInt(c.gasLimit) * BigInt(c.maxFeePerGas))} ETH`,
    c.description,
  ]);
  return [
    `bundle ${out}: ${bundle.proposal}, signed by ${bundle.signer}`,
    `valid from ${iso(bundle.notBefore)} until ${iso(bundle.expiresAt)}`,
    '',
    table(['chain', 'nonce', 'gas limit', 'max fee', 'max cost', 'call'], rows),
  ].join('\n');
}
