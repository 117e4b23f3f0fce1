/**
 * The account that sends `root` transactions (any account may: the signatures are the authority):
 * `--key-env`, else the config's relayer key, with one nonce manager across networks.
 */
import { isLocalConfig, type LockstepConfig, resolveKey } from '@lockstep/core/config';
import { LockstepError } from '@lockstep/core/errors';
import { createNetworkClients, withNonceManager } from '@lockstep/core/relay';
import { z } from 'zod';
import { stringFlag } from '../flags.js';

export const senderFlag = {
  'sender-env': stringFlag(
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
      .optional(),
    '<VAR>',
    'send with the hex private key in VAR (default: the config’s keys.relayer)',
  ),
} as const;

export async function rootSenderClients(
  config: LockstepConfig,
  networks: LockstepConfig['networks'],
  rpcUrls: Record<string, string>,
  senderEnv: string | undefined,
) {
  const source = senderEnv ? { env: senderEnv } : config.keys.relayer;
  if (!source)
    throw new LockstepError('no account to send with — pass --sender-env <VAR> or set keys.relayer', {
      docsPath: '#keys',
    });
  const account = withNonceManager(await resolveKey(source, process.env, { allowTestMnemonic: isLocalConfig(config) }));
  return createNetworkClients({ networks }, account, rpcUrls);
}
