// Over 400 lines on purpose: one case per config rule and per error message the user reads.
import { describe, expect, it } from 'vitest';
import { defaultConfigInput } from './defaults.js';
import { issuesOf } from './issues.fixture.js';
import { parseConfig } from './parse-config.js';

// biome-ignore lint/suspicious/noExplicitAny: each test case edits a copy of the config freely.
type Draft = Record<string, any>;

/** A copy of the default config with one change applied. */
function mutate(change: (draft: Draft) => void): unknown {
  const draft = structuredClone(defaultConfigInput) as unknown as Draft;
  change(draft);
  return draft;
}

const PRIVATE_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ADDRESS_A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('parseConfig', () => {
  it('accepts the default config, checksummed and with address sets ascending', () => {
    const config = parseConfig(structuredClone(defaultConfigInput));
    expect(config.networks.map((n) => n.chainId)).toEqual([1, 42161, 10, 137]);
    const members = config.council.members.map((m) => BigInt(m));
    expect(members).toEqual([...members].sort((a, b) => (a < b ? -1 : 1)));
    expect(config.keys.council).toHaveLength(9);
  });

  it('accepts lower-case addresses and returns them checksummed', () => {
    const config = parseConfig(mutate((d) => (d.chainGuardian = d.chainGuardian.toLowerCase())));
    expect(config.chainGuardian).toBe('0xDf37F81dAAD2b0327A0A50003740e1C935C70913');
  });

  // Each row: one mistake, the field path the error must name, and words from the problem and the fix.
  const cases: [string, (d: Draft) => void, string, RegExp, RegExp][] = [
    [
      'chainId not a number',
      (d) => (d.networks[2].chainId = 'abc'),
      'networks[2].chainId',
      /expected a number, got "abc"/,
      /chain's id \(e\.g\. 42161\)/,
    ],
    [
      'chainId not whole',
      (d) => (d.networks[1].chainId = 1.5),
      'networks[1].chainId',
      /whole number, got 1\.5/,
      /chain's id/,
    ],
    ['chainId zero', (d) => (d.networks[1].chainId = 0), 'networks[1].chainId', /more than 0, got 0/, /chain's id/],
    [
      'chainId twice',
      (d) => (d.networks[3].chainId = 10),
      'networks[3].chainId',
      /also used by networks\[2\]/,
      /different chain/,
    ],
    [
      'name twice',
      (d) => (d.networks[3].name = 'optimism'),
      'networks[3].name',
      /also the name of networks\[2\]/,
      /its own name/,
    ],
    [
      'name malformed',
      (d) => (d.networks[0].name = 'Main Net'),
      'networks[0].name',
      /wrong format: "Main Net"/,
      /lower-case name/,
    ],
    [
      'no hub',
      (d) => (d.networks[0].role = 'satellite'),
      'networks',
      /no network has role "hub"/,
      /exactly one network/,
    ],
    [
      'two hubs',
      (d) => (d.networks[1].role = 'hub'),
      'networks',
      /2 networks have role "hub" \(ethereum, arbitrum\)/,
      /"satellite"/,
    ],
    [
      'bad role',
      (d) => (d.networks[1].role = 'spoke'),
      'networks[1].role',
      /expected "hub" or "satellite", got "spoke"/,
      /'hub'.*'satellite'/,
    ],
    ['no networks', (d) => (d.networks = []), 'networks', /at least 1 entries, got 0/, /list 1 to 128 networks/],
    [
      'rpc not a URL',
      (d) => (d.networks[1].rpc = 'localhost:8545'),
      'networks[1].rpc',
      /URL, got "localhost:8545"/,
      /http\(s\) or ws\(s\) URL/,
    ],
    ['rpc ftp', (d) => (d.networks[1].rpc = 'ftp://node.example'), 'networks[1].rpc', /URL/, /http\(s\)/],
    [
      'rpcFallbacks entry not a URL',
      (d) => {
        d.networks[1].rpc = 'https://a.example';
        d.networks[1].rpcFallbacks = ['https://b.example', 'localhost:8546'];
      },
      'networks[1].rpcFallbacks[1]',
      /URL, got "localhost:8546"/,
      /http\(s\) or ws\(s\) URL of the same chain/,
    ],
    [
      'rpcFallbacks repeats rpc',
      (d) => {
        d.networks[1].rpc = 'https://a.example';
        d.networks[1].rpcFallbacks = ['https://a.example'];
      },
      'networks[1].rpcFallbacks[0]',
      /https:\/\/a\.example is listed twice \(also as rpc\)/,
      /each fallback must be a different endpoint/,
    ],
    [
      'rpcFallbacks on a local network',
      (d) => (d.networks[1].rpcFallbacks = ['https://b.example']),
      'networks[1].rpcFallbacks',
      /backs up a local network/,
      /set rpc to the chain’s primary URL/,
    ],
    [
      'rpc number',
      (d) => (d.networks[1].rpc = 8545),
      'networks[1].rpc',
      /unexpected shape: 8545/,
      /local: true, blockTime/,
    ],
    [
      'blockTime zero',
      (d) => (d.networks[1].rpc.blockTime = 0),
      'networks[1].rpc.blockTime',
      /more than 0, got 0/,
      /seconds between blocks/,
    ],
    [
      'local false',
      (d) => (d.networks[1].rpc.local = false),
      'networks[1].rpc.local',
      /expected true, got false/,
      /local: true/,
    ],
    [
      'finalityDepth negative',
      (d) => (d.networks[0].finalityDepth = -1),
      'networks[0].finalityDepth',
      /at least 0, got -1/,
      /final/,
    ],
    [
      'deliveryMargin missing',
      (d) => delete d.networks[0].deliveryMargin,
      'networks[0].deliveryMargin',
      /is missing/,
      /e\.g\. 1800/,
    ],
    [
      'unknown network field',
      (d) => (d.networks[0].blocktime = 12),
      'networks[0].blocktime',
      /unknown field/,
      /rename it to "(blockTime|finalityDepth|name)"|remove it/,
    ],
    [
      'typo at the top',
      (d) => {
        d.timelok = d.timelock;
        delete d.timelock;
      },
      'timelok',
      /unknown field/,
      /rename it to "timelock"/,
    ],
    [
      'council too small',
      (d) => (d.council.members = d.council.members.slice(0, 4)),
      'council.members',
      /at least 5 entries, got 4/,
      /5 to 9/,
    ],
    [
      'council too big',
      (d) => (d.council.members = [...d.council.members, ...d.guardians.keys.slice(0, 1)]),
      'council.members',
      /at most 9 entries, got 10/,
      /5 to 9/,
    ],
    [
      'council duplicate',
      (d) => (d.council.members[8] = d.council.members[0]),
      'council.members[8]',
      /listed twice \(also at \[0\]\)/,
      /different address/,
    ],
    [
      'council zero address',
      (d) => (d.council.members[3] = '0x0000000000000000000000000000000000000000'),
      'council.members[3]',
      /zero address/,
      /real account/,
    ],
    [
      'council bad checksum',
      (d) => (d.council.members[0] = ADDRESS_A.replace('C8', 'c8')),
      'council.members[0]',
      /checksum .* is wrong/,
      /lower case/,
    ],
    [
      'council not an address',
      (d) => (d.council.members[0] = '0x1234'),
      'council.members[0]',
      /20-byte address, got "0x1234"/,
      /40 hex digits/,
    ],
    [
      'threshold below two thirds',
      (d) => (d.council.threshold = 5),
      'council.threshold',
      /expected 6 to 8 .* got 5/,
      /between 6 and 8/,
    ],
    [
      'threshold above N',
      (d) => (d.council.threshold = 10),
      'council.threshold',
      /expected 6 to 8 .* got 10/,
      /between 6 and 8/,
    ],
    [
      'threshold equal to N (terms could never be staggered)',
      (d) => (d.council.threshold = 9),
      'council.threshold',
      /expected 6 to 8 .*fewer than all of them.* got 9/,
      /between 6 and 8/,
    ],
    [
      'too few cohorts for the threshold',
      (d) => (d.council.cohorts = 2),
      'council.cohorts',
      /2 cohort\(s\) put 5 of 9 seats in the first one, but at most 3 .*CouncilTermsNotStaggered/,
      /cohorts to at least 3/,
    ],
    [
      'cohorts closer than 30 days count as one',
      (d) => {
        d.council.cohorts = 3;
        d.council.termDays = 60;
      },
      'council.cohorts',
      /cohorts 20 days apart .* 6 seats end within 30 days/,
      /termDays at least 90 days/,
    ],
    ['more cohorts than members', (d) => (d.council.cohorts = 10), 'council.cohorts', /at most 9/, /or leave it out/],
    [
      'fallback threshold below the council threshold',
      (d) => (d.fallback.threshold = 5),
      'fallback.threshold',
      /is 5, below council\.threshold \(6\): the fallback would reach every chain with fewer keys than the council/,
      /raise fallback\.threshold to at least 6/,
    ],
    [
      'fallback too small to reach the council threshold',
      (d) => {
        d.fallback.members = d.fallback.members.slice(0, 5);
        d.fallback.threshold = 5;
      },
      'fallback.threshold',
      /below council\.threshold \(6\)/,
      /add fallback members \(at least 6\)/,
    ],
    [
      'fallback delay below the timelock delay',
      (d) => (d.receiver.fallbackDelay = 3600),
      'receiver.fallbackDelay',
      /is 3600 s, below timelock\.delaySeconds \(172800 s\)/,
      /at least 172800/,
    ],
    [
      'fallback delay below minDelay',
      (d) => {
        d.timelock.delaySeconds = 60;
        d.receiver.fallbackDelay = 600;
      },
      'receiver.fallbackDelay',
      /below receiver\.minDelay \(3600 s\)/,
      /at least 3600/,
    ],
    [
      'more confirmations than adapters',
      (d) => (d.receiver.requiredConfirmations = 3),
      'receiver.requiredConfirmations',
      /expected 1 to 2 \(the number of adapters\), got 3/,
      /between 1 and 2/,
    ],
    [
      'zero confirmations',
      (d) => (d.receiver.requiredConfirmations = 0),
      'receiver.requiredConfirmations',
      /got 0|too small/i,
      /from 1 to the number of adapters/,
    ],
    [
      'unknown adapter',
      (d) => (d.receiver.adapters = ['guardian', 'wormhole']),
      'receiver.adapters[1]',
      /wormhole/,
      /'guardian' or 'fallback'/,
    ],
    [
      'adapter listed twice',
      (d) => (d.receiver.adapters = ['guardian', 'guardian']),
      'receiver.adapters[1]',
      /listed twice/,
      /each adapter once/,
    ],
    [
      'emergency at a third',
      (d) => (d.council.emergencyThreshold = 3),
      'council.emergencyThreshold',
      /expected 4 to 6 .* got 3/,
      /between 4 and 6/,
    ],
    [
      'emergency above threshold',
      (d) => (d.council.emergencyThreshold = 7),
      'council.emergencyThreshold',
      /got 7/,
      /between 4 and 6/,
    ],
    ['termDays zero', (d) => (d.council.termDays = 0), 'council.termDays', /more than 0, got 0/, /whole days/],
    ['no guardians', (d) => (d.guardians.keys = []), 'guardians.keys', /at least 1 entries, got 0/, /1 to 32/],
    [
      'guardian duplicate',
      (d) => (d.guardians.keys[14] = d.guardians.keys[2].toLowerCase()),
      'guardians.keys[14]',
      /listed twice \(also at \[2\]\)/,
      /different address/,
    ],
    [
      'guardian quorum half',
      (d) => (d.guardians.quorum = 7),
      'guardians.quorum',
      /expected 8 to 15 .* got 7/,
      /between 8 and 15/,
    ],
    ['guardian quorum above N', (d) => (d.guardians.quorum = 16), 'guardians.quorum', /got 16/, /between 8 and 15/],
    [
      'expiry over 7 days',
      (d) => (d.guardians.setExpiryWindow = 604_801),
      'guardians.setExpiryWindow',
      /at most 604800, got 604801/,
      /7 days/,
    ],
    [
      'fallback threshold half',
      (d) => (d.fallback.threshold = 4),
      'fallback.threshold',
      /expected 5 to 9 .* got 4/,
      /between 5 and 9/,
    ],
    [
      'fallback too small',
      (d) => (d.fallback.members = d.fallback.members.slice(0, 3)),
      'fallback.members',
      /at least 5 entries, got 3/,
      /5 to 9/,
    ],
    [
      'timelock negative',
      (d) => (d.timelock.delaySeconds = -5),
      'timelock.delaySeconds',
      /at least 0, got -5/,
      /172800/,
    ],
    ['grace period zero', (d) => (d.receiver.gracePeriod = 0), 'receiver.gracePeriod', /at least 1, got 0/, /above 0/],
    [
      'minDelay above uint32',
      (d) => (d.receiver.minDelay = 2 ** 32),
      'receiver.minDelay',
      /at most 4294967295/,
      /e\.g\. 3600/,
    ],
    ['chainGuardian missing', (d) => delete d.chainGuardian, 'chainGuardian', /is missing/, /cancel a queued message/],
    [
      'key source shape',
      (d) => (d.keys.deployer = { file: 'x' }),
      'keys.deployer',
      /unexpected shape/,
      /\{ env: 'VAR_NAME' \}/,
    ],
    [
      'env name malformed',
      (d) => (d.keys.deployer = { env: 'MY-KEY' }),
      'keys.deployer.env',
      /wrong format: "MY-KEY"/,
      /environment variable/,
    ],
    [
      'keystore without passphrase',
      (d) => (d.keys.relayer = { keystore: './k.json' }),
      'keys.relayer.passphraseEnv',
      /is missing/,
      /environment variable/,
    ],
    [
      'mnemonic index negative',
      (d) => (d.keys.council[2] = { mnemonicEnv: 'M', index: -1 }),
      'keys.council[2].index',
      /at least 0, got -1/,
      /m\/44/,
    ],
    [
      'unknown role',
      (d) => (d.keys.deployr = { env: 'K' }),
      'keys.deployr',
      /unknown field/,
      /rename it to "deployer"/,
    ],
    [
      'more council keys than members',
      (d) => d.keys.council.push({ env: 'EXTRA' }),
      'keys.council',
      /10 key sources but there are only 9 council members/,
      /at most one key source/,
    ],
    [
      'not an object',
      (d) => (d.council = 'nine people'),
      'council',
      /expected an object, got "nine people"/,
      /members, threshold/,
    ],
  ];

  it.each(cases)('%s', (_name, change, path, problem, fix) => {
    const error = issuesOf(mutate(change));
    const issue = error.issues.find((i) => i.path === path);
    expect(issue, `issues: ${JSON.stringify(error.issues)}`).toBeDefined();
    expect(issue?.problem).toMatch(problem);
    expect(issue?.fix).toMatch(fix);
    expect(error.message).toContain(`${path}: `);
    expect(error.message).toContain('lockstep.config.json');
  });

  it('reads one mistake as "path: problem — fix" in the short message', () => {
    const error = issuesOf(mutate((d) => (d.networks[2].chainId = 'abc')));
    expect(error.shortMessage).toBe(
      `networks[2].chainId: expected a number, got "abc" — set it to the chain's id (e.g. 42161)`,
    );
    expect(error.docsPath).toBe('#networks');
  });

  it('reports every mistake at once', () => {
    const error = issuesOf(
      mutate((d) => {
        d.networks[0].chainId = -1;
        d.guardians.quorum = 1;
        d.receiver.gracePeriod = 0;
      }),
    );
    expect(error.issues.map((i) => i.path)).toEqual([
      'networks[0].chainId',
      'guardians.quorum',
      'receiver.gracePeriod',
    ]);
    expect(error.shortMessage).toBe('3 problems in the Lockstep config');
  });

  /** Every path in the default config, e.g. `['networks', 2, 'rpc', 'blockTime']`. */
  function allPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
    if (value === null || typeof value !== 'object') return [path];
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    return [path, ...entries.flatMap(([key, v]) => allPaths(v, [...path, key]))];
  }

  it.each(
    allPaths(defaultConfigInput)
      .filter((p) => p.length > 0)
      .map((p) => [p.join('.'), p] as const),
  )('names a specific fix when %s has the wrong type', (_name, path) => {
    const error = issuesOf(
      mutate((d) => {
        let parent = d;
        for (const key of path.slice(0, -1)) parent = parent[key];
        parent[path.at(-1) as string] = null;
      }),
    );
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) expect(issue.fix).not.toBe('see the README for this field');
  });

  describe('key material in the file', () => {
    const placements: [string, (d: Draft) => void, string][] = [
      ['as an env name', (d) => (d.keys.deployer = { env: PRIVATE_KEY }), 'keys.deployer.env'],
      ['instead of a source', (d) => (d.keys.relayer = PRIVATE_KEY), 'keys.relayer'],
      ['without 0x', (d) => (d.keys.reporter = { privateKey: PRIVATE_KEY.slice(2) }), 'keys.reporter.privateKey'],
      ['in a list', (d) => (d.keys.guardians[3] = PRIVATE_KEY), 'keys.guardians[3]'],
      ['outside keys', (d) => (d.chainGuardian = PRIVATE_KEY), 'chainGuardian'],
    ];

    it.each(placements)('refuses a private key %s, without quoting it', (_name, change, path) => {
      const error = issuesOf(mutate(change));
      expect(error.issues[0]?.path).toBe(path);
      expect(error.issues[0]?.problem).toMatch(/plain private key/);
      expect(error.issues[0]?.fix).toMatch(/\{ env: 'VAR_NAME' \}.*keystore/);
      expect(error.issues.filter((i) => i.path === path)).toHaveLength(1);
      expect(JSON.stringify(error.issues)).not.toContain(PRIVATE_KEY.slice(10));
      expect(error.message).not.toContain(PRIVATE_KEY.slice(10));
    });

    it('refuses a mnemonic phrase, without quoting it', () => {
      const phrase = 'test test test test test test test test test test test junk';
      const error = issuesOf(mutate((d) => (d.keys.deployer = { mnemonicEnv: phrase, index: 0 })));
      expect(error.issues[0]).toMatchObject({ path: 'keys.deployer.mnemonicEnv' });
      expect(error.issues[0]?.fix).toMatch(/mnemonicEnv: 'VAR_NAME'/);
      expect(error.message).not.toContain(phrase);
    });
  });
});
