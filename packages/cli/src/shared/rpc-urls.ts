/**
 * The RPC URL of each network a command talks to: the `--rpc <name>=<url>` flags, over the
 * running devnet's URLs (`.lockstep/devnet.json` in the current folder) for local networks.
 */
import type { LockstepConfig } from '@lockstep/core/config';
import { readDevnet } from '@lockstep/core/devnet';

/** `--rpc` flags, then the devnet state file in the current folder for local networks. */
export async function resolveRpcUrls(
  config: LockstepConfig,
  flags: readonly string[],
): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  if (config.networks.some((n) => typeof n.rpc !== 'string')) {
    for (const chain of (await readDevnet())?.chains ?? []) urls[chain.name] = chain.rpcUrl;
  }
  for (const flag of flags) {
    const at = flag.indexOf('=');
    urls[flag.slice(0, at)] = flag.slice(at + 1);
  }
  return urls;
}
