// See docs/decisions/recycled-rows.md.

/** Each shown session's row key: the DOM row React keeps for it. */
export interface RowSlots {
  readonly sids: readonly string[];
  /** The view (canonical query) these rows are of. */
  readonly view: string;
  readonly keys: ReadonlyMap<string, string>;
  /** How many keys were ever made: the next new one is `row-${created}`. */
  readonly created: number;
}

const NO_SLOTS: RowSlots = { sids: [], view: '', keys: new Map(), created: 0 };

/**
 * A session still shown keeps its row, so focus and a live refresh's reordering stay with it. In
 * another view (a new page, filter or sort), a session new to it takes the row of one that left,
 * in their order, so the rows update in place instead of being built again. Within one view (a
 * refresh), a newcomer gets a new row: the one that left may hold focus, which must not move to
 * another session unsaid. More rows than before get new keys, never used before.
 */
export function assignRowSlots(
  sids: readonly string[],
  view: string,
  previous: RowSlots = NO_SLOTS,
): RowSlots {
  const shown = new Set(sids);
  const left =
    view === previous.view
      ? []
      : [...previous.keys].filter(([sid]) => !shown.has(sid)).map(([, key]) => key);
  let created = previous.created;
  const keys = new Map<string, string>();
  for (const sid of sids) {
    keys.set(sid, previous.keys.get(sid) ?? left.shift() ?? `row-${created++}`);
  }
  return { sids, view, keys, created };
}

export function sameSids(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((sid, index) => sid === b[index]);
}
