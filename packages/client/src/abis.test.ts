import { describe, expect, it } from 'vitest';
import * as generated from './generated/contracts.js';
import * as client from './index.js';
import { type LockstepContractName, lockstepContracts, upgradeReceiverAbi } from './index.js';

const names = (kind: 'function' | 'error') =>
  upgradeReceiverAbi.flatMap((item) => (item.type === kind && 'name' in item ? [item.name] : []));

describe('the generated client', () => {
  it('comes from the real UpgradeReceiver artifact', () => {
    expect(names('function')).toEqual(expect.arrayContaining(['confirmMessage', 'execute']));
    expect(names('error')).toContain('ReceiverNotYetActive');
  });

  it('holds exactly Lockstep contracts and the OpenZeppelin ones the deployer and the fork drills need', () => {
    const expected: LockstepContractName[] = [
      'CouncilFallbackAdapter',
      'DeploymentRegistry',
      'ERC1967Proxy',
      'GovernanceHub',
      'GuardianAdapter',
      'LockstepFactory',
      'PriceFeedV1',
      'PriceFeedV2',
      'ProxyAdmin',
      'SecurityCouncil',
      'TimelockController',
      'TransparentUpgradeableProxy',
      'UpgradeReceiver',
      'VaultV1',
      'VaultV2',
      'VaultV3Faulty',
      'VaultV3Malicious',
    ];
    expect(Object.keys(lockstepContracts).sort()).toEqual(expected);
    // Nothing from forge-std, tests, scripts or mocks slipped in.
    const abis = Object.keys(generated).filter((name) => name.endsWith('Abi'));
    // Plus the ABI-only Ownable, IERC1271 and IAccessControl (abstract: no creation code), Safe's two from
    // its artifacts, and OpenZeppelin's published Ownable2Step.
    expect(abis).toHaveLength(expected.length + 6);
    expect(abis).toEqual(
      expect.arrayContaining([
        'ownableAbi',
        'ierc1271Abi',
        'iAccessControlAbi',
        'safeAbi',
        'safeSignatureValidatorAbi',
        'ownable2StepAbi',
      ]),
    );
  });

  it('gives every contract non-empty creation bytecode', () => {
    for (const [name, { abi, bytecode }] of Object.entries(lockstepContracts)) {
      expect(abi.length, name).toBeGreaterThan(0);
      expect(bytecode, name).toMatch(/^0x(?:[0-9a-f]{2})+$/);
    }
  });

  it('re-exports everything that was generated', () => {
    expect(Object.keys(client).sort()).toEqual(Object.keys(generated).sort());
  });
});
