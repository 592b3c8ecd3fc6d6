/**
 * Where every pane goes for a terminal size, as plain numbers. The root is at most rows − 1
 * tall (a full-height frame makes ink clear the screen and the scrollback on every render);
 * fixed panes get what they need and the tables share the rest, so 80x24 works and a bigger
 * terminal gives the tables (and a log tail) more rows and columns.
 */

export interface LayoutInput {
  columns: number;
  rows: number;
  /** Sockets shown in the Connection pane. */
  sockets: number;
  /** Rate-budget pools. */
  pools: number;
  /** Rows the bottom bar needs now (ticket: 3, otherwise 1). */
  barRows: number;
  /** Lines the Protection section asks for (0: not shown); it gets at most a third of the spare rows. */
  protectionLines?: number;
  /** A desk's accounts (the overview's rows); 0 or absent for a single session: no overview. */
  accounts?: number;
  /** L2 alerts in the store: the Alerts lines above the event line take a row once there is one. */
  alerts?: number;
}

export interface Layout {
  width: number;
  /** Rows the root uses: ≤ rows − 1. */
  height: number;
  /** Too small to draw the cockpit: a one-line notice instead. */
  tooSmall: boolean;
  /** Width of the left column of two-column rows (Connection, Fills); the right gets the rest. */
  leftWidth: number;
  rightWidth: number;
  /** Body lines of the Connection / Market block (without its title line). */
  statusRows: number;
  /** Pools per line in the Rate budget pane, and its body lines. */
  poolsPerLine: number;
  budgetRows: number;
  /** Body rows of Open orders (without title and column header). */
  orderRows: number;
  /** Lines of the Protection section, title included (0: not shown). */
  protectionRows: number;
  /** Body rows of Fills and Positions (without title and column header). */
  lowerRows: number;
  /**
   * Account rows of a desk's overview (its title and column header come on top); 0: no overview.
   * At most a third of the rows the tables would have: the selected account's panes come first.
   */
  overviewRows: number;
  /**
   * Lines of the Brief pane, title included: a line per timeframe under its title when the tables
   * keep a comfortable height, its title alone (each timeframe's arrow) on a shorter terminal, 0
   * when even that would cost the tables their rows.
   */
  briefRows: number;
  /** Lines of the log tail under the tables; 0 = only the one-line event line. */
  logRows: number;
  /** Alerts lines above the event line, newest first: 0 before the first alert, 1, or up to 3 on a tall terminal. */
  alertRows: number;
  barRows: number;
  /** Rows an overlay (help, faults, log view) gets in place of the panes below the header. */
  overlayRows: number;
}

export const MIN_COLUMNS = 60;
/** The Brief pane in full: its title and a line per timeframe. */
export const BRIEF_FULL = 6;
export const MIN_ROWS = 16;

/** The Rate budget pane's body lines at most, for a root of `height` rows. */
export function maxBudgetRows(height: number): number {
  if (height >= 48) return 6;
  if (height >= 36) return 4;
  if (height >= 28) return 3;
  return 2;
}

export function computeLayout(input: LayoutInput): Layout {
  const width = Math.max(1, input.columns);
  const height = Math.max(1, input.rows - 1);
  const barRows = input.barRows;
  const tooSmall = input.columns < MIN_COLUMNS || input.rows < MIN_ROWS;
  const leftWidth = Math.floor((width - 1) / 2);
  const rightWidth = width - leftWidth - 1;
  const statusRows = Math.max(3, input.sockets + 1);
  const poolsPerLine = Math.max(1, Math.floor(width / 40));
  // A venue with many pools (OKX: two dozen) would otherwise push Open orders off a 40-row
  // terminal; past the cap the pane shows the pools in use first and counts the rest.
  const budgetRows = Math.max(1, Math.min(Math.ceil(input.pools / poolsPerLine), maxBudgetRows(height)));
  // header + status title/body + budget title/body + orders title/header + lower title/header
  // + event line + bottom bar
  const fixed = 1 + (1 + statusRows) + (1 + budgetRows) + 2 + 2 + 1 + barRows;
  let spare = Math.max(0, height - fixed);
  // A desk's overview: a third of the spare rows at most, and only while Open orders and the lower
  // tables keep a row each beside its title, column header and one account row (on a terminal
  // that short the header's `NAME i/n` still says which account is shown).
  const accounts = input.accounts ?? 0;
  const room = spare - 2 - 2;
  const overviewRows = accounts === 0 || room < 1 ? 0 : Math.min(accounts, Math.max(1, Math.floor(spare / 3)), room);
  if (overviewRows > 0) spare -= overviewRows + 2;
  // The Alerts lines: one once there is an alert (while Open orders and the tables keep a row
  // each), up to three where the tables keep a comfortable height beside them.
  const alerts = input.alerts ?? 0;
  const alertRows = alerts === 0 || spare < 3 ? 0 : Math.min(alerts, spare >= 30 ? 3 : 1);
  spare -= alertRows;
  // Tall terminals: a log tail (title + lines) once the tables have a comfortable height.
  let logRows = 0;
  if (spare >= 24) {
    logRows = Math.min(10, Math.floor((spare - 16) / 2));
    spare -= logRows + 1;
  }
  // The brief, after the log tail (tall terminals keep theirs): in full (title + five timeframes)
  // while the tables keep 12 rows, else its title line alone while they keep 6, else not at all.
  const briefRows = spare - BRIEF_FULL >= 12 ? BRIEF_FULL : spare - 1 >= 6 ? 1 : 0;
  spare -= briefRows;
  const asked = input.protectionLines ?? 0;
  // A third of the spare rows at most, never the last two (Open orders and the tables keep a row
  // each); on a short terminal the title alone says a position has no stop.
  const protectionRows = Math.min(asked, Math.max(0, spare - 2), Math.max(2, Math.floor(spare / 3)));
  spare = Math.max(0, spare - protectionRows);
  const orderRows = Math.max(1, Math.floor(spare * 0.4));
  const lowerRows = Math.max(1, spare - orderRows);
  const overlayRows = Math.max(1, height - 1 - 1 - barRows);
  return {
    width,
    height,
    tooSmall,
    leftWidth,
    rightWidth,
    statusRows,
    poolsPerLine,
    budgetRows,
    orderRows,
    protectionRows,
    overviewRows,
    briefRows,
    lowerRows,
    logRows,
    alertRows,
    barRows,
    overlayRows,
  };
}
