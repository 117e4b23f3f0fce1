/**
 * The facts of one chain: each value its contracts hold (`ChainState`) beside the value the config
 * and the deployment files expect, with the fix for a difference. Pure: `compareFacts` turns them
 * into findings.
 */
import { type Address, zeroAddress } from 'viem';
import { effectiveFallbackDelay, type LockstepConfig, type NetworkConfig } from '../../config/schema.js';
import type { DeploymentAddresses } from '../../deploy/deployment.js';
import { signerSetDigest } from '../../signer-sets/digest.js';
import type { ChainState, Fact } from './types.js';

export type ChainFactsParameters = {
  config: LockstepConfig;
  network: NetworkConfig;
  /** This chain's deployment file. */
  addresses: DeploymentAddresses;
  /** The hub's deployment file. */
  hubAddresses: DeploymentAddresses;
  state: ChainState;
  /** The hub chain's state (its `hub.chains` holds this chain's `chainConfig`); absent when the hub could not be read. */
  hubState?: ChainState;
};

const REDEPLOY =
  'a receiver’s configuration is fixed when it is deployed: deploy from this config (`lockstep deploy`), or bring the config back to what the chains run';

/** `8 of 15, digest 0x…`: a signer set as findings show it. */
export function describeSet(members: readonly string[], threshold: number): string {
  return `${threshold} of ${members.length}, digest ${signerSetDigest(members, threshold)}`;
}

/** Every fact of one chain (see the module comment). */
export function chainFacts(parameters: ChainFactsParameters): Fact[] {
  return [
    ...receiverFacts(parameters),
    ...hubConfigFacts(parameters),
    ...guardianFacts(parameters),
    ...fallbackFacts(parameters),
    ...councilFacts(parameters),
  ];
}

function receiverFacts({ config, network, addresses, hubAddresses, state }: ChainFactsParameters): Fact[] {
  const facts: Fact[] = [
    {
      subject: 'receiver address',
      actual: addresses.receiver,
      expected: hubAddresses.receiver,
      uniform: true,
      fix: `deployments/${network.name}.json names another receiver than the hub’s deployment: deploy again (\`lockstep deploy\`)`,
    },
  ];
  const receiver = state.receiver;
  if (receiver) {
    const hub = config.networks.find((n) => n.role === 'hub');
    const adapters = config.receiver.adapters.map(
      (kind) => addresses.adapters[kind] ?? `(no ${kind} adapter deployed)`,
    );
    const fallback = addresses.adapters.fallback;
    const fallbackAdapters = config.receiver.adapters.includes('fallback') && fallback ? [fallback] : [];
    const configured = (subject: string, actual: string, expected: string): Fact => ({
      subject: `receiver ${subject}`,
      actual,
      expected,
      uniform: true,
      fix: REDEPLOY,
    });
    facts.push(
      configured(
        'hub',
        `${receiver.hub.sender} on chain ${receiver.hub.chainId}`,
        `${hubAddresses.hub} on chain ${hub?.chainId}`,
      ),
      configured('minDelay', String(receiver.minDelay), String(config.receiver.minDelay)),
      configured('gracePeriod', String(receiver.gracePeriod), String(config.receiver.gracePeriod)),
      configured('adapters', receiver.adapters.join(', '), adapters.join(', ')),
      configured(
        'requiredConfirmations',
        String(receiver.requiredConfirmations),
        String(config.receiver.requiredConfirmations),
      ),
      configured(
        'fallback adapters',
        receiver.fallbackAdapters.join(', ') || '(none)',
        fallbackAdapters.join(', ') || '(none)',
      ),
      configured('fallbackDelay', String(receiver.fallbackDelay), String(effectiveFallbackDelay(config))),
      configured('guardian', receiver.guardian, config.chainGuardian),
      {
        subject: 'receiver registry',
        actual: receiver.registry,
        expected: addresses.registry,
        uniform: true,
        fix: `deployments/${network.name}.json names another registry than its receiver’s: deploy again (\`lockstep deploy\`)`,
      },
    );
  }
  if (state.registry) {
    facts.push({
      subject: 'registry receiver',
      actual: state.registry.receiver,
      expected: addresses.receiver,
      fix: 'the registry belongs to another receiver: deploy again (`lockstep deploy`)',
    });
  }
  return facts;
}

function hubConfigFacts({ config, network, addresses, hubState }: ChainFactsParameters): Fact[] {
  const chainConfig = hubState?.hub?.chains[network.chainId];
  if (!chainConfig) return [];
  const configure = (field: string, value: string) =>
    `the hub’s configuration of chain ${network.chainId} is out of date: a council Config proposal (GovernanceHub.configure) sets its ${field} to ${value}`;
  const known = chainConfig.receiver !== zeroAddress;
  return [
    {
      subject: 'hub chainConfig receiver',
      actual: known ? chainConfig.receiver : `none (the hub does not know chain ${network.chainId})`,
      expected: addresses.receiver,
      fix: configure('receiver', addresses.receiver),
    },
    ...(known
      ? [
          {
            subject: 'hub chainConfig deliveryMargin',
            actual: String(chainConfig.deliveryMargin),
            expected: String(network.deliveryMargin),
            fix: `${configure('deliveryMargin', String(network.deliveryMargin))}, or set networks.${network.name}.deliveryMargin to ${chainConfig.deliveryMargin}`,
          },
          {
            subject: 'hub chainConfig minDelay',
            actual: String(chainConfig.minDelay),
            expected: String(config.receiver.minDelay),
            fix: configure('minDelay', String(config.receiver.minDelay)),
          },
          {
            subject: 'hub chainConfig gracePeriod',
            actual: String(chainConfig.gracePeriod),
            expected: String(config.receiver.gracePeriod),
            fix: configure('gracePeriod', String(config.receiver.gracePeriod)),
          },
        ]
      : []),
  ];
}

function guardianFacts({ config, network, state }: ChainFactsParameters): Fact[] {
  const set = state.guardianSet;
  if (!set) return [];
  const { keys, quorum } = config.guardians;
  const rotate = (only: string) => `lockstep guardian-set rotate${only} --keys ${keys.join(',')} --quorum ${quorum}`;
  return [
    {
      subject: 'guardian set',
      actual: describeSet(set.members, set.threshold),
      expected: describeSet(keys, quorum),
      uniform: true,
      fix: `rotate ${network.name} back to the config’s set: ${rotate(` --network ${network.name}`)}`,
      configFix: `every chain runs another guardian set than the config: set guardians.keys and guardians.quorum to the chains’ set (\`lockstep guardian-set show\`), or rotate every chain: ${rotate('')}`,
    },
    {
      subject: 'guardian set index',
      actual: String(set.index),
      uniform: true,
      severity: 'warning',
      fix: 'the chains went through different rotations: compare them with `lockstep guardian-set show`',
    },
    {
      subject: 'guardian setExpiryWindow',
      actual: String(set.setExpiryWindow),
      expected: String(config.guardians.setExpiryWindow),
      uniform: true,
      fix: `set guardians.setExpiryWindow to ${set.setExpiryWindow} (it is fixed when the adapter is deployed)`,
    },
  ];
}

function fallbackFacts({ config, network, state }: ChainFactsParameters): Fact[] {
  const set = state.fallbackSet;
  if (!set) return [];
  const { members, threshold } = config.fallback;
  const rotate = `rotate ${network.name}’s fallback members (CouncilFallbackAdapter.rotateMembers at nonce ${set.rotationNonce}, signed by ${set.threshold} of its current members) to ${threshold} of [${members.join(', ')}]`;
  return [
    {
      subject: 'fallback set',
      actual: describeSet(set.members, set.threshold),
      expected: describeSet(members, threshold),
      uniform: true,
      fix: rotate,
      configFix:
        'every chain’s fallback adapter holds another member set than the config: set fallback.members and fallback.threshold to the chains’ set',
    },
    {
      subject: 'fallback rotation nonce',
      actual: String(set.rotationNonce),
      uniform: true,
      fix: `the chains’ fallback sets went through different rotations: ${rotate}, so every chain signs with the same set and nonce`,
    },
    {
      subject: 'fallback minThreshold',
      actual: String(set.minThreshold),
      expected: String(config.council.threshold),
      uniform: true,
      fix: `the floor is fixed at deployment (the council threshold): set council.threshold to ${set.minThreshold}, or deploy again`,
    },
    {
      subject: 'fallback emergencyThreshold',
      actual: String(set.emergencyThreshold),
      expected: String(config.council.emergencyThreshold),
      uniform: true,
      fix: `set council.emergencyThreshold to ${set.emergencyThreshold}, or rotate the fallback members with the config’s`,
    },
  ];
}

function councilFacts({ config, addresses, state }: ChainFactsParameters): Fact[] {
  const facts: Fact[] = [];
  const same = (subject: string, actual: Address, expected: Address | undefined): Fact => ({
    subject,
    actual,
    expected: expected ?? '(none in the deployment file)',
    fix: 'the hub’s contracts are not wired as the deployment file says: deploy again (`lockstep deploy`)',
  });
  if (state.hub) {
    facts.push(
      same('hub council', state.hub.council, addresses.council),
      same('hub timelock', state.hub.timelock, addresses.timelock),
    );
  }
  const council = state.council;
  if (council) {
    const { members, threshold, emergencyThreshold } = config.council;
    facts.push(
      {
        subject: 'council set',
        actual: describeSet(council.members, council.threshold),
        expected: describeSet(members, threshold),
        fix: 'the council’s members changed (a rotation): set council.members and council.threshold to the council’s (SecurityCouncil.members(), threshold()), or rotate the council back (a rotation proposal, approved with `lockstep approve`, run with `lockstep execute`)',
      },
      {
        subject: 'council emergencyThreshold',
        actual: String(council.emergencyThreshold),
        expected: String(emergencyThreshold),
        fix: `set council.emergencyThreshold to ${council.emergencyThreshold}, or rotate the council with the config’s`,
      },
      same('council timelock', council.timelock, addresses.timelock),
      same('council hub', council.hub, addresses.hub),
    );
  }
  return facts;
}
