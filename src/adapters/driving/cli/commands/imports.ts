/**
 * `ponctl coverage import FILE.csv` and `ponctl stock import FILE.csv` (issue 14 item 4): on the
 * store directly (PONCTL_STORE / PONCTL_DATA_DIR), all or nothing. Columns are documented in
 * application/imports/csv-import.ts and the README; every bad line is printed as `FILE:LINE: what`
 * and nothing is written (exit code 1).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  COVERAGE_COLUMNS,
  STOCK_COLUMNS,
  importCoverage,
  importStock,
  type ImportResult,
} from '../../../../application/imports/csv-import.ts';
import type { CliDeps } from '../deps.ts';

function report(file: string, what: string, r: ImportResult, json?: boolean): void {
  if (json) process.stdout.write(JSON.stringify(r) + '\n');
  else if (r.ok) process.stdout.write(`imported ${r.imported} ${what} from ${file}\n`);
  else {
    for (const e of r.errors) process.stderr.write(`${file}:${e.line}: ${e.message}\n`);
    process.stderr.write(`${r.errors.length} error(s); nothing imported\n`);
  }
  if (!r.ok) process.exitCode = 1;
}

export function registerImports(program: Command, deps: Pick<CliDeps, 'withStore'>): void {
  program
    .command('coverage')
    .description('coverage: addresses and the PON positions that serve them')
    .command('import')
    .description(
      `load coverage from CSV, all or nothing (columns: ${COVERAGE_COLUMNS.join(', ')}[, technology, flat])`,
    )
    .argument('<file>')
    .option('--json', 'print { ok, imported, errors } as JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const text = readFileSync(file, 'utf8');
      await deps.withStore(async (store) =>
        report(file, 'addresses', await importCoverage(store, text), o.json),
      );
    });
  program
    .command('stock')
    .description("ONT stock: the SPs' ONTs, by serial")
    .command('import')
    .description(`load ONT stock from CSV, all or nothing (columns: ${STOCK_COLUMNS.join(', ')})`)
    .argument('<file>')
    .option('--json', 'print { ok, imported, errors } as JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const text = readFileSync(file, 'utf8');
      await deps.withStore(async (store) =>
        report(file, 'ONTs', await importStock(store, text, new Date().toISOString()), o.json),
      );
    });
}
