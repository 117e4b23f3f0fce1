/** Test scaffolding for the packages' tests (`@lockstep/core/testing`); no command imports it. */
export * from './devnet-fixture.js';
