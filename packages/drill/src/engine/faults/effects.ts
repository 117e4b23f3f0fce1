/**
 * What each fault kind does, by kind: the engine's side of the registry (`specs.ts` is the
 * scenario's). Typed over `FaultKind`, so a kind declared in `specs.ts` without its effect here
 * does not compile.
 */
import { clockSkew } from './clock-skew/effect.js';
import { crashRelayer } from './crash-relayer/effect.js';
import { delayMessage } from './delay-message/effect.js';
import { dropMessage } from './drop-message/effect.js';
import type { FaultEffect } from './effect.js';
import { equivocatingGuardian } from './equivocating-guardian/effect.js';
import { gasSpike } from './gas-spike/effect.js';
import { haltChain } from './halt-chain/effect.js';
import { hubReorg } from './hub-reorg/effect.js';
import { killGuardians } from './kill-guardians/effect.js';
import { mutateImplementation } from './mutate-implementation/effect.js';
import { revertExecution } from './revert-execution/effect.js';
import { rotateGuardians } from './rotate-guardians/effect.js';
import { rpcFault } from './rpc-fault/effect.js';
import { sequencerOutage } from './sequencer-outage/effect.js';
import type { FaultKind, FaultOf } from './specs.js';

export const FAULT_EFFECTS: { readonly [K in FaultKind]: FaultEffect<FaultOf<K>> } = {
  'drop-message': dropMessage,
  'halt-chain': haltChain,
  'kill-guardians': killGuardians,
  'crash-relayer': crashRelayer,
  'revert-execution': revertExecution,
  'mutate-implementation': mutateImplementation,
  'rotate-guardians': rotateGuardians,
  'delay-message': delayMessage,
  'equivocating-guardian': equivocatingGuardian,
  'rpc-fault': rpcFault,
  'gas-spike': gasSpike,
  'hub-reorg': hubReorg,
  'clock-skew': clockSkew,
  'sequencer-outage': sequencerOutage,
};
