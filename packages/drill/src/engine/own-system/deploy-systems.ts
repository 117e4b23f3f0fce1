/** The `deploy own system` phase: the scenario's own system on every local chain (forked chains keep their own proxy). */
import type { Address } from 'viem';
import type { DrillChain } from '../../chains/start-chains.js';
import type { DrillAddresses } from '../drill-context.js';
import type { Recorder } from '../recorder.js';
import { deployOwnSystem } from './deploy-system.js';
import type { ResolvedSystem } from './resolve-system.js';

export type DeployOwnSystemsParameters = {
  system: ResolvedSystem;
  chains: readonly DrillChain[];
  addresses: DrillAddresses;
  recorder: Recorder;
};

/** Per chain name: the proxy (handed to the receiver) and the release the council will approve. */
export type DeployOwnSystemsReturnType = { proxies: Map<string, Address>; releases: Map<string, Address> };

export async function deployOwnSystems(parameters: DeployOwnSystemsParameters): Promise<DeployOwnSystemsReturnType> {
  const { system, chains, addresses: a, recorder } = parameters;
  const local = chains.filter((chain) => !chain.fork?.proxy);
  const deployed = await recorder.phase('deploy own system', () =>
    Promise.all(local.map((chain) => deployOwnSystem({ system, chain, factory: a.factory, receiver: a.receiver }))),
  );
  const proxies = new Map<string, Address>();
  const releases = new Map<string, Address>();
  for (const [i, chain] of local.entries()) {
    const d = deployed[i];
    if (!d) continue;
    proxies.set(chain.name, d.proxy);
    releases.set(chain.name, d.release);
    recorder.note(
      `${chain.name}: ${system.current.id} behind a ${system.kind} proxy at ${d.proxy}, registered with the receiver; release ${system.release.id} at ${d.release}`,
    );
  }
  return { proxies, releases };
}
