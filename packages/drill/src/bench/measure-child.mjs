// @ts-check
/**
 * A bench measurement in a process of its own (forked by `runBench` with an IPC channel): registers
 * tsx, receives `MeasureRunParameters`, runs the drill, sends back the `BenchRun` and exits. A fresh
 * process per measurement is what a release manager's `lockstep-drill run` is: nothing a previous
 * drill computed (recovered signatures, hashed code, compiled functions) is at hand.
 */
import { register } from 'tsx/esm/api';

register();
/** @type {{ measureRun: (p: unknown) => Promise<unknown> }} */
const { measureRun } = await import(new URL('./measure-run.ts', import.meta.url).href);
process.once('message', async (parameters) => {
  try {
    const run = await measureRun(parameters);
    process.send?.({ run }, () => process.exit(0));
  } catch (error) {
    process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () =>
      process.exit(1),
    );
  }
});
process.send?.({ ready: true });
