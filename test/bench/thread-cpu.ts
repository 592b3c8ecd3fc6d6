// CPU time per thread of this process, from /proc (Linux; elsewhere an empty reading). The process
// total that `process.cpuUsage()` gives mixes the main thread (JavaScript: React, ink) with V8's
// helper threads (concurrent compilation, GC marking and sweeping) and module-loader threads; a
// frame's cost is the main thread's share, which is what rendering work can lower.
import { readdirSync, readFileSync } from 'node:fs';

/** CPU ms per thread id, and which id is the main thread (its id is the process id). */
export interface ThreadCpu {
  byThread: Map<number, number>;
  main: number;
}

/** Clock ticks of the kernel's accounting: 100 per second on Linux builds in common use. */
const TICK_MS = 10;

export function threadCpu(): ThreadCpu {
  const byThread = new Map<number, number>();
  try {
    for (const id of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
        // Fields after the command name (which may hold spaces): utime is the 14th, stime the 15th.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        byThread.set(Number(id), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  } catch {
    // No /proc.
  }
  return { byThread, main: process.pid };
}

/** Main-thread and other-thread CPU ms between two readings; undefined without /proc. */
export function threadCpuSince(before: ThreadCpu): { mainMs: number; otherMs: number } | undefined {
  const after = threadCpu();
  if (after.byThread.size === 0) return undefined;
  let mainMs = 0;
  let otherMs = 0;
  for (const [id, ms] of after.byThread) {
    const spent = ms - (before.byThread.get(id) ?? 0);
    if (id === after.main) mainMs += spent;
    else otherMs += spent;
  }
  return { mainMs, otherMs };
}
