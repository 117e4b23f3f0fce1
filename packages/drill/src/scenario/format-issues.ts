/**
 * The scenario's tables for core's shared issue formatter (`@lockstep/core/document`): the fields
 * each object knows and the fix for each field. Turns zod issues into `ScenarioIssue`s: the field's
 * path as written in a scenario file (`chains[2].chainId`), the problem in plain words (with the
 * bad value), and the fix.
 */
import { createIssueFormatter } from '@lockstep/core/document';
import { FLOW_EVENTS } from '../types.js';
import { SCENARIO_FORMAT_DOC } from './scenario-error.js';
import {
  attackerShape,
  chainShape,
  councilShape,
  deploymentShape,
  expectShape,
  FAULT_FIELD_FIXES,
  FAULT_KINDS,
  faultShapes,
  forkedProxyShape,
  forkShape,
  guardiansShape,
  MAX_SCENARIO_CHAINS,
  MAX_SCENARIO_GUARDIANS,
  proposalShape,
  responseShape,
  scenarioShape,
  triggerShape,
} from './schema.js';
import { ownSystemShape } from './system-shape.js';

const FAULT_FIELDS = [...new Set(Object.values(faultShapes).flatMap((shape) => Object.keys(shape)))];

/** Field names of each object, by normalized path, for "unknown field" suggestions. */
const KNOWN_FIELDS: Record<string, readonly string[]> = {
  '': Object.keys(scenarioShape),
  'chains[]': Object.keys(chainShape),
  'chains[].fork': Object.keys(forkShape),
  'chains[].fork.proxy': Object.keys(forkedProxyShape),
  council: Object.keys(councilShape),
  guardians: Object.keys(guardiansShape),
  deployment: Object.keys(deploymentShape),
  proposal: Object.keys(proposalShape),
  response: Object.keys(responseShape),
  'proposal.overrides[]': ['chain', 'implementation'],
  'faults[]': FAULT_FIELDS,
  'faults[].trigger': Object.keys(triggerShape),
  attacker: Object.keys(attackerShape),
  expect: Object.keys(expectShape),
  system: Object.keys(ownSystemShape),
  'system.proxy': ['kind', 'initializer'],
  'system.health': ['calls'],
  'system.health.calls[]': ['signature', 'args', 'returns', 'reverts'],
};

const CHAIN_LIST = 'write "all" or a list of chain names from chains, e.g. ["arbitrum", "optimism"]';
const TRIGGER_FIX = `write { "after": "<event>", "delaySeconds": 0 } with an event among ${FLOW_EVENTS.join(', ')}`;

/** How to fix a field, by normalized path (indices as `[]`). */
const FIXES: Record<string, string> = {
  '': 'a scenario is a JSON object with description, chains, proposal and, optionally, name, seed, council, guardians, timelockDelaySeconds, deployment, baseline, response, faults, attacker and expect',
  name: 'use letters, digits, ".", "_" or "-" (at most 64), e.g. "halted-chain"; or leave it out to use the file name',
  description: 'say in a sentence what the drill rehearses and what should happen',
  seed: 'set a whole number from 0 to 4294967295',
  chains: `list 1 to ${MAX_SCENARIO_CHAINS} chains, e.g. [{ "name": "ethereum", "chainId": 1, "blockTime": 12, "role": "hub" }]`,
  'chains[]': 'describe the chain as { name, chainId, blockTime, role?, finalityDepth?, fork? }',
  'chains[].name':
    'use a short lower-case name like "arbitrum" (a letter, then letters, digits, "_" or "-"; not "all")',
  'chains[].chainId': 'set the chain id, a whole number from 1 to 2^53 - 1 (e.g. 42161)',
  'chains[].blockTime': 'set the seconds between blocks, more than 0 and at most 3600 (e.g. 12, or 0.25 for Arbitrum)',
  'chains[].role': 'set "hub" (the one home chain) or "satellite"',
  'chains[].finalityDepth': 'set the blocks a guardian waits on the hub before signing (a whole number from 0)',
  'chains[].fork': 'write { "url": "https://…", "blockNumber": 123 } or leave fork out',
  'chains[].fork.url': 'set the http(s) RPC URL of the chain to fork',
  'chains[].fork.blockNumber': 'set the block to fork at (a whole number), or leave it out for the latest',
  'chains[].fork.proxy':
    'write { "address": "0x…", "kind": "uups" | "transparent", "upgradeTo": "0x…" } for your own proxy on that chain, or leave it out',
  'chains[].fork.proxy.address': 'set your proxy’s address on that chain (0x followed by 40 hex digits)',
  'chains[].fork.proxy.kind':
    'set "uups" (an Ownable UUPS proxy) or "transparent" (a TransparentUpgradeableProxy and its ProxyAdmin)',
  'chains[].fork.proxy.upgradeTo': 'set the address of the new implementation, already deployed on that chain',
  system:
    'write { "current": "src/Pool.sol:PoolV1", "release": "src/Pool.sol:PoolV2", "proxy": { "kind": "uups", "initializer": { "signature": "initialize(address)", "args": ["{deployer}"] } }, "health": { "calls": [{ "signature": "version()", "returns": ["2"] }] } } (see docs/own-contracts.md)',
  'system.current': 'set the forge artifact id of the implementation running today, e.g. "src/Pool.sol:PoolV1"',
  'system.release': 'set the forge artifact id of the release, e.g. "src/Pool.sol:PoolV2"',
  'system.proxy.kind':
    'set "uups" (an Ownable UUPS implementation in an ERC1967Proxy) or "transparent" (a TransparentUpgradeableProxy)',
  'system.health.calls': 'list at least one call, e.g. [{ "signature": "version()", "returns": ["2"] }]',
  'system.health.calls[]':
    'give "signature" and "args", and exactly one of "returns" (the expected values) or "reverts" (an error name, or "" for any revert)',
  council: 'describe the council as { size, threshold, emergencyThreshold }',
  'council.size': `set 5 to 9 members (the local keys are anvil test accounts 1-9)`,
  'council.threshold': 'set a whole number from ceil(2N/3) to N (6 for 9 members)',
  'council.emergencyThreshold': 'set a whole number above N/3 and at most threshold (4 for 9 members)',
  guardians: 'describe the guardians as { size, quorum }',
  'guardians.size': `set 1 to ${MAX_SCENARIO_GUARDIANS} guardians (the local keys are anvil test accounts 10-24, then 30-33)`,
  'guardians.quorum': 'set more than half the guardians, at most all of them (8 of 15)',
  timelockDelaySeconds: 'set the timelock delay in whole seconds (172800 for 2 days)',
  deployment:
    'describe the deployment timing as { messageExpirySeconds?, deliveryMarginSeconds?, minDelaySeconds?, guardianSetOverlapSeconds? }',
  'deployment.messageExpirySeconds':
    'set the seconds after the activation time a message may still execute, a whole number of at least 1 (604800: 7 days)',
  'deployment.deliveryMarginSeconds': 'set the seconds the hub allows for delivery, a whole number (1800)',
  'deployment.minDelaySeconds': "set the receiver's minimum delay after queueing, in whole seconds (3600)",
  'deployment.guardianSetOverlapSeconds':
    'set the seconds a rotated-out guardian set still counts, a whole number from 0 to 604800 (86400)',
  proposal: 'describe the proposal as { kind, implementation, chains, overrides?, waves? }',
  'proposal.kind':
    'set "upgrade" (timelocked), "emergency-pause" (emergency quorum through the hub, no timelock) or "presigned-pause" (a root the emergency quorum signed ahead of time)',
  'proposal.implementation':
    'set "VaultV2" (the fix), "VaultV3Faulty" (a release whose withdrawals revert) or "VaultV3Malicious" (the drill attacker)',
  'proposal.chains': CHAIN_LIST,
  'proposal.chains[]': CHAIN_LIST,
  'proposal.overrides':
    'list { "chain": "<name>", "implementation": "VaultV2" | "VaultV3Faulty" | "VaultV3Malicious" } entries',
  'proposal.overrides[]': 'write { "chain": "<name>", "implementation": "VaultV3Malicious" }',
  'proposal.overrides[].chain': CHAIN_LIST,
  'proposal.overrides[].implementation': 'set "VaultV2", "VaultV3Faulty" or "VaultV3Malicious"',
  'proposal.waves':
    'list the waves in order, each a list of chain names, e.g. [["polygon"], ["arbitrum", "optimism"], ["ethereum"]]',
  'proposal.waves[]': 'write a non-empty list of chain names, e.g. ["arbitrum", "optimism"]',
  'proposal.waves[][]': 'name a chain from chains',
  baseline: 'set "VaultV1" (the vulnerable vault, the default) or "VaultV2"',
  response:
    'describe the response as { "onFailedHealthCheck": "stop" | "rollback", "onHaltedChain": "proceed" | "hold" }',
  'response.onHaltedChain':
    'set "proceed" (the others switch at activation) or "hold" (every chain waits until all can switch together)',
  'response.executorMaxFeeGwei': "set the keeper's fee cap in gwei per gas (more than 0), e.g. 200",
  'response.onFailedHealthCheck': 'set "stop" (halt the rollout) or "rollback" (restore the previous implementation)',
  faults:
    'list faults, e.g. [{ "kind": "halt-chain", "target": "polygon", "trigger": { "after": "dispatched" }, "durationSeconds": 7200 }]',
  'faults[]': `write { "kind": <one of ${FAULT_KINDS.join(', ')}>, "trigger": {...}, ... }`,
  'faults[].kind': `use one of: ${FAULT_KINDS.join(', ')}`,
  'faults[].target': 'name a chain from chains',
  'faults[].trigger': TRIGGER_FIX,
  'faults[].trigger.after': `use one of: ${FLOW_EVENTS.join(', ')}`,
  'faults[].trigger.delaySeconds': 'set the virtual seconds after the event (0 or more)',
  // Each fault kind's own fields (`durationSeconds`, `count`, ...): from its declaration.
  ...FAULT_FIELD_FIXES,
  attacker: 'describe the attacker as { enabled, depositWei, spreadSeconds }',
  'attacker.enabled': 'set true or false',
  'attacker.depositWei': 'write the wei as a decimal string, e.g. "10000000000000000000" for 10 ETH',
  'attacker.spreadSeconds': 'set the virtual seconds between the exploit reaching one chain and the next (0 or more)',
  expect:
    'describe the expectations as { upgraded?, unchanged?, staysOnOldCode?, alerts?, noAlerts?, exactlyOnce?, fallbackDelayed?, maxVulnerabilityWindowSeconds?, maxFundsLostWei?, maxFundsLostWeiPerChain?, maxRtoSeconds?, maxTimeToPauseSeconds? }',
  'expect.upgraded': CHAIN_LIST,
  'expect.upgraded[]': CHAIN_LIST,
  'expect.unchanged': CHAIN_LIST,
  'expect.unchanged[]': CHAIN_LIST,
  'expect.maxVulnerabilityWindowSeconds': 'set the seconds (0 or more)',
  'expect.alerts': 'list alert kinds, e.g. ["chain-halted"]',
  'expect.alerts[]': 'write the alert kind in lower-case-with-dashes, e.g. "chain-halted"',
  'expect.maxFundsLostWei': 'write the wei as a decimal string, e.g. "0"',
  'expect.maxRtoSeconds': 'set the seconds (0 or more)',
  'expect.exactlyOnce': 'set true or false',
  'expect.noAlerts': 'list alert kinds that must not fire, e.g. ["chain-halted", "codehash-mismatch"]',
  'expect.noAlerts[]': 'write the alert kind in lower-case-with-dashes, e.g. "chain-halted"',
  'expect.maxFundsLostWeiPerChain':
    'map chain names (or "all": every chain not named) to a decimal wei string, e.g. { "polygon": "0", "all": "10000000000000000000" }',
  'expect.maxFundsLostWeiPerChain.*': 'write the wei as a decimal string, e.g. "0"',
  'expect.staysOnOldCode': CHAIN_LIST,
  'expect.staysOnOldCode[]': CHAIN_LIST,
  'expect.fallbackDelayed': CHAIN_LIST,
  'expect.fallbackDelayed[]': CHAIN_LIST,
};

const formatter = createIssueFormatter({
  knownFields: KNOWN_FIELDS,
  fixes: FIXES,
  fallbackFix: `see ${SCENARIO_FORMAT_DOC}`,
  // A record's entries are named by their keys (chain names): one fix for all of them.
  records: ['expect.maxFundsLostWeiPerChain'],
  formats: { url: 'an http(s) URL' },
  discriminators: { 'faults[].kind': 'fault kind' },
});

export { formatPath } from '@lockstep/core/document';

/** The bad value in words, short. */
export const describeInput = formatter.describeInput;

/** Converts zod issues (parsed with `reportInput`) to scenario issues, one per mistake. */
export const formatIssues = formatter.formatIssues;
