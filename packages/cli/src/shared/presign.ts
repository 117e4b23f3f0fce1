/**
 * What the three `lockstep presign` commands share: the bundle and passphrase flags, reading the
 * passphrase (file, variable or hidden prompt; never printed), the chains of the config with
 * their RPC URLs, and a bundle's printable summary.
 */
import { loadConfig } from '@lockstep/core/config';
import type { Bundle, PresignChains } from '@lockstep/core/presign';
import type { Passphrase } from '@lockstep/core/signing';
import { configFlag, rpcFlag } from '../flags.js';
import { filePassphrase, type PassphraseOptions, passphraseFlags } from './passphrase.js';
import { resolveRpcUrls } from './rpc-urls.js';

/** `--passphrase-file` / `--passphrase-env`: the bundle's passphrase (else asked on a terminal). */
export const bundlePassphraseFlags = passphraseFlags('bundle');

/** `--rpc`, `--config`: the networks a bundle's chains are looked up in. */
export const chainFlags = { ...rpcFlag, ...configFlag } as const;

/** The bundle passphrase from the flags or the terminal; `confirm` asks twice (a new bundle). */
export function bundlePassphrase(options: PassphraseOptions, confirm = false): Promise<Passphrase> {
  return filePassphrase(options, 'bundle', confirm);
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

/** The bundle without its raw transactions (bearer instruments: never printed). */
export function summary(bundle: Bundle) {
  const { chains, ...meta } = bundle;
  return {
    ...meta,
    chains: Object.values(chains).map(({ raw: _raw, ...chain }) => chain),
  };
}
