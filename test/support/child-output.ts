// What a spawned child printed and how it ended, with its stdin written and closed.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

export interface ChildOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Collects stdout and stderr as text until the child closes; rejects if it cannot start. */
export function outputOf(child: ChildProcessWithoutNullStreams, stdin = ''): Promise<ChildOutput> {
  return new Promise((done, fail) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
