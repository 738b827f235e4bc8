import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * A mild nice value: enough for a waking serving thread to take the CPU from the worker at once,
 * not so much that other busy processes on the machine (a test run's other files) starve the
 * reload, as 19 did.
 */
export const WORKER_NICE = 5;

/**
 * Lowers the calling thread's scheduling priority (Linux: a thread's nice value is its own, and
 * `/proc/thread-self` names it), so on a machine with few cores the serving thread and its
 * garbage collector get the CPU first while a corpus is read and indexed in a worker thread.
 * Node 20 has no thread id to pass to `os.setPriority`; elsewhere this does nothing. True when lowered.
 */
export function lowerThreadPriority(priority: number = WORKER_NICE): boolean {
  try {
    const tid = Number(/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    if (!Number.isInteger(tid) || tid <= 0) return false;
    // Never raised: a process started below normal keeps its worker there too.
    setPriority(tid, Math.max(priority, getPriority(tid)));
    return true;
  } catch {
    return false;
  }
}
