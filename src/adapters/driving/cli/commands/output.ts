/**
 * How list commands print (issue 14 item 8, kubectl's habits): an aligned table with a header and
 * the ids other commands take; `-o wide` adds columns; `-o json` prints the API's body as is.
 * Exports no `register…`: not a command.
 */

export type OutputFormat = 'table' | 'wide' | 'json';

/** The `-o` option's value, or an error line for an unknown one. */
export function outputFormat(o: { output?: string; json?: boolean }): OutputFormat {
  if (o.json) return 'json';
  const f = (o.output ?? 'table').toLowerCase();
  if (f === 'table' || f === 'wide' || f === 'json') return f;
  throw new Error(`unknown output format ${o.output} (json, wide)`);
}

export interface Column<T> {
  header: string;
  value(row: T): string | number | boolean | undefined | null;
  /** Shown only with `-o wide`. */
  wide?: boolean;
}

/** An aligned table; the last column is not padded (it may be long). */
export function table<T>(
  rows: readonly T[],
  cols: readonly Column<T>[],
  format: OutputFormat = 'table',
): string {
  const shown = cols.filter((c) => format === 'wide' || !c.wide);
  const cells = rows.map((r) =>
    shown.map((c) => {
      const v = c.value(r);
      return v === undefined || v === null || v === '' ? '-' : String(v);
    }),
  );
  const headers = shown.map((c) => c.header.toUpperCase());
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd() + '\n';
  return line(headers) + cells.map(line).join('');
}
