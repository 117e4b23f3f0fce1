/**
 * What the three `lockstep presign` commands share: the bundle and passphrase flags, reading the
 * passphrase (file, variable or hidden prompt; never printed), and the chains of the config with
 * their RPC URLs.
 */
import { loadConfig } from '@lockstep/core/config';
import type { PresignChains } from '@lockstep/core/presign';
import { type Passphrase, readPassphrase, SigningError, terminalPrompt } from '@lockstep/core/signing';
import { z } from 'zod';
import { configFlag, rpcFlag, stringFlag } from '../flags.js';
import { resolveRpcUrls } from '../shared/rpc-urls.js';
import { envNameSchema } from './signer-options.js';

/** `--passphrase-file` / `--passphrase-env`: the bundle's passphrase (else asked on a terminal). */
export const bundlePassphraseFlags = {
  'passphrase-file': stringFlag(
    z.string().min(1).optional(),
    '<f>',
    "the bundle's passphrase is the content of <f> (one trailing newline ignored)",
  ),
  'passphrase-env': stringFlag(
    envNameSchema,
    '<VAR>',
    "the bundle's passphrase is in environment variable VAR",
    '(neither: asked on the terminal, not echoed)',
  ),
} as const;

/** `--rpc`, `--config`: the networks a bundle's chains are looked up in. */
export const chainFlags = { ...rpcFlag, ...configFlag } as const;

type PassphraseOptions = { 'passphrase-file'?: string | undefined; 'passphrase-env'?: string | undefined };

/** The bundle passphrase from the flags or the terminal; `confirm` asks twice (a new bundle). */
export async function bundlePassphrase(options: PassphraseOptions, confirm = false): Promise<Passphrase> {
  const ask = terminalPrompt();
  const read = (question: string) =>
    readPassphrase({
      file: options['passphrase-file'],
      env: options['passphrase-env'],
      prompt: { ask, question },
      purpose: 'the bundle',
    });
  const passphrase = await read('Bundle passphrase: ');
  if (confirm && passphrase.origin === 'prompt') {
    const again = await read('Repeat the bundle passphrase: ');
    if (again.reveal() !== passphrase.reveal()) {
      throw new SigningError('the two passphrases differ — run again and type the same passphrase twice', {
        reason: 'passphrase-missing',
      });
    }
  }
  return passphrase;
}

/** The config's networks and their RPC URLs (`--rpc`, else the devnet's for local networks). */
export async function presignChains(options: {
  config?: string | undefined;
  rpc: readonly string[];
}): Promise<PresignChains & { config: Awaited<ReturnType<typeof loadConfig>> }> {
  const config = await loadConfig(options.config === undefined ? {} : { path: options.config });
  return { config, networks: config.networks, rpcUrls: await resolveRpcUrls(config, options.rpc) };
}

/** Unix seconds as an ISO date. */
export function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
