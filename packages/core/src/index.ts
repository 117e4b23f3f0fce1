export * from './config/index.js';
export * from './council/index.js';
export * from './deploy/index.js';
export * from './devnet/index.js';
export * from './errors/index.js';
export * from './executor/index.js';
export * from './guardian/index.js';
export * from './relay/index.js';
