/**
 * The vocabulary of the pre-flight consistency check: what one chain's contracts hold now
 * (`ChainState`), a value the check compares (`Fact`), and what it reports (`DriftFinding`).
 */
import type { Address } from 'viem';

/** A signer set as a contract holds it, with its `signerSetDigest`. */
export type SignerSetState = { members: Address[]; threshold: number; digest: `0x${string}` };

/** What one chain's Lockstep contracts hold, section by section; a section that could not be read is absent. */
export type ChainState = {
  receiver?: {
    address: Address;
    hub: { chainId: number; sender: Address };
    minDelay: number;
    gracePeriod: number;
    adapters: Address[];
    requiredConfirmations: number;
    fallbackAdapters: Address[];
    fallbackDelay: number;
    guardian: Address;
    registry: Address;
  };
  /** The registry's `receiver()`: the only account that writes it. */
  registry?: { address: Address; receiver: Address };
  guardianSet?: SignerSetState & { adapter: Address; index: number; setExpiryWindow: number };
  fallbackSet?: SignerSetState & {
    adapter: Address;
    minThreshold: number;
    emergencyThreshold: number;
    rotationNonce: number;
  };
  /** The hub chain only: the GovernanceHub's wiring and its `chainConfig` of every checked chain. */
  hub?: {
    address: Address;
    council: Address;
    timelock: Address;
    chains: Record<number, { receiver: Address; deliveryMargin: number; minDelay: number; gracePeriod: number }>;
  };
  /** The hub chain only: the SecurityCouncil. */
  council?: SignerSetState & { address: Address; emergencyThreshold: number; timelock: Address; hub: Address };
};

/**
 * One value the check compares on one chain: what the chain holds (`actual`), what the config and
 * the deployment files say it should be (`expected`, absent when they say nothing), and whether it
 * must be the same on every chain (`uniform`).
 */
export type Fact = {
  /** What is compared, for people: `guardian set`, `hub chainConfig receiver`, ... */
  subject: string;
  actual: string;
  expected?: string;
  uniform?: boolean;
  /** How to bring this chain to the expected value. */
  fix: string;
  /** How to fix it when no chain holds the expected value (the config is the odd one out). */
  configFix?: string;
  /** A difference is an `error` unless said otherwise. */
  severity?: 'error' | 'warning';
};

/** One difference on one chain: what differs, the expected and actual values, and the fix. */
export type DriftFinding = {
  severity: 'error' | 'warning';
  network: string;
  chainId: number;
  subject: string;
  /** Absent when there was nothing to compare against (an RPC that did not answer). */
  expected?: string;
  actual?: string;
  /** The whole finding in one line: "<subject>: expected …, got … — <fix>". */
  message: string;
  fix: string;
};
