/** The JSON log sink: a JSONL file, one complete object per transition, appended in order. */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SerialQueue } from './queue.js';
import { type AlertLogger, type AlertSink, transitionRecord } from './types.js';

export function createJsonLogSink(name: string, path: string, logger: AlertLogger): AlertSink {
  const queue = new SerialQueue({
    onError: (error) =>
      logger.error(
        `alert trigger ${name}: cannot append to ${path}: ${error instanceof Error ? error.message : error}`,
      ),
  });
  let ready: Promise<unknown> | undefined;
  return {
    name,
    deliver(transition) {
      const line = `${JSON.stringify(transitionRecord(transition))}\n`;
      queue.push(async () => {
        ready ??= mkdir(dirname(path), { recursive: true });
        await ready;
        await appendFile(path, line, 'utf8');
      });
    },
    flush: () => queue.drained(),
  };
}
