// See docs/decisions/recycled-rows.md.

/** Each shown session's row key: the DOM row React keeps for it. */
export interface RowSlots {
  readonly sids: readonly string[];
  readonly keys: ReadonlyMap<string, string>;
  /** How many keys were ever made: the next new one is `row-${created}`. */
  readonly created: number;
}

const NO_SLOTS: RowSlots = { sids: [], keys: new Map(), created: 0 };

/**
 * A session still shown keeps its row, so focus and a live refresh's reordering stay with it; a
 * session new to the view takes the row of one that left, in their order, so a new page updates
 * the rows in place instead of building them again. More rows than before get new keys.
 */
export function assignRowSlots(sids: readonly string[], previous: RowSlots = NO_SLOTS): RowSlots {
  const shown = new Set(sids);
  const left = [...previous.keys].filter(([sid]) => !shown.has(sid)).map(([, key]) => key);
  let created = previous.created;
  const keys = new Map<string, string>();
  for (const sid of sids) {
    keys.set(sid, previous.keys.get(sid) ?? left.shift() ?? `row-${created++}`);
  }
  return { sids, keys, created };
}

export function sameSids(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((sid, index) => sid === b[index]);
}
