/**
 * No secret in a core dump. A command that holds keys or passphrases (the cockpit, keys, sim,
 * chaos) turns core dumps off before it reads any: a crash (Node aborts on some internal errors)
 * must not leave the plaintext on disk, nor hand it to a crash collector.
 *
 * Node has no setrlimit(RLIMIT_CORE), and prctl(PR_SET_DUMPABLE) needs native code. What is left,
 * and enough: writing 0 to /proc/self/coredump_filter. The kernel then writes none of the
 * process's memory mappings into a core (anonymous or file-backed, private or shared, huge pages,
 * DAX, ELF headers): the heap where secrets live is never dumped, whether core_pattern names a file
 * or pipes the core to systemd-coredump or apport, because the kernel filters before it hands the
 * core over. In-process (no helper program, nothing to install), inherited by any child, and a
 * process may always lower its own filter. The alternative — running `prlimit --core=0` on our
 * own pid — needs util-linux and a child process, and changes nothing a filter of 0 leaves.
 * Where /proc is missing (macOS) nothing is changed; the caller logs that.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const FILTER = '/proc/self/coredump_filter';

/** True when the kernel now dumps no memory of this process. */
export function disableCoreDumps(): boolean {
  try {
    writeFileSync(FILTER, '0');
    return Number.parseInt(readFileSync(FILTER, 'utf8'), 16) === 0;
  } catch {
    return false;
  }
}
