/**
 * What a deployment leaves behind: `deployments/<network>.json`, one file per network, holding
 * the contract addresses, the chain id, the (redacted) RPC URL and the deployer's address.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Address, getAddress, isAddress } from 'viem';
import { z } from 'zod';
import { RECEIVER_ADAPTERS } from '../config/schema.js';

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), 'expected an address')
  .transform((value) => getAddress(value) as Address);

const addressesShape = {
  factory: address,
  receiver: address,
  registry: address,
  /**
   * The bridge adapters deployed, by their name in the config's `receiver.adapters` (only those
   * the config lists are deployed). Read one with `adapterAddress`.
   */
  adapters: z.partialRecord(z.enum(RECEIVER_ADAPTERS), address),
  /** Hub chain only. */
  timelock: address.optional(),
  hub: address.optional(),
  council: address.optional(),
  /** With the example vault only. */
  vault: address.optional(),
  vaultV1: address.optional(),
  vaultV2: address.optional(),
};

/** The addresses `deployments/<chainId>.json` (written by the script) holds. */
export const scriptOutputSchema = z.object({ chainId: z.number().int().positive(), ...addressesShape });

export const deploymentSchema = z.object({
  network: z.string(),
  chainId: z.number().int().positive(),
  /** Redacted: no credentials, query string or API-key-like path segment. */
  rpcUrl: z.string(),
  deployer: address,
  addresses: z.object(addressesShape),
});

/** Lockstep's contracts on one chain. Hub fields only on the hub, vault fields only with the example vault. */
export type DeploymentAddresses = z.output<typeof deploymentSchema>['addresses'];

/** The content of `deployments/<network>.json`. */
export type Deployment = z.output<typeof deploymentSchema>;

/** Where deployments are written, under the project root. */
export const DEPLOYMENTS_DIR = 'deployments';

/** `<root>/deployments/<network>.json`. */
export function deploymentPath(root: string, network: string): string {
  return join(root, DEPLOYMENTS_DIR, `${network}.json`);
}

/** Reads a JSON file; `undefined` when it does not exist. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text);
}
