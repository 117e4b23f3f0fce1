/**
 * An example Lockstep config for real networks. Copy it to `lockstep.config.ts` at your project's
 * root and edit it; `packages/core/README.md` describes every field. Keys never appear here: they
 * come from environment variables or encrypted keystores.
 */
import { defineConfig } from '@lockstep/core/config';

export default defineConfig({
  networks: [
    // The hub: the council, the timelock and the GovernanceHub live here.
    {
      name: 'ethereum',
      chainId: 1,
      role: 'hub',
      rpc: 'https://ethereum-rpc.example.org',
      finalityDepth: 64,
      deliveryMargin: 3600,
    },
    {
      name: 'arbitrum',
      chainId: 42161,
      role: 'satellite',
      rpc: 'https://arbitrum-rpc.example.org',
      finalityDepth: 0,
      deliveryMargin: 1800,
    },
    {
      name: 'optimism',
      chainId: 10,
      role: 'satellite',
      rpc: 'https://optimism-rpc.example.org',
      finalityDepth: 0,
      deliveryMargin: 1800,
    },
    {
      name: 'polygon',
      chainId: 137,
      role: 'satellite',
      rpc: 'wss://polygon-rpc.example.org',
      finalityDepth: 128,
      deliveryMargin: 1800,
    },
  ],
  council: {
    // 5 to 9 distinct addresses, in any order (sorted ascending when loaded).
    members: [
      '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
      '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
      '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
      '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
      '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
      '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
    ],
    threshold: 5, // at least ceil(2N/3), fewer than N
    emergencyThreshold: 3, // more than N/3, at most threshold
    termDays: 365,
    // Terms end in cohorts so the council can always rotate itself: at most N - threshold seats
    // may end within 30 days of each other. Left out: ceil(N / (N - threshold)) cohorts (here 4).
    // cohorts: 4,
  },
  guardians: {
    keys: [
      '0xBcd4042DE499D14e55001CcbB24a551F3b954096',
      '0x71bE63f3384f5fb98995898A86B02Fb2426c5788',
      '0xFABB0ac9d68B0B445fB7357272Ff202C5651694a',
      '0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec',
      '0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097',
    ],
    quorum: 3, // more than half
    setExpiryWindow: 86_400, // at most 7 days
  },
  fallback: {
    members: [
      '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
      '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
      '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
      '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
      '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
      '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
    ],
    threshold: 5, // more than half, and at least council.threshold
  },
  timelock: { delaySeconds: 172_800 },
  receiver: {
    minDelay: 3600,
    gracePeriod: 604_800,
    adapters: ['guardian', 'fallback'], // the default; index = confirmation bit
    requiredConfirmations: 1, // 1 to adapters.length
    fallbackDelay: 172_800, // upgrades confirmed by the fallback alone wait this; >= timelock.delaySeconds
  },
  chainGuardian: '0xDf37F81dAAD2b0327A0A50003740e1C935C70913',
  reporters: ['0x553BC17A05702530097c3677091C5BB47a3a7931'],
  keys: {
    deployer: { keystore: './keys/deployer.json', passphraseEnv: 'LOCKSTEP_DEPLOYER_PASSPHRASE' },
    relayer: { env: 'LOCKSTEP_RELAYER_KEY' },
    reporter: { env: 'LOCKSTEP_REPORTER_KEY' },
  },
});
