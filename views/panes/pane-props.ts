/** What the layout hands every scrollable table pane: its box, the scroll offset and focus. */
export interface ScrollPaneProps {
  width: number;
  /** Table rows the pane may show (the title rule comes on top). */
  rows: number;
  /** Rows scrolled past from the top. */
  scroll: number;
  focused: boolean;
}
