/**
 * Reading a passphrase from a descriptor the caller opened (`--passphrase-fd 3` with `3<file` or
 * `3< <(pass show …)`), without ever touching one of Node's own descriptors and without hanging.
 *
 * Which descriptor numbers are the caller's: Node marks every inherited descriptor close-on-exec at
 * start, so the flag cannot tell them apart. Instead the launcher lists /proc/self/fd before it does
 * anything (see `noteInheritedDescriptors`); a number that was not open then was opened by this
 * process. Of those open at start, libuv's own are event queues (epoll, eventfd: neither pipe nor
 * file) and pipes whose both ends this process holds (the signal and wake-up pipes): reading one
 * would never see an end, closing one aborts Node. Both are refused.
 *
 * How it is read: a pipe or a file is opened afresh through /proc/self/fd/N (a new descriptor on
 * the same pipe or file: closing it leaves the caller's N alone), a pipe in non-blocking mode
 * through the event loop; a socket cannot be reopened, so it is read in place and never closed.
 * Reading stops at the first newline or the end, and gives up after a timeout.
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  read,
  readdirSync,
  readFileSync,
  readlinkSync,
} from 'node:fs';
import { Socket } from 'node:net';
import { CustodyError } from './errors.js';

const MARK = Symbol.for('quantdeck.inheritedDescriptors');
type Marked = typeof globalThis & { [MARK]?: number[] };

/** The descriptors open right now (the listing's own directory descriptor left out). */
export function openDescriptors(): number[] | undefined {
  let names: string[];
  try {
    names = readdirSync('/proc/self/fd');
  } catch {
    return undefined;
  }
  return names.map(Number).filter((fd) => {
    try {
      readlinkSync(`/proc/self/fd/${fd}`);
      return true;
    } catch {
      return false; // the directory descriptor of the listing itself, closed by now
    }
  });
}

// null: not listed yet. The launcher's list (taken before it built the bundle) wins.
let inherited: number[] | undefined | null = null;

/** Called first thing by the entry: what is open now came from the caller or from Node itself. */
export function noteInheritedDescriptors(): void {
  if (inherited === null) inherited = (globalThis as Marked)[MARK] ?? openDescriptors();
}

function atStart(): number[] | undefined {
  noteInheritedDescriptors();
  return inherited ?? undefined;
}

/** Descriptors of this process that refer to the same pipe and are open for writing. */
function writersHeldHere(fd: number, ino: number): boolean {
  for (const other of openDescriptors() ?? []) {
    if (other === fd) continue;
    try {
      if (fstatSync(other).ino !== ino || !fstatSync(other).isFIFO()) continue;
      const flags = /^flags:\s*(\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${other}`, 'utf8'))?.[1];
      if (flags !== undefined && (Number.parseInt(flags, 8) & 3) !== constants.O_RDONLY) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}

const notOpen = (fd: number) =>
  new CustodyError(
    `file descriptor ${fd} is not open: open it in the shell that starts quantdeck (e.g. ${fd}<file or ${fd}< <(pass show …)); npm and npx pass only 0-2 on, so start quantdeck itself`,
  );

/** Why `fd` may not be read as a passphrase, or undefined when it may. */
function refusal(fd: number): CustodyError | undefined {
  if (fd <= 2) return new CustodyError(`file descriptor ${fd} is stdin, stdout or stderr: use 3 or above`);
  let stat: ReturnType<typeof fstatSync>;
  try {
    stat = fstatSync(fd);
  } catch {
    return notOpen(fd);
  }
  const start = atStart();
  if (start !== undefined && !start.includes(fd)) {
    return new CustodyError(
      `file descriptor ${fd} was not passed in by the shell: quantdeck opened it itself, so it holds no passphrase (open yours as ${fd}<file)`,
    );
  }
  if (!(stat.isFIFO() || stat.isFile() || stat.isSocket())) {
    return new CustodyError(
      `file descriptor ${fd} is not a pipe, a file or a socket (it is one of Node's own, or a terminal): give the passphrase as ${fd}<file or ${fd}< <(command)`,
    );
  }
  if (stat.isFIFO() && start !== undefined && writersHeldHere(fd, stat.ino)) {
    return new CustodyError(
      `file descriptor ${fd} is a pipe whose writing end this process holds (one of Node's own): it would never end; open yours as ${fd}< <(command)`,
    );
  }
  return undefined;
}

/** The first line (or everything, when there is no newline), the buffer wiped. */
function firstLine(chunks: Buffer[]): string {
  const all = Buffer.concat(chunks);
  const text = all.toString('utf8');
  all.fill(0);
  for (const chunk of chunks) chunk.fill(0);
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
}

/** A new descriptor on what `fd` refers to (Linux: /proc; elsewhere /dev/fd, which duplicates). */
function reopen(fd: number, flags: number): number {
  return openSync(existsSync('/proc/self/fd') ? `/proc/self/fd/${fd}` : `/dev/fd/${fd}`, flags);
}

const timedOut = (fd: number, ms: number) =>
  new CustodyError(
    `no passphrase line arrived on file descriptor ${fd} within ${Math.round(ms / 1000)} s (the writer must send a line or close it)`,
  );

function readPipe(fd: number, timeoutMs: number): Promise<string> {
  const fresh = reopen(fd, constants.O_RDONLY | constants.O_NONBLOCK);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = new Socket({ fd: fresh, readable: true, writable: false });
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error === undefined) resolve(firstLine(chunks));
      else reject(error);
    };
    const timer = setTimeout(() => finish(timedOut(fd, timeoutMs)), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (chunk.includes(10)) finish();
    });
    socket.on('end', () => finish());
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(new CustodyError(`cannot read file descriptor ${fd} (${error.code ?? error.message})`)),
    );
  });
}

function readFile(fd: number): string {
  const fresh = reopen(fd, constants.O_RDONLY);
  try {
    const bytes = readFileSync(fresh);
    return firstLine([bytes]);
  } finally {
    closeSync(fresh);
  }
}

/** A socket is read where it is (it cannot be reopened) and left open: it is the caller's. */
function readSocket(fd: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(timedOut(fd, timeoutMs));
    }, timeoutMs);
    const next = () => {
      const buffer = Buffer.alloc(4096);
      read(fd, buffer, 0, buffer.length, null, (error, bytes) => {
        if (done) return buffer.fill(0);
        if (error !== null || bytes === 0 || buffer.subarray(0, bytes).includes(10)) {
          done = true;
          clearTimeout(timer);
          if (error !== null)
            reject(new CustodyError(`cannot read file descriptor ${fd} (${error.code ?? error.message})`));
          else resolve(firstLine([...chunks, buffer.subarray(0, bytes)]));
          return;
        }
        chunks.push(buffer.subarray(0, bytes));
        next();
      });
    };
    next();
  });
}

export const DEFAULT_PASSPHRASE_TIMEOUT_MS = 60_000;

/**
 * Reads one line from the caller's descriptor `fd`. `timeoutMs` bounds the wait for a writer that
 * never writes (a password manager waiting for its own unlock gets the default minute).
 */
export async function readPassphraseFd(
  fd: number,
  timeoutMs = DEFAULT_PASSPHRASE_TIMEOUT_MS,
): Promise<string> {
  const refused = refusal(fd);
  if (refused !== undefined) throw refused;
  const stat = fstatSync(fd);
  if (stat.isFile()) return readFile(fd);
  if (stat.isSocket()) return readSocket(fd, timeoutMs);
  return readPipe(fd, timeoutMs);
}
