import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown.js';
import { failReport, fallbackReport, passReport } from './test-fixtures.js';

const SECTIONS = [
  '## Pre-conditions',
  '## Timeline',
  '## Observed outcome',
  '## Metrics',
  '## Faults',
  '## Alerts',
  '## Expectations',
  '## Replay',
];

describe('renderMarkdown', () => {
  it('writes every section, in order, for a passing drill', () => {
    const text = renderMarkdown(passReport());
    expect(text.startsWith('# Drill happy-path: PASS ✓\n')).toBe(true);
    const positions = SECTIONS.map((s) => text.indexOf(`\n${s}\n`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain('![Timeline of the drill](timeline.svg)');
    expect(text).toContain('| arbitrum | 42161 | 0.25 s | `0x9999999999999999999999999999999999999999` |');
    expect(text).toContain('- `+49:31:00` activation: shared activation time');
    expect(text).toContain('- Vulnerability window (first chain fixed → last chain fixed): 11.75 s');
    expect(text).toContain('- Time in queue (dispatch → activation): 5400 s (1 h 30 min)');
    expect(text).toContain('| deploy | 8.2 s | 60 % |');
    expect(text).toContain('None injected.');
    expect(text).toContain('No alert fired.');
    expect(text).toContain('```sh\npnpm drill happy-path --seed 1\n```');
  });

  it('lists every expectation with its mark', () => {
    for (const report of [passReport(), failReport()]) {
      const text = renderMarkdown(report);
      for (const e of report.expectations) expect(text).toContain(`- ${e.passed ? '✓' : '✗'} ${e.description}`);
    }
  });

  it('shows a failing drill: a chain that never executed, an open fault, alerts, losses', () => {
    const text = renderMarkdown(failReport());
    expect(text.startsWith('# Drill halted-chain: FAIL ✗\n')).toBe(true);
    expect(text).toContain(
      '| polygon | `0x1111111111111111111111111111111111111111` | ✗ | — | never executed | 10 ETH | 10 ETH |',
    );
    expect(text).toContain(
      '| ethereum | `0x2222222222222222222222222222222222222222` | ✓ | guardians | block 1001, 2025-11-26T17:31:12Z |',
    );
    expect(text).toContain('| halt-chain | polygon | +48:01:00 | still active at the end |');
    expect(text).toContain('| +48:03:00 | chain-halted | polygon | 120 s | no block for 120 s |');
    expect(text).toContain(
      '- Vulnerability window (first chain fixed → last chain fixed): — (some chain never ran the fix)',
    );
    expect(text).toContain("- RPO (attacker's total take): 10 ETH");
    expect(text).toContain('pnpm drill halted-chain --seed 7');
  });

  it('says why a chain stays on its old implementation', () => {
    const text = renderMarkdown(failReport());
    expect(text).toContain(
      'Still on the old implementation, and why:\n\n- polygon: its message was never delivered: polygon was halted until the end of the drill (chain-halted: no block for 120 s)',
    );
    expect(renderMarkdown(passReport())).not.toContain('Still on the old implementation');
  });

  it('shows the fallback delay of a chain only the fallback council confirmed', () => {
    const text = renderMarkdown(fallbackReport());
    expect(text).toContain(
      '| arbitrum | `0x2222222222222222222222222222222222222222` | ✓ | fallback (+168024 s (1 d 22 h 40 min)) |',
    );
    expect(text).toContain('| optimism | `0x2222222222222222222222222222222222222222` | ✓ | guardians |');
    expect(text).toContain(
      '- arbitrum: fallback delay 172800 s (2 d); queued +48:11:24, executable from +96:11:24 (168024 s (1 d 22 h 40 min) after the activation time)',
    );
    expect(text).toContain(
      '- Extra time from the fallback delay (activation → executable, on chains only the fallback confirmed): 168024 s (1 d 22 h 40 min)',
    );
    expect(renderMarkdown(passReport())).not.toContain('fallback');
  });

  it('escapes hostile text and quotes the replay command', () => {
    const report = { ...failReport(), scenario: "x|y`</b>'; rm -rf ~", description: 'line one\n# not a heading' };
    const text = renderMarkdown(report);
    expect(text.split('\n')[0]).toBe("# Drill x\\|y\\`\\</b\\>'; rm -rf \\~: FAIL ✗");
    expect(text).toContain('> line one \\# not a heading');
    expect(text).toContain(`pnpm drill 'x|y\`</b>'\\''; rm -rf ~' --seed 7`);
    expect(text).not.toContain('\n# not a heading');
  });

  it('names the RPC URLs of kept chains', () => {
    const text = renderMarkdown({ ...passReport(), kept: true });
    expect(text).toContain('The chains were kept running (`--keep`):');
    expect(text).toContain('- ethereum: http://127.0.0.1:8546');
  });

  it('lists each loss with its transaction, block and block time, and the checker’s mismatches', () => {
    const text = renderMarkdown({
      ...failReport(),
      verification: {
        passed: false,
        checks: [
          { chain: 'polygon', check: 'loss', passed: false, detail: 'report at 1764172805, chain at 1764172807' },
          { chain: 'ethereum', check: 'switch', passed: true, detail: 'ok' },
        ],
      },
    });
    expect(text).toContain('## Losses');
    expect(text).toContain(`| polygon | 10 ETH | \`0x${'a7'.repeat(32)}\` | 900 | 1764172805 (+48:00:05) |`);
    expect(text).toContain('1 of 2 figures differ from what the chains show:');
    expect(text).toContain('- ✗ polygon · loss: report at 1764172805, chain at 1764172807');
    expect(renderMarkdown(passReport())).not.toContain('## Losses');
    expect(renderMarkdown(passReport())).not.toContain('## Checked against the chains');
  });
});
