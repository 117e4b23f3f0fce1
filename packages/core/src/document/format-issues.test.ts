import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createIssueFormatter } from './format-issues.js';
import { formatPath, normalizePath } from './path.js';
import { unknownFieldFix } from './suggest-field.js';

describe('paths', () => {
  it('writes paths as in the document and normalizes indices and record keys', () => {
    expect(formatPath(['networks', 2, 'chainId'])).toBe('networks[2].chainId');
    expect(normalizePath(['networks', 2, 'rpc'])).toBe('networks[].rpc');
    expect(normalizePath(['keys', 'council', 0, 'env'], ['keys'])).toBe('keys.*.env');
    expect(normalizePath(['keys'], ['keys'])).toBe('keys');
    expect(normalizePath(['expect', 'limits', 'polygon'], ['expect.limits'])).toBe('expect.limits.*');
  });
});

describe('unknownFieldFix', () => {
  it('suggests a field the key starts or a close one, else lists the known fields', () => {
    expect(unknownFieldFix('timelockDelay', ['timelockDelaySeconds', 'name'])).toBe(
      'rename it to "timelockDelaySeconds"',
    );
    expect(unknownFieldFix('NAEM', ['name', 'chainId'])).toBe('rename it to "name"');
    expect(unknownFieldFix('colour', ['name', 'chainId'])).toBe('remove it (known fields: name, chainId)');
    expect(unknownFieldFix('colour', [])).toBe('remove it');
  });
});

describe('createIssueFormatter', () => {
  const schema = z.strictObject({
    url: z.url(),
    secret: z.number(),
    items: z.array(
      z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('a'), size: z.number() }),
        z.strictObject({ kind: z.literal('b') }),
      ]),
    ),
  });
  const { formatIssues } = createIssueFormatter({
    knownFields: { '': ['url', 'secret', 'items'] },
    fixes: { url: 'give a URL', 'items[].kind': 'use a or b' },
    fallbackFix: 'see the docs',
    formats: { url: 'a URL' },
    redact: (value) => (value.startsWith('0x') ? 'a hex string (redacted)' : undefined),
    discriminators: { 'items[].kind': 'item kind' },
  });
  const issues = (input: unknown) => {
    const result = schema.safeParse(input, { reportInput: true });
    return result.success ? [] : formatIssues(result.error.issues);
  };

  it('words each issue with its path, the bad value (redacted) and the fix', () => {
    expect(issues({ url: 'nope', secret: '0xabc', items: [], ur: 1 })).toEqual([
      { path: 'url', problem: 'expected a URL, got "nope"', fix: 'give a URL' },
      { path: 'secret', problem: 'expected a number, got a hex string (redacted)', fix: 'see the docs' },
      { path: 'ur', problem: 'unknown field', fix: 'rename it to "url"' },
    ]);
  });

  it('names an unknown discriminator of a discriminated union', () => {
    expect(issues({ url: 'https://x', secret: 1, items: [{ kind: 'c' }, { size: 1 }] })).toEqual([
      { path: 'items[0].kind', problem: 'unknown item kind "c"', fix: 'use a or b' },
      { path: 'items[1].kind', problem: 'is missing', fix: 'use a or b' },
    ]);
  });
});
