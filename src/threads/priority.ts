import { readlinkSync } from 'node:fs';
import os from 'node:os';

/**
 * Lowers the calling thread's priority to nice 10. On Linux a nice value belongs to one thread, so a worker
 * thread that calls this yields the CPU to the main thread (which acknowledges webhooks) when both want it;
 * elsewhere, or when not allowed, the thread keeps the main thread's priority.
 */
export function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, Math.max(os.getPriority(tid), 10));
  } catch {
    // not Linux, or not allowed
  }
}
