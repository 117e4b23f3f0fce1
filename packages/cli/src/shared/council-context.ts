/**
 * What every council command needs: the config, the hub network and its RPC, the council's
 * address, RPC URLs of the other chains (for codehash checks) and, for commands that send, an
 * account. Local networks take their RPC from the running devnet (`.lockstep/devnet.json`).
 */

import { isLocalConfig, type KeySource, type LockstepConfig, loadConfig, resolveKey } from '@lockstep/core/config';
import type { ChainRpcUrls, CouncilWriteClient } from '@lockstep/core/council';
import { readDeployment } from '@lockstep/core/deploy';
import { readDevnet } from '@lockstep/core/devnet';
import { LockstepError } from '@lockstep/core/errors';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  getAddress,
  type Hex,
  http,
  isAddress,
  type PublicClient,
} from 'viem';
import { z } from 'zod';
import { type CommandFlagsOptions, commandFlags, commonFlags, configFlag, type Flags, stringFlag } from '../flags.js';
import { checkChains } from './check-chains.js';

export const addressSchema = z
  .string()
  .refine((v) => isAddress(v, { strict: false }), 'expected an address')
  .transform((v) => getAddress(v));

export const proposalIdSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 32-byte hex proposal id')
  .transform((v) => v as Hex);

/** Flags shared by the council commands (after the command's own and the key flags). */
export const councilFlags = {
  network: stringFlag(z.string().min(1).optional(), '<name>', "the hub network (default: the config's hub)"),
  'rpc-url': stringFlag(
    z.url().optional(),
    '<url>',
    "the hub's RPC (default: the network's rpc, or the running devnet's)",
  ),
  council: stringFlag(addressSchema.optional(), '<addr>', 'the SecurityCouncil (default: deployments/<network>.json)'),
  ...configFlag,
} as const;

/** The key a council command signs with. */
export const keyFlags = {
  member: stringFlag(
    z.coerce.number().int().min(0).max(8).optional(),
    '<i>',
    'sign with keys.council[i] of the config (0-based)',
  ),
  'key-env': stringFlag(
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
      .optional(),
    '<VAR>',
    'sign with the hex private key in environment variable VAR',
  ),
} as const;

/**
 * The flags, schema and help of a council command that signs or sends (`propose`, `approve`,
 * `execute`, `cancel`): its own flags, the key flags (`--member`, `--key-env`, whose description
 * `keyNotes` continues) and
 * `afterKeys` (flags listed after them), the council's and the common ones, in that help order.
 */
export function signerOptions<Own extends Flags, AfterKeys extends Flags = Record<never, never>>(
  own: Own,
  { afterKeys, keyNotes = [] }: { afterKeys?: AfterKeys; keyNotes?: readonly string[] } = {},
) {
  const flags = { ...own, ...keyFlags, ...(afterKeys as AfterKeys), ...councilFlags, ...commonFlags };
  return commandFlags(flags, {
    describeMore: { 'key-env': keyNotes } as CommandFlagsOptions<typeof flags>['describeMore'],
  });
}

type CouncilOptions = {
  config?: string | undefined;
  network?: string | undefined;
  'rpc-url'?: string | undefined;
  council?: Address | undefined;
};

export type CouncilContext = {
  config: LockstepConfig;
  network: string;
  chainId: number;
  council: Address;
  client: PublicClient;
  hubUrl: string;
  /** RPC URLs of every other network whose RPC is known, by chain id. */
  rpcUrls: ChainRpcUrls;
  /** Chain id → network name, for display. */
  names: ReadonlyMap<number, string>;
};

export async function councilContext(options: CouncilOptions): Promise<CouncilContext> {
  const config = await loadConfig(options.config === undefined ? {} : { path: options.config });
  const hub = config.networks.find((n) => n.role === 'hub');
  const name = options.network ?? hub?.name;
  const network = config.networks.find((n) => n.name === name);
  if (!network) {
    throw new LockstepError(
      `no network named "${name}" in the config — use one of: ${config.networks.map((n) => n.name).join(', ')}`,
    );
  }
  const devnet = await readDevnet();
  const urlOf = (n: LockstepConfig['networks'][number]) =>
    typeof n.rpc === 'string' ? n.rpc : devnet?.chains.find((c) => c.name === n.name)?.rpcUrl;
  const hubUrl = options['rpc-url'] ?? urlOf(network);
  if (!hubUrl) {
    throw new LockstepError(
      `no RPC for ${network.name}: it is a local network and no devnet is running here — start one with \`lockstep devnet up\`, or pass --rpc-url`,
    );
  }
  const rpcUrls: Record<number, string> = {};
  for (const n of config.networks) {
    const url = n.name === network.name ? hubUrl : urlOf(n);
    if (url) rpcUrls[n.chainId] = url;
  }
  const council = options.council ?? (await readDeployment({ network: network.name })).addresses.council;
  if (!council) {
    throw new LockstepError(
      `deployments/${network.name}.json has no council — is ${network.name} the hub? (--network)`,
    );
  }
  const { addresses } = await readDeployment({ network: network.name }).catch(() => ({ addresses: undefined }));
  // The hub must hold this council (and its GovernanceHub); other chains with a known RPC the receiver.
  await checkChains(
    config.networks,
    Object.fromEntries(config.networks.flatMap((n) => (rpcUrls[n.chainId] ? [[n.name, rpcUrls[n.chainId]]] : []))),
    (n) =>
      n.name === network.name
        ? { council, ...(addresses?.hub ? { hub: addresses.hub } : {}) }
        : addresses
          ? { receiver: addresses.receiver }
          : {},
  );
  return {
    config,
    network: network.name,
    chainId: network.chainId,
    council,
    client: createPublicClient({ transport: http(hubUrl, { retryCount: 1 }) }),
    hubUrl,
    rpcUrls,
    names: new Map(config.networks.map((n) => [n.chainId, n.name])),
  };
}

/**
 * The account a command signs or sends with: `--key-env`, else `--member i` (the config's
 * `keys.council[i]`), else `fallback` (e.g. the relayer key), else an error naming the flags.
 */
export async function councilAccount(
  context: CouncilContext,
  options: { member?: number | undefined; 'key-env'?: string | undefined },
  fallback?: 'relayer',
): Promise<CouncilWriteClient> {
  const allowTestMnemonic = isLocalConfig(context.config);
  let source: KeySource | undefined = options['key-env'] ? { env: options['key-env'] } : undefined;
  if (!source && options.member !== undefined) {
    source = context.config.keys.council?.[options.member];
    if (!source) throw new LockstepError(`the config has no keys.council[${options.member}]`);
  }
  if (!source && fallback) source = context.config.keys[fallback];
  if (!source) throw new LockstepError('no key to sign with — pass --member <i> or --key-env <VAR>');
  const account = await resolveKey(source, process.env, { allowTestMnemonic });
  return createWalletClient({ account, transport: http(context.hubUrl, { retryCount: 1 }) });
}
