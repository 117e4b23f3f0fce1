/**
 * Lockstep's typed contract client: ABIs (`as const`, so viem infers every call) and creation bytecode,
 * generated from the forge artifacts by `pnpm --filter @lockstep/client generate` (see wagmi.config.ts).
 * Other packages reach the contracts only through these names.
 */
// Everything generated: `<name>Abi` and `<name>Bytecode` per contract, and `lockstepContracts`. The list of
// contracts is derived in wagmi.config.ts, so it is kept in one place.
export * from './generated/contracts.js';

import type { lockstepContracts } from './generated/contracts.js';

/** A contract the client knows, e.g. `'UpgradeReceiver'`. */
export type LockstepContractName = keyof typeof lockstepContracts;
