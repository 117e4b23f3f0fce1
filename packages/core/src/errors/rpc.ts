import { redactUrl } from '../utils/redact-url.js';
import { LockstepError } from './base.js';

export type RpcErrorType = RpcError & { name: 'RpcError' };

/** A network's RPC did not answer: refused, failed, or too slow. */
export class RpcError extends LockstepError {
  override name = 'RpcError' as const;
  readonly network: string;
  /** The RPC URL, with credentials and API-key-like path segments redacted. */
  readonly url: string;

  constructor({ network, url, reason, cause }: { network: string; url: string; reason: string; cause?: unknown }) {
    super(
      `networks.${network}: RPC ${url} did not answer eth_chainId (${reason}) — start the node, or fix the network's rpc URL`,
      {
        cause,
        docsPath: '#networks',
      },
    );
    this.network = network;
    this.url = url;
  }
}

export type ChainIdMismatchErrorType = ChainIdMismatchError & { name: 'ChainIdMismatchError' };

/** A network's RPC answers for another chain than the config says. */
export class ChainIdMismatchError extends LockstepError {
  override name = 'ChainIdMismatchError' as const;
  readonly network: string;
  readonly url: string;
  readonly expected: number;
  readonly actual: number;

  constructor({ network, url, expected, actual }: { network: string; url: string; expected: number; actual: number }) {
    super(
      `networks.${network}: RPC ${url} reports chain id ${actual}, the config says ${expected} — point rpc at a node of chain ${expected}, or fix chainId`,
      { docsPath: '#networks' },
    );
    this.network = network;
    this.url = url;
    this.expected = expected;
    this.actual = actual;
  }
}

export type RpcEndpointsDownErrorType = RpcEndpointsDownError & { name: 'RpcEndpointsDownError' };

/** None of a network's RPC endpoints (`rpc`, then `rpcFallbacks`) answered a request. */
export class RpcEndpointsDownError extends LockstepError {
  override name = 'RpcEndpointsDownError' as const;
  readonly network: string;
  /** Every URL tried, in order, redacted as `RpcError.url`. */
  readonly urls: readonly string[];

  constructor({
    network,
    urls,
    method,
    cause,
  }: { network: string; urls: readonly string[]; method: string; cause?: unknown }) {
    const shown = urls.map(redactUrl);
    super(
      `networks.${network}: no RPC endpoint answered ${method} (tried ${shown.join(', ')}) — start one of these nodes, fix the URLs in networks.${network}.rpc / rpcFallbacks, or add a working one to rpcFallbacks`,
      { cause, docsPath: '#networks' },
    );
    this.network = network;
    this.urls = shown;
  }
}
