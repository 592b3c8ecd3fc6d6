/**
 * A terminal for the soak's cockpit: a TTY-shaped stdout that counts what it is sent and keeps
 * nothing (a real terminal forgets scrolled-off bytes too), and a stdin the soak presses keys on.
 */
import { EventEmitter } from 'node:events';

export class CountingTerminal extends EventEmitter {
  readonly isTTY = true;
  bytes = 0;
  writes = 0;
  constructor(
    readonly columns = 120,
    readonly rows = 40,
  ) {
    super();
  }
  write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    this.writes += 1;
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }
}

export class KeyInput extends EventEmitter {
  readonly isTTY = true;
  #pending: string | null = null;
  press(key: string): void {
    this.#pending = key;
    this.emit('readable');
  }
  read(): string | null {
    const key = this.#pending;
    this.#pending = null;
    return key;
  }
  setEncoding(): void {}
  setRawMode(): void {}
  ref(): void {}
  unref(): void {}
}
