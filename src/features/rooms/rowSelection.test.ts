import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, selectAll, selectedInOrder, toggleAll, toggleRow } from './rowSelection';

const order = ['a', 'b', 'c', 'd', 'e'];
const sorted = (s: ReadonlySet<string>) => [...s].sort();

describe('row selection', () => {
  it('toggles one row and makes it the anchor', () => {
    const one = toggleRow(EMPTY_SELECTION, order, 'b', false);
    expect(sorted(one.selected)).toEqual(['b']);
    expect(one.anchor).toBe('b');
    expect(sorted(toggleRow(one, order, 'b', false).selected)).toEqual([]);
  });

  it('shift-click selects the range from the anchor, in either direction', () => {
    const anchor = toggleRow(EMPTY_SELECTION, order, 'b', false);
    expect(sorted(toggleRow(anchor, order, 'd', true).selected)).toEqual(['b', 'c', 'd']);
    const up = toggleRow(toggleRow(EMPTY_SELECTION, order, 'e', false), order, 'c', true);
    expect(sorted(up.selected)).toEqual(['c', 'd', 'e']);
  });

  it('shift-click on a selected row clears the range', () => {
    const all = selectAll(EMPTY_SELECTION, order);
    const anchored = toggleRow(all, order, 'a', false); // a off, anchor a
    expect(sorted(toggleRow(anchored, order, 'c', true).selected)).toEqual(['d', 'e']);
  });

  it('shift-click without an anchor in view toggles just the row', () => {
    const s = toggleRow({ selected: new Set(), anchor: 'gone' }, order, 'c', true);
    expect(sorted(s.selected)).toEqual(['c']);
  });

  it('the header checkbox selects all given, then clears them, keeping other selected rows', () => {
    const other = toggleRow(EMPTY_SELECTION, ['x'], 'x', false);
    const on = toggleAll(other, ['a', 'b']);
    expect(sorted(on.selected)).toEqual(['a', 'b', 'x']);
    expect(sorted(toggleAll(on, ['a', 'b']).selected)).toEqual(['x']);
    expect(toggleAll(EMPTY_SELECTION, []).selected.size).toBe(0);
  });

  it('lists the selected ids that still exist, in the order shown', () => {
    expect(selectedInOrder(new Set(['e', 'gone', 'a']), order)).toEqual(['a', 'e']);
  });
});
