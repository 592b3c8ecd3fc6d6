/**
 * Plain-text tables for the terminal commands (`quantdeck journal`, its `--audit`): columns padded
 * to their widest cell, counted in code points, two spaces apart, the last column left ragged so a
 * long message does not pad every line. Cells are taken as they are: neutralise untrusted text first.
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((c, i) => Math.max([...c].length, ...rows.map((row) => [...(row[i] ?? '')].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - [...c].length)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
