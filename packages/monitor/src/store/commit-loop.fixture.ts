/**
 * A child process for the kill -9 test: opens the store named by its JSON argument and commits one block
 * per transaction, forever, from its checkpoint on, printing `begin N` before and `done N` after each
 * commit. The test kills it with SIGKILL in the middle and checks what a restarted monitor finds.
 */
import { openStore } from './open.js';
import { batchOf } from './test-batches.js';

const { store: options, chainId, perBlock } = JSON.parse(process.argv[2] ?? '{}');
const store = await openStore(options);
for (let n = ((await store.checkpoint(chainId))?.number ?? 0) + 1; ; n++) {
  process.stdout.write(`begin ${n}\n`);
  await store.commit(chainId, batchOf(chainId, n, n, perBlock));
  process.stdout.write(`done ${n}\n`);
}
