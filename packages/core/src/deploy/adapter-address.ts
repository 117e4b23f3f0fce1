import type { Address } from 'viem';
import type { ReceiverAdapter } from '../config/schema.js';
import { AdapterNotDeployedError, type AdapterNotDeployedErrorType } from '../errors/deploy.js';
import type { DeploymentAddresses } from './deployment.js';

export type AdapterAddressErrorType = AdapterNotDeployedErrorType;

/**
 * The address of the deployment's `kind` adapter (its name in the config's `receiver.adapters`,
 * e.g. `guardian`): the one way to read an adapter out of a deployment.
 *
 * Throws `AdapterNotDeployedError` (naming the kind and the fix: list it in `receiver.adapters`
 * and deploy again) when the deployment has no such adapter.
 *
 * @example
 * const adapter = adapterAddress(deployment.addresses, 'guardian')
 */
export function adapterAddress(addresses: Pick<DeploymentAddresses, 'adapters'>, kind: ReceiverAdapter): Address {
  const address = addresses.adapters[kind];
  if (!address) throw new AdapterNotDeployedError({ kind, deployed: Object.keys(addresses.adapters) });
  return address;
}
