/**
 * Signs prepared transactions into a bundle: with a signer at hand (a config key, a keystore), or
 * in two steps for a signer elsewhere — export a signature request file, then assemble the bundle
 * from the plan, that file and the signatures.
 */
import {
  type Address,
  getAddress,
  isAddressEqual,
  keccak256,
  parseTransaction,
  recoverTransactionAddress,
  serializeTransaction,
  type TransactionSerializableEIP1559,
} from 'viem';
import type { NetworkConfig } from '../config/schema.js';
import { externalSigner, type SignatureRequestFile, transactionRequest } from '../signing/external.js';
import type { Signer } from '../signing/signer.js';
import { BUNDLE_VERSION, type Bundle, type BundledTransaction } from './bundle.js';
import { findNetwork, type PresignChains } from './chain-access.js';
import { PresignError } from './errors.js';
import { type PresignPlan, planCall } from './plan.js';
import type { PreparedTransaction } from './prepare.js';

/** Signs each prepared transaction and returns the bundle (not yet written). */
export async function signBundle(
  plan: PresignPlan,
  prepared: readonly PreparedTransaction[],
  signer: Signer,
  now: () => number = () => Math.floor(Date.now() / 1000),
): Promise<Bundle> {
  const chains: Record<string, BundledTransaction> = {};
  for (const p of prepared) {
    const raw = await signer.signTransaction(p.transaction);
    const recovered = await recoverTransactionAddress({ serializedTransaction: raw as `0x02${string}` });
    if (!isAddressEqual(recovered, signer.address)) {
      throw new PresignError(`${p.network}: the signed transaction recovers to ${recovered}, not ${signer.address}`, {
        reason: 'signer-mismatch',
      });
    }
    const t = p.transaction;
    chains[String(p.chainId)] = {
      network: p.network,
      chainId: p.chainId,
      kind: p.kind,
      description: p.description,
      to: t.to,
      nonce: t.nonce,
      baseNonce: p.baseNonce,
      gasLimit: t.gas.toString(),
      maxFeePerGas: (t.maxFeePerGas ?? 0n).toString(),
      maxPriorityFeePerGas: (t.maxPriorityFeePerGas ?? 0n).toString(),
      raw,
      hash: keccak256(raw),
    };
  }
  return {
    version: BUNDLE_VERSION,
    proposal: plan.proposal,
    signer: getAddress(signer.address),
    createdAt: now(),
    notBefore: plan.notBefore,
    expiresAt: plan.expiresAt,
    chains,
  };
}

/** The request file a signer elsewhere signs: one request per chain, its unsigned transaction. */
export function signatureRequests(signer: Address, prepared: readonly PreparedTransaction[]): SignatureRequestFile {
  return {
    format: 'lockstep-signature-requests',
    version: 1,
    signer: getAddress(signer),
    requests: prepared.map((p) =>
      transactionRequest(
        String(p.chainId),
        `${p.network} (chain ${p.chainId}), nonce ${p.transaction.nonce}: ${p.description}`,
        serializeTransaction(p.transaction),
      ),
    ),
  };
}

export type AssembleParameters = PresignChains & {
  plan: PresignPlan;
  requests: SignatureRequestFile;
  signatures: ReadonlyMap<string, `0x${string}`>;
  receiverOf?: (network: NetworkConfig) => Promise<Address>;
  now?: () => number;
};

/**
 * The bundle from a request file and the signatures made elsewhere. Each request must be the
 * plan's call on its chain (so the file cannot smuggle in another call), and each signature must
 * recover to the request file's signer (`SigningError` `signer-mismatch` names who it recovered to).
 */
export async function assembleBundle(parameters: AssembleParameters): Promise<Bundle> {
  const { plan, requests, signatures } = parameters;
  const prepared: PreparedTransaction[] = [];
  for (const request of requests.requests) {
    if (request.kind !== 'transaction') continue;
    const transaction = parseTransaction(request.transaction as `0x02${string}`) as TransactionSerializableEIP1559;
    const chainId = transaction.chainId ?? 0;
    const network = findNetwork(parameters, { chainId });
    const entry = plan.transactions.find((t) => t.network === network.name);
    if (!entry) {
      throw new PresignError(
        `the request for ${network.name} is not in the plan — use the plan the requests were made from`,
        {
          reason: 'malformed-plan',
        },
      );
    }
    const receiver =
      entry.kind === 'receiver-execute' && !entry.receiver ? await parameters.receiverOf?.(network) : undefined;
    const call = planCall(entry, receiver);
    if (!transaction.to || !isAddressEqual(transaction.to, call.to) || transaction.data !== call.data) {
      throw new PresignError(
        `the request for ${network.name} does not make the plan's call (${call.description}) — make the requests again from this plan`,
        { reason: 'malformed-plan' },
      );
    }
    const nonce = transaction.nonce ?? 0;
    prepared.push({
      network: network.name,
      chainId,
      kind: entry.kind,
      description: call.description,
      baseNonce: nonce - (entry.nonceOffset ?? plan.nonceOffset),
      transaction: { ...transaction, to: call.to, data: call.data, nonce, gas: transaction.gas ?? 0n },
    });
  }
  const missing = plan.transactions.filter((t) => !prepared.some((p) => p.network === t.network));
  if (missing.length > 0) {
    throw new PresignError(
      `the request file has no transaction for ${missing.map((t) => t.network).join(', ')} — make the requests again from this plan`,
      { reason: 'malformed-plan' },
    );
  }
  return signBundle(plan, prepared, externalSigner(requests.signer, signatures), parameters.now);
}
