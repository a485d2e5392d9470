/**
 * Versioned migrations (design §8): `migrations/NNN_name.sql` runs on both dialects;
 * `NNN_name.sqlite.sql` / `NNN_name.postgres.sql` replace it for one dialect. Applied versions are
 * recorded in `schema_migrations`; all pending ones run in one transaction (PostgreSQL: under an
 * advisory lock, so instances starting together migrate once).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Dialect } from './db.ts';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dialect: Dialect, dir = MIGRATIONS_DIR): Migration[] {
  const byVersion = new Map<number, { name: string; common?: string; own?: string }>();
  for (const file of readdirSync(dir)) {
    const m = /^(\d+)_([\w-]+?)(?:\.(sqlite|postgres))?\.sql$/.exec(file);
    if (!m) continue;
    const version = Number(m[1]);
    const entry = byVersion.get(version) ?? { name: m[2] };
    if (entry.name !== m[2]) throw new Error(`migration ${version} has two names: ${entry.name}, ${m[2]}`);
    if (!m[3]) entry.common = path.join(dir, file);
    else if (m[3] === dialect) entry.own = path.join(dir, file);
    byVersion.set(version, entry);
  }
  return [...byVersion.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([version, e]) => {
      const file = e.own ?? e.common;
      return file ? [{ version, name: e.name, sql: readFileSync(file, 'utf8') }] : [];
    });
}

const MIGRATION_LOCK = 0x70_6f_6e_63; // 'ponc'

/** Applies every migration not yet applied; returns the versions it applied. */
export async function migrate(db: Db, migrations = loadMigrations(db.dialect)): Promise<number[]> {
  return db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set((await tx.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, new Date().toISOString()]);
      applied.push(m.version);
    }
    return applied;
  });
}
