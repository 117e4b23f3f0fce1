/** Whether a bundled transaction's nonce can still be used on its chain. */
import type { Address, PublicClient } from 'viem';
import { getTransactionCount } from 'viem/actions';

export type NonceState =
  /** The account's next nonce is this one: the transaction can be included now. */
  | { status: 'usable'; accountNonce: number }
  /** A transaction with this nonce was already included: this one can never be. */
  | { status: 'consumed'; accountNonce: number }
  /** Earlier nonces are unused: the transaction would wait until they are (refused at broadcast). */
  | { status: 'gap'; accountNonce: number; missing: number };

export async function nonceState(client: PublicClient, signer: Address, nonce: number): Promise<NonceState> {
  const accountNonce = await getTransactionCount(client, { address: signer, blockTag: 'latest' });
  if (accountNonce === nonce) return { status: 'usable', accountNonce };
  if (accountNonce > nonce) return { status: 'consumed', accountNonce };
  return { status: 'gap', accountNonce, missing: nonce - accountNonce };
}

/** One line on a nonce that is not usable, with the fix. */
export function nonceProblem(state: NonceState, nonce: number, network: string): string | undefined {
  if (state.status === 'consumed') {
    return `${network}: nonce ${nonce} is consumed (the account is at ${state.accountNonce}) — this transaction can never be included; create a new bundle`;
  }
  if (state.status === 'gap') {
    return `${network}: nonce ${nonce} is ahead of the account (at ${state.accountNonce}): ${state.missing} earlier transaction(s) must land first — send them, or create a new bundle`;
  }
  return undefined;
}
