/** One result of a benchmark, with its same-run reference and target. */
export interface ResultRow {
  /** The bench section (Browser, Server, Runtime, …); a table of one section leaves it out. */
  section?: string;
  measure: string;
  value: string;
  reference: string;
  ratio: string;
  target: string;
  /** undefined for a row that is measured only (no target). */
  pass?: boolean;
}

/** Prints rows as an aligned table: numbers right-aligned, a section named once, PASS/FAIL last. */
export function printResultTable(rows: readonly ResultRow[]): void {
  const sectioned = rows.some((r) => r.section !== undefined && r.section !== '');
  const header = [...(sectioned ? [''] : []), 'measure', 'Roomdeck', 'reference', 'ratio', 'target', ''];
  const verdict = (r: ResultRow) => (r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL');
  const lines = [
    header,
    ...rows.map((r) => [
      ...(sectioned ? [r.section ?? ''] : []),
      r.measure,
      r.value,
      r.reference,
      r.ratio,
      r.target,
      verdict(r),
    ]),
  ];
  const offset = sectioned ? 1 : 0;
  const numeric = new Set([offset + 1, offset + 3]); // Roomdeck and ratio
  const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  console.log('');
  let section = '';
  for (const [n, l] of lines.entries()) {
    const cells = [...l];
    if (sectioned && n > 0) {
      if (cells[0] === section) cells[0] = '';
      else section = cells[0] ?? '';
    }
    console.log(
      cells
        .map((c, i) => (numeric.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    );
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}
