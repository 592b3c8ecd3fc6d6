/**
 * Questions asked on the terminal before the cockpit draws: secrets with echo off, confirmations
 * with echo on. Reads the controlling terminal (/dev/tty) rather than stdin, so a secret can be
 * typed while stdin is a pipe, and nothing typed ever lands in shell history or argv.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { isatty, ReadStream } from 'node:tty';

export class PromptCancelled extends Error {
  override readonly name = 'PromptCancelled';
  constructor() {
    super('cancelled at the prompt');
  }
}

export interface Terminal {
  input: ReadStream;
  write(text: string): void;
  close(): void;
}

/** The terminal to ask on, or undefined when there is none (CI, a detached process). */
export function openTerminal(): Terminal | undefined {
  let inFd: number;
  let ownInput = true;
  if (process.stdin.isTTY) {
    inFd = 0;
    ownInput = false;
  } else {
    try {
      inFd = openSync('/dev/tty', 'r');
    } catch {
      return undefined;
    }
    if (!isatty(inFd)) {
      closeSync(inFd);
      return undefined;
    }
  }
  let outFd: number;
  let ownOutput = true;
  try {
    outFd = openSync('/dev/tty', 'w');
  } catch {
    outFd = 2;
    ownOutput = false;
  }
  const input = ownInput ? new ReadStream(inFd) : (process.stdin as ReadStream);
  return {
    input,
    write(text) {
      writeSync(outFd, text);
    },
    close() {
      if (ownInput) input.destroy();
      else input.pause();
      if (ownOutput) closeSync(outFd);
    },
  };
}

export interface AskOptions {
  /** Echo what is typed (confirmations); default false (secrets). */
  echo?: boolean;
  /** Keep reading lines until one matches (a pasted PEM ends with its -----END line). */
  until?: (firstLine: string, line: string) => boolean;
}

/**
 * One answer from the terminal in raw mode: the kernel echoes nothing, we echo only when asked.
 * Backspace edits, Ctrl-C or Ctrl-D on an empty line cancel.
 */
export function ask(terminal: Terminal, question: string, options: AskOptions = {}): Promise<string> {
  const { input } = terminal;
  terminal.write(question);
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let current = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      if (options.echo !== true || error !== undefined) terminal.write('\n');
      if (error !== undefined) reject(error);
      else resolve(lines.join('\n'));
    };
    const endLine = (): boolean => {
      lines.push(current);
      const done = options.until === undefined || options.until(lines[0] ?? '', current);
      current = '';
      if (!done && options.echo !== true) terminal.write('\n');
      return done;
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\u0003' || (ch === '\u0004' && current === '' && lines.length === 0)) {
          finish(new PromptCancelled());
          return;
        }
        if (ch === '\r' || ch === '\n') {
          if (options.echo === true) terminal.write('\n');
          if (endLine()) {
            finish();
            return;
          }
        } else if (ch === '\u007f' || ch === '\b') {
          if (current.length > 0) {
            current = current.slice(0, -1);
            if (options.echo === true) terminal.write('\b \b');
          }
        } else if (ch >= ' ' || ch === '\t') {
          current += ch;
          if (options.echo === true) terminal.write(ch);
        }
      }
    };
    input.setEncoding('utf8');
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
  });
}
