import { existsSync } from 'node:fs';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WORKER_NICE } from '../../../app/corpus/thread-priority.js';

// The worker thread lowers its own priority, not the serving thread's (nor the process's).
describe.runIf(existsSync('/proc/thread-self'))('lowerThreadPriority', () => {
  it("lowers the calling thread's priority only", async () => {
    const before = getPriority();
    const source = `
      const { parentPort } = require('node:worker_threads');
      import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(new URL('../../../app/corpus/thread-priority.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))
        .then(({ lowerThreadPriority }) => {
          const lowered = lowerThreadPriority();
          const tid = Number(/task\\/(\\d+)$/.exec(require('node:fs').readlinkSync('/proc/thread-self'))[1]);
          parentPort.postMessage({ lowered, priority: require('node:os').getPriority(tid) });
        });`;
    const worker = new Worker(source, { eval: true });
    const result = await new Promise<{ lowered: boolean; priority: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(result).toEqual({ lowered: true, priority: Math.max(before, WORKER_NICE) });
    expect(getPriority()).toBe(before);
  });
});
