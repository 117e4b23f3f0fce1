import { describe, expect, it } from 'vitest';
import type { ChainReport } from '../types.js';
import { postUpgradeEnv } from './post-upgrade-env.js';

const chain: ChainReport = {
  name: 'optimism',
  chainId: 10,
  rpcUrl: 'http://127.0.0.1:1',
  blockTime: 2,
  proxy: '0x00000000000000000000000000000000000000aa',
  implementationBefore: '0x00000000000000000000000000000000000000b1',
  implementationAfter: '0x00000000000000000000000000000000000000b2',
  expectedCodehash: `0x${'c'.repeat(64)}`,
  observedCodehash: `0x${'c'.repeat(64)}`,
  executedAtBlock: 7,
  executedAtTimestamp: 1000,
  deliveries: 1,
  guardianSet: 0,
  executions: 1,
  deliveredVia: 'guardians',
  queuedAt: 900,
  executableAt: 1000,
  activationDelaySeconds: 0,
  fallbackDelaySeconds: null,
  notUpgradedReason: null,
  fundsAtRisk: '5',
  fundsLost: '0',
  losses: [],
  messages: [],
};

describe('postUpgradeEnv', () => {
  it("passes the fork, the proxy, the approved implementation and codehash, the chain id and the drill's deposit", () => {
    expect(
      postUpgradeEnv({
        chain,
        forkRpcUrl: 'http://127.0.0.1:2',
        expectedImplementation: '0x00000000000000000000000000000000000000b2',
        receiver: '0x00000000000000000000000000000000000000dd',
        messageId: `0x${'e'.repeat(64)}`,
        depositWei: '5',
      }),
    ).toEqual({
      LOCKSTEP_FORK_RPC: 'http://127.0.0.1:2',
      LOCKSTEP_PROXY: chain.proxy,
      LOCKSTEP_EXPECTED_IMPLEMENTATION: '0x00000000000000000000000000000000000000b2',
      LOCKSTEP_EXPECTED_CODEHASH: chain.expectedCodehash,
      LOCKSTEP_EXPECTED_VERSION: '2',
      LOCKSTEP_EXPECTED_CHAIN_ID: '10',
      LOCKSTEP_RECEIVER: '0x00000000000000000000000000000000000000dd',
      LOCKSTEP_MESSAGE_ID: `0x${'e'.repeat(64)}`,
      LOCKSTEP_DEPOSIT_WEI: '5',
    });
  });

  it('leaves the optional checks out (forge skips them) when there is no receiver, message or deposit', () => {
    const env = postUpgradeEnv({
      chain,
      forkRpcUrl: 'http://127.0.0.1:2',
      expectedImplementation: chain.implementationAfter,
      depositWei: '0',
    });
    expect(Object.keys(env).sort()).toEqual([
      'LOCKSTEP_EXPECTED_CHAIN_ID',
      'LOCKSTEP_EXPECTED_CODEHASH',
      'LOCKSTEP_EXPECTED_IMPLEMENTATION',
      'LOCKSTEP_EXPECTED_VERSION',
      'LOCKSTEP_FORK_RPC',
      'LOCKSTEP_PROXY',
    ]);
  });
});
