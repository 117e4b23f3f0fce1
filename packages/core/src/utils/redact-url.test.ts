import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it.each([
    ['http://127.0.0.1:8545', 'http://127.0.0.1:8545'],
    ['https://eth-mainnet.g.alchemy.com/v2/AbCdEfGhIjKlMnOpQrStUv', 'https://eth-mainnet.g.alchemy.com/v2/***'],
    ['https://user:secret@node.example/rpc?key=abc', 'https://node.example/rpc?***'],
    ['not a url', '<invalid URL>'],
  ])('%s → %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});
