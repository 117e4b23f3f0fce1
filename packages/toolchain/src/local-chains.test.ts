import { describe, expect, it } from 'vitest';
import { LOCAL_DEPLOYER_KEY, localDeployCommand } from './local-chains.mjs';

describe('localDeployCommand', () => {
  const { args, env } = localDeployCommand({ rpcUrl: 'http://127.0.0.1:8545' }, '/repo', { PATH: '/bin' });

  it('passes the deployer key in the environment, never in argv', () => {
    expect(env.LOCKSTEP_DEPLOYER_KEY).toBe(LOCAL_DEPLOYER_KEY);
    const hex = LOCAL_DEPLOYER_KEY.slice(2);
    expect(args.some((arg) => arg.includes(hex))).toBe(false);
    expect(args).not.toContain('--private-key');
  });

  it('keeps the rest of the environment and deploys from the local config', () => {
    expect(env.PATH).toBe('/bin');
    expect(args).toEqual(expect.arrayContaining(['script/DeployLockstep.s.sol', 'script/config/local.json']));
    expect(args.slice(args.indexOf('--rpc-url'), args.indexOf('--rpc-url') + 2)).toEqual([
      '--rpc-url',
      'http://127.0.0.1:8545',
    ]);
    expect(args).toContain('--broadcast');
  });
});
