/**
 * Checkbox selection of list rows by id: a click toggles one row and becomes the anchor; a shift-click sets every
 * row between the anchor and the clicked one (in the order shown) to the clicked row's new state.
 */
export interface RowSelection {
  selected: ReadonlySet<string>;
  anchor: string | null;
}

export const EMPTY_SELECTION: RowSelection = { selected: new Set(), anchor: null };

export function toggleRow(
  state: RowSelection,
  orderedIds: readonly string[],
  id: string,
  shiftKey: boolean,
): RowSelection {
  const select = !state.selected.has(id);
  const next = new Set(state.selected);
  const from = shiftKey && state.anchor !== null ? orderedIds.indexOf(state.anchor) : -1;
  const to = orderedIds.indexOf(id);
  if (from >= 0 && to >= 0) {
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
      const rowId = orderedIds[i] as string;
      if (select) next.add(rowId);
      else next.delete(rowId);
    }
  } else if (select) {
    next.add(id);
  } else {
    next.delete(id);
  }
  return { selected: next, anchor: id };
}

/** Selects every id given (e.g. all rows matching the search), keeping what was already selected. */
export function selectAll(state: RowSelection, ids: readonly string[]): RowSelection {
  const next = new Set(state.selected);
  for (const id of ids) next.add(id);
  return { selected: next, anchor: state.anchor };
}

/** The header checkbox: when every id given is selected, unselects them; otherwise selects them all. */
export function toggleAll(state: RowSelection, ids: readonly string[]): RowSelection {
  if (ids.length > 0 && ids.every((id) => state.selected.has(id))) {
    const next = new Set(state.selected);
    for (const id of ids) next.delete(id);
    return { selected: next, anchor: null };
  }
  return selectAll(state, ids);
}

/** The selected ids that still exist, in the order of `orderedIds`: rooms that left the list drop out. */
export function selectedInOrder(selected: ReadonlySet<string>, orderedIds: readonly string[]): string[] {
  if (selected.size === 0) return [];
  return orderedIds.filter((id) => selected.has(id));
}
