import { type Account, type Address, type Hex, isAddressEqual } from 'viem';
import type { SignerClient } from '../chain/types.js';
import { FallbackError, type FallbackErrorType } from '../errors/fallback.js';
import type { DispatchedMessage, HubLogFields } from '../message/dispatched.js';
import { describeRatification } from './describe-ratification.js';
import { signRatification } from './sign-ratification.js';
import { type SubmitRatificationReturnType, submitRatification } from './submit-ratification.js';
import { decodeFallbackMessage, type FallbackMessageInput } from './types.js';

export type RatifyWithFallbackParameters = {
  /** A signing client per destination chain id (its account sends; it need not be a member). */
  clients: Readonly<Record<number, SignerClient>>;
  /** The CouncilFallbackAdapter (CREATE2: the same address on every chain). */
  adapter: Address;
  /** The UpgradeReceiver (the same address on every chain). */
  receiver: Address;
  /** Hub messages to ratify, each on its own destination chain. */
  messages: readonly FallbackMessageInput[];
  /**
   * Fallback members' accounts (e.g. the config's `keys.fallback`, resolved). On each chain, those
   * that are current members of its adapter sign, the lowest addresses first, just up to its threshold.
   */
  accounts: readonly Account[];
};

export type RatifyWithFallbackReturnType = {
  ratified: Extract<SubmitRatificationReturnType, { status: 'ratified' }>[];
  skipped: Extract<SubmitRatificationReturnType, { status: 'skipped' }>[];
  /** Per message: the error (e.g. `FallbackRevertError` `FallbackThresholdNotMet`, `FallbackError` `no-client`). */
  failed: { chainId: number; messageId: Hex; error: Error }[];
};

export type RatifyWithFallbackErrorType = FallbackErrorType;

/**
 * The fallback path for several messages at once, what a drill or an operator runs when the
 * guardians are below quorum: for each message, on its destination chain, describes the
 * ratification (digest checked against the adapter), has the member accounts sign it offline and
 * submits it (`submitRatification`: skipped when the receiver already has it). Chains are served
 * in parallel, messages to one chain in hub-nonce order. A message that fails is reported in
 * `failed` and the others go on.
 *
 * Throws `FallbackError` (`invalid-input`) only when a message's bytes are not a hub message, before
 * anything is sent.
 *
 * @example
 * const accounts = await Promise.all(config.keys.fallback.map((key) => resolveKey(key)))
 * const { ratified, failed } = await ratifyWithFallback({ clients, adapter, receiver, messages, accounts })
 */
export async function ratifyWithFallback(
  parameters: RatifyWithFallbackParameters,
): Promise<RatifyWithFallbackReturnType> {
  const decoded = parameters.messages.map((message) => decodeFallbackMessage(message));
  const byChain = new Map<number, Omit<DispatchedMessage, HubLogFields>[]>();
  for (const message of decoded) byChain.set(message.chainId, [...(byChain.get(message.chainId) ?? []), message]);

  const result: RatifyWithFallbackReturnType = { ratified: [], skipped: [], failed: [] };
  await Promise.all(
    [...byChain].map(async ([chainId, messages]) => {
      const client = parameters.clients[chainId];
      for (const message of [...messages].sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0))) {
        try {
          if (!client) {
            throw new FallbackError(`no client for chain ${chainId}, the destination of message ${message.messageId}`, {
              reason: 'no-client',
            });
          }
          const outcome = await ratifyOne(client, parameters, message);
          if (outcome.status === 'ratified') result.ratified.push(outcome);
          else result.skipped.push(outcome);
        } catch (error) {
          result.failed.push({
            chainId,
            messageId: message.messageId,
            error: error instanceof Error ? error : new Error(String(error)),
          });
        }
      }
    }),
  );
  return result;
}

async function ratifyOne(
  client: SignerClient,
  { adapter, receiver, accounts }: RatifyWithFallbackParameters,
  message: Omit<DispatchedMessage, HubLogFields>,
): Promise<SubmitRatificationReturnType> {
  const described = await describeRatification(client, { adapter, message });
  const signers = accounts
    .filter((account) => described.members.some((member) => isAddressEqual(member, account.address)))
    .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
    .slice(0, described.threshold);
  const signatures = await Promise.all(signers.map((account) => signRatification(account, described)));
  // Fewer members than the threshold still go to submitRatification: a message already on the
  // receiver is skipped, and otherwise the adapter's FallbackThresholdNotMet(got, need) says why.
  return submitRatification(client, { adapter, receiver, message, signatures });
}
