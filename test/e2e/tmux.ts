/**
 * A real terminal for end-to-end tests: one tmux server on its own socket (so nothing touches the
 * user's sessions), one detached window of a fixed size, keys sent as a user types them, the
 * screen read back as text with `capture-pane -p`. Waits poll the screen, bounded.
 */
import { spawnSync } from 'node:child_process';

export function tmuxVersion(): string | undefined {
  const r = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export interface TmuxOptions {
  /** Unique per test run: the socket and session name. */
  name: string;
  columns: number;
  rows: number;
  /** The shell command run in the window. */
  command: string;
  /** Environment of the tmux server (and so of the command). */
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export class TmuxWindow {
  readonly #socket: string;
  readonly #target: string;
  readonly #env: NodeJS.ProcessEnv;
  lastScreen = '';
  /** When set, every screen read is kept here (the leak test scans each frame it saw). */
  frames: string[] | undefined;

  constructor(readonly options: TmuxOptions) {
    this.#socket = options.name;
    this.#target = options.name;
    this.#env = options.env;
    this.#tmux([
      'new-session',
      '-d',
      '-s',
      options.name,
      '-x',
      String(options.columns),
      '-y',
      String(options.rows),
      '-c',
      options.cwd,
      options.command,
    ]);
    // Keep the window at this size whatever clients (none) attach.
    this.#tmux(['set-option', '-t', this.#target, 'window-size', 'manual']);
  }

  #tmux(args: string[]): string {
    const r = spawnSync('tmux', ['-L', this.#socket, ...args], { encoding: 'utf8', env: this.#env });
    if (r.status !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr.trim()}`);
    return r.stdout;
  }

  /** The visible screen, as text, one line per row. */
  screen(): string {
    this.lastScreen = this.#tmux(['capture-pane', '-p', '-t', this.#target]);
    this.frames?.push(this.lastScreen);
    return this.lastScreen;
  }

  /**
   * The visible screen as the program wrote it: a line longer than the window, which the
   * terminal wrapped onto the next row, comes back whole (`capture-pane -J`), trailing blanks cut.
   */
  logicalLines(): string[] {
    return this.#tmux(['capture-pane', '-p', '-J', '-t', this.#target])
      .split('\n')
      .map((l) => l.trimEnd());
  }

  /** The whole pane: the scrollback history above the screen as well (`capture-pane -S -`). */
  history(): string {
    return this.#tmux(['capture-pane', '-p', '-S', '-', '-t', this.#target]);
  }

  /** Types text literally (each character a keypress). */
  type(text: string): void {
    this.#tmux(['send-keys', '-t', this.#target, '-l', text]);
  }

  /** Named keys: Enter, Escape, C-c, Tab… */
  press(...keys: string[]): void {
    this.#tmux(['send-keys', '-t', this.#target, ...keys]);
  }

  /** A tmux format read for this window (`#{pane_title}`…): what the program did to the terminal. */
  display(format: string): string {
    return this.#tmux(['display-message', '-p', '-t', this.#target, format]).trimEnd();
  }

  /** tmux's paste buffers: where a clipboard write (OSC 52) the terminal honoured lands. */
  buffers(): string {
    return this.#tmux(['list-buffers']);
  }

  resize(columns: number, rows: number): void {
    this.#tmux(['resize-window', '-t', this.#target, '-x', String(columns), '-y', String(rows)]);
  }

  /** Polls the screen until `check` holds; throws with the last screen after `timeoutMs`. */
  async waitFor(what: string, check: (screen: string) => boolean, timeoutMs = 15_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const text = this.screen();
      if (check(text)) return text;
      if (Date.now() > end)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen:\n${text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.#socket, 'kill-server'], { env: this.#env });
  }
}
