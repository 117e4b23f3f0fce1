import { describe, expect, it } from 'vitest';
import { DEPLOYER_KEY_ENV, forgeDeployCommand } from './forge-command.js';
import { lastLines, redactOutput } from './redact-output.js';

const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const RPC = 'https://eth.example/v2/abcdefghijklmnopqrstuvwxyz123456';

describe('forgeDeployCommand', () => {
  const { args, env } = forgeDeployCommand({
    configPath: '/repo/deployments/.config-x/arbitrum.json',
    rpcUrl: RPC,
    privateKey: KEY,
    root: '/repo',
    env: { PATH: '/bin' },
  });

  it('passes the key and the RPC URL in the environment, never in argv', () => {
    expect(env[DEPLOYER_KEY_ENV]).toBe(KEY);
    expect(env.FOUNDRY_ETH_RPC_URL).toBe(RPC);
    const argv = args.join(' ');
    expect(argv).not.toContain(KEY.slice(2));
    expect(argv).not.toContain('abcdefghijklmnopqrstuvwxyz123456');
    expect(args).not.toContain('--private-key');
  });

  it('runs the deploy script with the config and broadcasts', () => {
    expect(args.slice(0, 7)).toEqual([
      'script',
      'script/DeployLockstep.s.sol',
      '--root',
      '/repo',
      '--sig',
      'run(string)',
      '/repo/deployments/.config-x/arbitrum.json',
    ]);
    expect(args).toContain('--broadcast');
    expect(env.PATH).toBe('/bin');
  });
});

describe('redactOutput', () => {
  it('removes the key in every form and anything else shaped like one', () => {
    const other = `0x${'ab'.repeat(32)}`;
    const text = `key ${KEY} bare ${KEY.slice(2)} upper ${KEY.toUpperCase().replace('0X', '0x')} dec ${BigInt(KEY)} other ${other} rpc ${RPC}`;
    const out = redactOutput(text, [KEY, RPC]);
    expect(out).not.toMatch(/[0-9a-fA-F]{64}/);
    expect(out).not.toContain(BigInt(KEY).toString());
    expect(out).not.toContain('abcdefghijklmnopqrstuvwxyz123456');
    expect(out).toBe('key *** bare *** upper *** dec *** other *** rpc ***');
  });

  it('keeps addresses', () => {
    const address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
    expect(redactOutput(`deployer ${address}`)).toBe(`deployer ${address}`);
  });
});

describe('lastLines', () => {
  it('keeps the last non-empty lines', () => {
    expect(lastLines('a\n\nb\nc  \n\n', 2)).toBe('b\nc');
  });
});
