import { describe, expect, it } from 'vitest';
import { LockstepError } from './base.js';
import { ConfigError, ConfigNotFoundError } from './config.js';
import { KeyError } from './key.js';

describe('LockstepError', () => {
  it('builds its message from the short message, meta messages, docs and details', () => {
    const error = new LockstepError('it broke', {
      metaMessages: ['on chain 1'],
      docsPath: '#networks',
      details: 'because',
    });
    expect(error.name).toBe('LockstepError');
    expect(error.message).toBe('it broke\n\non chain 1\n\nDocs: packages/core/README.md#networks\nDetails: because');
    expect(error.shortMessage).toBe('it broke');
  });

  it("takes details from the cause's message", () => {
    const error = new LockstepError('outer', { cause: new Error('inner reason') });
    expect(error.details).toBe('inner reason');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('walks the cause chain', () => {
    const root = new Error('root');
    const middle = new ConfigNotFoundError({ path: '/x.json', cause: root });
    const top = new LockstepError('top', { cause: middle });
    expect(top.walk()).toBe(root);
    expect(top.walk((e) => e instanceof ConfigNotFoundError)).toBe(middle);
    expect(top.walk((e) => e instanceof KeyError)).toBeNull();
  });

  it('gives each subclass a literal name', () => {
    const error = new ConfigError({ issues: [{ path: 'council.threshold', problem: 'too low', fix: 'raise it' }] });
    expect(error.name).toBe('ConfigError');
    expect(error.shortMessage).toBe('council.threshold: too low — raise it');
    expect(error.docsPath).toBe('#council');
    expect(new KeyError('x', { reason: 'missing-env' }).name).toBe('KeyError');
  });

  it('never copies a key error cause into its message', () => {
    const error = new KeyError('bad key', { reason: 'malformed-key', cause: new Error('0xdeadbeef secret') });
    expect(error.message).not.toContain('secret');
    expect(error.walk()).toBeInstanceOf(Error);
  });
});
