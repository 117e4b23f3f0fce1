/**
 * The config's tables for the shared issue formatter (`../document/`): the fields each object
 * knows, the fix for each field, and the key material never quoted. Turns zod issues into
 * `ConfigIssue`s: the field's path as written in a config (`networks[2].chainId`), the problem in
 * plain words (with the bad value, key material redacted), and the fix.
 */
import { createIssueFormatter } from '../document/format-issues.js';
import {
  emergencyPauseShape,
  MONITOR_ALERT_KINDS,
  monitorEntryShape,
  monitorShape,
  monitorThresholdsShape,
  PAUSABLE_ALERT_KINDS,
  triggerShapes,
} from './monitor.js';
import {
  configShape,
  councilShape,
  fallbackShape,
  guardiansShape,
  keySourceShapes,
  keysShape,
  localRpcShape,
  MAX_NETWORKS,
  MAX_SET_EXPIRY_WINDOW,
  networkShape,
  receiverShape,
  timelockShape,
} from './schema.js';

const KEY_SOURCE_FIELDS = [
  ...new Set([
    ...Object.keys(keySourceShapes.env),
    ...Object.keys(keySourceShapes.keystore),
    ...Object.keys(keySourceShapes.mnemonic),
  ]),
];

/** Field names of each object, by normalized path, for "unknown field" suggestions. */
const KNOWN_FIELDS: Record<string, readonly string[]> = {
  '': Object.keys(configShape),
  'networks[]': Object.keys(networkShape),
  'networks[].rpc': Object.keys(localRpcShape),
  council: Object.keys(councilShape),
  guardians: Object.keys(guardiansShape),
  fallback: Object.keys(fallbackShape),
  timelock: Object.keys(timelockShape),
  receiver: Object.keys(receiverShape),
  keys: Object.keys(keysShape),
  'keys.*': KEY_SOURCE_FIELDS,
  monitor: Object.keys(monitorShape),
  'monitor.monitors[]': Object.keys(monitorEntryShape),
  'monitor.monitors[].thresholds': Object.keys(monitorThresholdsShape),
  'monitor.triggers.*': [
    ...new Set([
      ...Object.keys(triggerShapes.terminal),
      ...Object.keys(triggerShapes.jsonLog),
      ...Object.keys(triggerShapes.webhook),
    ]),
  ],
  'monitor.emergencyPause': Object.keys(emergencyPauseShape),
};

const quoted = (list: readonly string[]) => list.map((k) => `'${k}'`).join(', ');

const KEY_SOURCE_FIX =
  "use { env: 'VAR_NAME' }, { keystore: './key.json', passphraseEnv: 'VAR_NAME' } or { mnemonicEnv: 'VAR_NAME', index: 0 }";
const ENV_NAME_FIX = 'use the name of an environment variable (letters, digits and _), e.g. LOCKSTEP_DEPLOYER_KEY';

/** How to fix a field, by normalized path (indices as `[]`, key roles as `*`). */
const FIXES: Record<string, string> = {
  '': 'the config must be an object with networks, council, guardians, fallback, timelock, receiver, chainGuardian, reporters and keys',
  networks: `list 1 to ${MAX_NETWORKS} networks, e.g. [{ name: 'ethereum', chainId: 1, role: 'hub', rpc: 'https://…', finalityDepth: 64, deliveryMargin: 1800 }]`,
  'networks[]': 'describe the network as { name, chainId, role, rpc, finalityDepth, deliveryMargin }',
  'networks[].name': "use a short lower-case name like 'arbitrum' (a letter, then letters, digits, _ or -; at most 32)",
  'networks[].chainId': "set it to the chain's id (e.g. 42161)",
  'networks[].role': "set it to 'hub' (the one home chain) or 'satellite'",
  'networks[].rpc': 'set it to an http(s) or ws(s) URL, or { local: true, blockTime: <seconds> } for a local anvil',
  'networks[].rpcFallbacks': "list further RPC URLs of the same chain, e.g. ['https://backup.example']",
  'networks[].rpcFallbacks[]': 'set it to an http(s) or ws(s) URL of the same chain',
  'networks[].rpc.local': 'write local: true (or give an RPC URL instead of an object)',
  'networks[].rpc.blockTime': 'set the seconds between blocks, more than 0 (e.g. 12 for Ethereum, 0.25 for Arbitrum)',
  'networks[].finalityDepth': 'set the number of blocks after which a block is final (0 or more, e.g. 64 on Ethereum)',
  'networks[].deliveryMargin':
    'set the seconds a message may take to reach this chain (a whole number, 0 to 4294967295, e.g. 1800)',
  council: 'describe the council as { members, threshold, emergencyThreshold, termDays, cohorts? }',
  'council.members': 'list 5 to 9 distinct member addresses',
  'council.members[]': 'write the address as 0x followed by 40 hex digits',
  'council.threshold':
    'set it to a whole number from ceil(2N/3) to N - 1, where N is the number of members (6 for 9 members)',
  'council.emergencyThreshold': 'set it to a whole number above N/3 and at most threshold (4 for 9 members)',
  'council.termDays': 'set the members’ term in whole days (e.g. 365)',
  'council.cohorts':
    'set how many groups the terms end in, a whole number from ceil(N / (N - threshold)) to N (e.g. 3 for 6 of 9), or leave it out',
  guardians: 'describe the guardians as { keys, quorum, setExpiryWindow }',
  'guardians.keys': 'list 1 to 32 distinct guardian addresses',
  'guardians.keys[]': 'write the address as 0x followed by 40 hex digits',
  'guardians.quorum': 'set it to more than half the guardians, at most all of them (e.g. 8 of 15)',
  'guardians.setExpiryWindow': `set the seconds a rotated-out set stays valid, from 0 to ${MAX_SET_EXPIRY_WINDOW} (7 days)`,
  fallback: 'describe the fallback council as { members, threshold }',
  'fallback.members': 'list 5 to 9 distinct member addresses',
  'fallback.members[]': 'write the address as 0x followed by 40 hex digits',
  'fallback.threshold':
    'set it to more than half the members, at most all of them, and at least council.threshold (e.g. 6 of 9)',
  timelock: 'describe the timelock as { delaySeconds }',
  'timelock.delaySeconds': 'set the timelock delay in whole seconds (e.g. 172800 for 2 days)',
  receiver: 'describe the receivers as { minDelay, gracePeriod, adapters?, requiredConfirmations?, fallbackDelay? }',
  'receiver.adapters': "list the adapters the receivers trust: 'guardian' and/or 'fallback' (default both)",
  'receiver.adapters[]': "use 'guardian' or 'fallback'",
  'receiver.requiredConfirmations':
    'set how many adapters must confirm a message, from 1 to the number of adapters (default 1)',
  'receiver.fallbackDelay':
    'set the seconds an upgrade confirmed by the fallback alone waits, at least timelock.delaySeconds (default: that delay)',
  'receiver.minDelay': 'set the seconds a delivered upgrade waits at least (a whole number, e.g. 3600)',
  'receiver.gracePeriod':
    'set the seconds an upgrade stays executable after activation (a whole number above 0, e.g. 604800)',
  chainGuardian: 'set the address of the account that may cancel a queued message on each chain',
  reporters: 'list the addresses allowed to report delivery progress to the hub',
  'reporters[]': 'write the address as 0x followed by 40 hex digits',
  keys: 'map roles (deployer, relayer, reporter, chainGuardian, council, guardians, fallback) to key sources',
  'keys.*': KEY_SOURCE_FIX,
  'keys.*.env': ENV_NAME_FIX,
  'keys.*.passphraseEnv': ENV_NAME_FIX,
  'keys.*.mnemonicEnv': ENV_NAME_FIX,
  'keys.*.keystore': 'set the path of a Web3 Secret Storage (v3) JSON keystore, relative to the config file',
  'keys.*.index': 'set the account index in the mnemonic (m/44’/60’/0’/0/index), a whole number from 0',
  monitor: 'describe the monitor as { monitors, triggers, emergencyPause? }',
  'monitor.monitors': "list at least one monitor, e.g. [{ name: 'lockstep', triggers: ['terminal'] }]",
  'monitor.monitors[]': 'describe the monitor as { name, triggers, networks?, alerts?, thresholds?, paused? }',
  'monitor.monitors[].name': 'use a short name (letters, digits, _ . -; at most 64)',
  'monitor.monitors[].networks': 'list network names from networks, or leave it out to watch every network',
  'monitor.monitors[].alerts': `list alert kinds (${quoted(MONITOR_ALERT_KINDS)}), or leave it out for every kind`,
  'monitor.monitors[].alerts[]': `use one of ${quoted(MONITOR_ALERT_KINDS)}`,
  'monitor.monitors[].thresholds':
    'describe the thresholds as { haltSeconds?, deliveryMarginSeconds?, activationGraceSeconds?, termEndWarningDays? }',
  'monitor.monitors[].thresholds.haltSeconds': 'set the seconds without a block before a chain is halted (e.g. 60)',
  'monitor.monitors[].thresholds.deliveryMarginSeconds':
    'set the seconds a message may take after dispatch (e.g. 1800)',
  'monitor.monitors[].thresholds.activationGraceSeconds':
    'set the seconds after the activation time a chain may still execute before the alert (default: one block time of the chain)',
  'monitor.monitors[].thresholds.termEndWarningDays':
    'set how many days before a seat’s term end to warn, a whole number from 1 (default 30)',
  'monitor.monitors[].triggers': 'list the names of triggers declared under monitor.triggers (at least one)',
  'monitor.triggers':
    "map trigger names to { type: 'terminal' }, { type: 'json-log', path } or { type: 'webhook', url, headers?, retries?, timeoutSeconds? }",
  'monitor.triggers.*':
    "use { type: 'terminal' }, { type: 'json-log', path: './alerts.jsonl' } or { type: 'webhook', url: 'https://…' }",
  'monitor.triggers.*.type': "use 'terminal', 'json-log' or 'webhook'",
  'monitor.triggers.*.path': 'set the path of the JSON log file (one JSON object per line)',
  'monitor.triggers.*.url': 'set the http(s) URL the alerts are POSTed to',
  'monitor.triggers.*.headers': "map header names to values, or to { env: 'VAR' } to read a token from the environment",
  'monitor.triggers.*.retries': 'set how many times a failed POST is retried, 0 to 10 (default 3)',
  'monitor.triggers.*.timeoutSeconds': 'set the seconds one POST may take, above 0 and at most 300 (default 10)',
  'monitor.emergencyPause': 'describe the rule as { dir, on?, validForSeconds? }',
  'monitor.emergencyPause.on': `list ${quoted(PAUSABLE_ALERT_KINDS)} (the critical alerts), or leave it out for both`,
  'monitor.emergencyPause.on[]': `use ${quoted(PAUSABLE_ALERT_KINDS)}`,
  'monitor.emergencyPause.dir': 'set the folder the unsigned pause roots are written to',
  'monitor.emergencyPause.validForSeconds':
    'set the seconds a signed pause may be broadcast, 60 to 31622400 (366 days; default 604800)',
};

const SECRET = /^(0x)?[0-9a-fA-F]{64}$/;

const formatter = createIssueFormatter({
  knownFields: KNOWN_FIELDS,
  fixes: FIXES,
  fallbackFix: 'see the README for this field',
  records: ['keys', 'monitor.triggers'],
  discriminators: { 'monitor.triggers.*.type': 'trigger type' },
  formats: { url: 'an http(s) or ws(s) URL' },
  redact: (value) => {
    if (SECRET.test(value.trim())) return 'a 32-byte hex string (redacted)';
    if (value.trim().split(/\s+/).length >= 12) return 'a long phrase (redacted)';
    return undefined;
  },
});

export { formatPath } from '../document/path.js';

/** The bad value in words, short, with anything that could be key material redacted. */
export const describeInput = formatter.describeInput;

/** Converts zod issues (with `reportInput`) to config issues, one per mistake. */
export const formatIssues = formatter.formatIssues;
