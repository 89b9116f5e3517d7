// Which rows of a long fixed-height list to mount: those in the scroll viewport plus a margin on either side, so
// that a table of a thousand students costs the page the few dozen rows anyone can see.

export interface RowWindow {
  /** Index of the first mounted row. */
  readonly first: number;
  /** One past the index of the last mounted row. */
  readonly end: number;
}

/**
 * The rows [first, end) that cover the viewport `scrollTop .. scrollTop + viewportHeight` of a list of `count`
 * rows, each `rowHeight` pixels tall, widened by `overscan` rows above and below (so that Tab reaches the next
 * row's controls before it scrolls into view) and clamped to the list.
 */
export function rowWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan: number,
): RowWindow {
  const top = Math.max(0, scrollTop);
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight) + overscan);
  return { first: Math.min(first, end), end };
}
