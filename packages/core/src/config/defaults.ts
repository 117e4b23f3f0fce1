/**
 * The embedded default: four local anvil chains shaped like Ethereum (the hub, 12 s blocks),
 * Arbitrum (0.25 s), Optimism (2 s) and Polygon (2 s), with their real chain ids, and the same
 * roles as `script/config/local.json`. Every address comes from anvil's public test mnemonic:
 * index 0 deployer, 1-9 council (6 of 9, terms in 3 cohorts; also the 6-of-9 fallback council), 10-24 guardians (8 of 15),
 * 25 chain guardian, 26 reporter. Never use these keys on a real network.
 */

import { parseConfig } from './parse-config.js';
import type { KeySourceInput, LockstepConfig, LockstepConfigInput } from './schema.js';

/**
 * anvil's public test mnemonic. `resolveKey` falls back to it for `LOCKSTEP_MNEMONIC` only when
 * asked to (`allowTestMnemonic`, meant for configs whose networks are all local).
 */
export const TEST_MNEMONIC = 'test test test test test test test test test test test junk';

/** The environment variable the default config's keys are read from. */
export const DEFAULT_MNEMONIC_ENV = 'LOCKSTEP_MNEMONIC';

const mnemonicKey = (index: number): KeySourceInput => ({ mnemonicEnv: DEFAULT_MNEMONIC_ENV, index });
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Council members: test-mnemonic indices 1-9. */
const COUNCIL = [
  '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
  '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
  '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
  '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
  '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
  '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
];

/** Guardians: test-mnemonic indices 10-24. */
const GUARDIANS = [
  '0xBcd4042DE499D14e55001CcbB24a551F3b954096',
  '0x71bE63f3384f5fb98995898A86B02Fb2426c5788',
  '0xFABB0ac9d68B0B445fB7357272Ff202C5651694a',
  '0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec',
  '0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097',
  '0xcd3B766CCDd6AE721141F452C550Ca635964ce71',
  '0x2546BcD3c84621e976D8185a91A922aE77ECEc30',
  '0xbDA5747bFD65F08deb54cb465eB87D40e51B197E',
  '0xdD2FD4581271e230360230F9337D5c0430Bf44C0',
  '0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199',
  '0x09DB0a93B389bEF724429898f539AEB7ac2Dd55f',
  '0x02484cb50AAC86Eae85610D6f4Bf026f30f6627D',
  '0x08135Da0A343E492FA2d4282F2AE34c6c5CC1BbE',
  '0x5E661B79FE2D3F6cE70F5AAC07d8Cd9abb2743F1',
  '0x61097BA76cD906d2ba4FD106E757f7Eb455fc295',
];

/** The default config as written (input form). */
export const defaultConfigInput = {
  networks: [
    {
      name: 'ethereum',
      chainId: 1,
      role: 'hub',
      rpc: { local: true, blockTime: 12 },
      finalityDepth: 0,
      deliveryMargin: 1800,
    },
    {
      name: 'arbitrum',
      chainId: 42161,
      role: 'satellite',
      rpc: { local: true, blockTime: 0.25 },
      finalityDepth: 0,
      deliveryMargin: 1800,
    },
    {
      name: 'optimism',
      chainId: 10,
      role: 'satellite',
      rpc: { local: true, blockTime: 2 },
      finalityDepth: 0,
      deliveryMargin: 1800,
    },
    {
      name: 'polygon',
      chainId: 137,
      role: 'satellite',
      rpc: { local: true, blockTime: 2 },
      finalityDepth: 0,
      deliveryMargin: 1800,
    },
  ],
  council: { members: COUNCIL, threshold: 6, emergencyThreshold: 4, termDays: 365, cohorts: 3 },
  guardians: { keys: GUARDIANS, quorum: 8, setExpiryWindow: 86_400 },
  fallback: { members: COUNCIL, threshold: 6 },
  timelock: { delaySeconds: 172_800 },
  receiver: {
    minDelay: 3600,
    gracePeriod: 604_800,
    adapters: ['guardian', 'fallback'],
    requiredConfirmations: 1,
    // fallbackDelay left out: the timelock's delay (the fallback path is never faster than the main one).
  },
  chainGuardian: '0xDf37F81dAAD2b0327A0A50003740e1C935C70913',
  reporters: ['0x553BC17A05702530097c3677091C5BB47a3a7931'],
  keys: {
    deployer: mnemonicKey(0),
    relayer: mnemonicKey(0),
    council: range(1, 9).map(mnemonicKey),
    guardians: range(10, 24).map(mnemonicKey),
    fallback: range(1, 9).map(mnemonicKey),
    chainGuardian: mnemonicKey(25),
    reporter: mnemonicKey(26),
  },
} as const satisfies LockstepConfigInput;

/** The default local config, validated. A fresh copy on each call, so callers may change it. */
export function defaultConfig(): LockstepConfig {
  return parseConfig(structuredClone(defaultConfigInput));
}

/** Whether every network of `config` is a local anvil (no RPC URL), so test keys are harmless. */
export function isLocalConfig(config: Pick<LockstepConfig, 'networks'>): boolean {
  return config.networks.every((network) => typeof network.rpc !== 'string');
}
