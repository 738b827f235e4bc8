import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';

/**
 * Lowers the calling thread's scheduling priority (Linux: a thread's nice value is its own, and
 * `/proc/thread-self` names it), so on a machine with few cores the serving thread and its
 * garbage collector get the CPU first while a corpus is read and indexed in a worker thread.
 * Node 20 has no thread id to pass to `os.setPriority`; elsewhere this does nothing. True when lowered.
 */
export function lowerThreadPriority(priority: number = constants.priority.PRIORITY_LOW): boolean {
  try {
    const tid = Number(/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, priority);
    return true;
  } catch {
    return false;
  }
}
