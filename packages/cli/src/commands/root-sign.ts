import { isLocalConfig, type KeySource, loadConfig, resolveKey } from '@lockstep/core/config';
import { LockstepError } from '@lockstep/core/errors';
import { addRootSignatures, type RootSignature, signRoot } from '@lockstep/core/roots';
import { getAddress, isAddress, isHex } from 'viem';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, configFlag, listFlag, rpcFlag, stringFlag } from '../flags.js';
import { contractSignatureChains } from '../shared/contract-chains.js';
import { rootFileFlag } from '../shared/root-context.js';
import { readRootFileFrom, rootPassphraseFlags, writeRootFileTo } from '../shared/root-file.js';
import { resolveRpcUrls } from '../shared/rpc-urls.js';

const importedSignature = z
  .string()
  .refine((v) => {
    const [signer, signature] = v.split('=');
    return isAddress(signer ?? '', { strict: false }) && isHex(signature ?? '');
  }, 'expected <signer address>=<0x signature>')
  .transform((v): RootSignature => {
    const [signer = '', signature = ''] = v.split('=');
    return { signer: getAddress(signer), signature: signature as `0x${string}` };
  });

const declared = commandFlags({
  ...rootFileFlag,
  member: listFlag(
    z.array(z.coerce.number().int().min(0).max(8)).default([]),
    '<i>',
    'sign with keys.fallback[i] of the config (0-based; repeat)',
  ),
  'key-env': stringFlag(
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
      .optional(),
    '<VAR>',
    'sign with the hex private key in environment variable VAR',
  ),
  signature: listFlag(
    z.array(importedSignature).default([]),
    '<a=sig>',
    'import a signature made elsewhere over the file’s digest (repeat); a contract member’s (a Safe’s) is checked with its isValidSignature over --rpc',
  ),
  ...rootPassphraseFlags,
  ...rpcFlag,
  ...configFlag,
  ...commonFlags,
});

/**
 * `lockstep root sign <file>`: adds members' signatures of the root (local keys, or imported ones,
 * each recovered and checked against its signer first; one that does not recover is checked with
 * the signer's ERC-1271 `isValidSignature` on the config's networks where the signer is a
 * contract), then rewrites the file atomically. Signing with local keys touches no network.
 */
export const rootSign = defineCommand({
  path: ['root', 'sign'],
  positionals: ['file'],
  ...declared,
  async run(options, logger) {
    const { document, passphrase } = await readRootFileFrom(options);
    const config = await loadConfig(options.config === undefined ? {} : { path: options.config });
    const sources: KeySource[] = options['key-env'] ? [{ env: options['key-env'] }] : [];
    for (const i of options.member) {
      const source = config.keys.fallback?.[i];
      if (!source)
        throw new LockstepError(
          `the config has no keys.fallback[${i}] — name the member's key source there, or use --key-env`,
        );
      sources.push(source);
    }
    if (sources.length === 0 && options.signature.length === 0) {
      throw new LockstepError(
        'nothing to sign with — pass --member <i>, --key-env <VAR> or --signature <signer>=<sig>',
      );
    }
    const allowTestMnemonic = isLocalConfig(config);
    const signed: RootSignature[] = [...options.signature];
    for (const source of sources) {
      const account = await resolveKey(source, process.env, { allowTestMnemonic });
      signed.push(await signRoot(account, document));
    }
    const contractChains =
      options.signature.length > 0 ? contractSignatureChains(config, await resolveRpcUrls(config, options.rpc)) : [];
    const updated = await addRootSignatures(document, signed, { contractChains });
    await writeRootFileTo(options.file, updated, passphrase);
    for (const s of signed) {
      const contract = updated.signatures.some((u) => u.signer === s.signer && u.scheme === 'erc1271');
      logger.success(
        `${s.signer} signed ${document.digest}${contract ? ' (contract member: ERC-1271, checked on chain)' : ''}`,
      );
    }
    logger.result(
      {
        file: options.file,
        digest: document.digest,
        added: signed.map((s) => s.signer),
        signers: updated.signatures.map((s) => s.signer),
      },
      () => `${updated.signatures.length} signature(s) in ${options.file}`,
    );
    return 0;
  },
});
