// A small model of a terminal screen: enough of VT100 to replay what ink writes (text, newline,
// cursor up/next-line/column, erase line, clear screen) and read the picture back as lines.
// Used to check that frames land where they should, which a string snapshot cannot show.

export class TerminalModel {
  private grid: string[][];
  row = 0;
  col = 0;
  scrolledOff = 0;

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    this.grid = Array.from({ length: rows }, () => Array<string>(columns).fill(' '));
  }

  /** The screen as trimmed lines, top to bottom. */
  lines(): string[] {
    return this.grid.map((r) => r.join('').trimEnd());
  }

  private lineFeed(): void {
    if (this.row === this.rows - 1) {
      this.grid.shift();
      this.grid.push(Array<string>(this.columns).fill(' '));
      this.scrolledOff += 1;
    } else {
      this.row += 1;
    }
  }

  write(data: string): void {
    let i = 0;
    while (i < data.length) {
      const ch = data[i]!;
      if (ch === '\u001B') {
        const m = /^\u001B\[(\??)([\d;]*)([A-Za-z])/.exec(data.slice(i, i + 16));
        if (m === null) throw new Error(`terminal model: unknown escape ${JSON.stringify(data.slice(i, i + 8))}`);
        this.control(m[1]!, m[2]!, m[3]!);
        i += m[0].length;
        continue;
      }
      if (ch === '\n') {
        // A tty in cooked output mode turns LF into CR LF.
        this.col = 0;
        this.lineFeed();
      } else if (ch === '\r') {
        this.col = 0;
      } else {
        if (this.col < this.columns) this.grid[this.row]![this.col] = ch;
        this.col += 1;
      }
      i += 1;
    }
  }

  private control(private_: string, params: string, final: string): void {
    if (private_ === '?') return; // cursor visibility, synchronized output
    const n = params === '' ? 1 : Math.max(1, Number(params.split(';')[0]));
    switch (final) {
      case 'A':
        this.row = Math.max(0, this.row - n);
        break;
      case 'B':
        this.row = Math.min(this.rows - 1, this.row + n);
        break;
      case 'E':
        this.row = Math.min(this.rows - 1, this.row + n);
        this.col = 0;
        break;
      case 'G':
        this.col = n - 1;
        break;
      case 'H':
        this.row = 0;
        this.col = 0;
        break;
      case 'K':
        if (params === '2') this.grid[this.row]!.fill(' ');
        else for (let c = this.col; c < this.columns; c++) this.grid[this.row]![c] = ' ';
        break;
      case 'J':
        for (const r of this.grid) r.fill(' ');
        break;
      case 'm':
        break;
      default:
        throw new Error(`terminal model: unsupported CSI ${params}${final}`);
    }
  }
}
