/**
 * Versioned migrations (design §8): `migrations/NNN_name.sql` runs on both dialects (identified by number and name, applied in that order);
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
  // a migration is identified by version AND name, so two helpers picking the same number do not collide
  const byId = new Map<string, { version: number; name: string; common?: string; own?: string }>();
  for (const file of readdirSync(dir)) {
    const m = /^(\d+)_([\w-]+?)(?:\.(sqlite|postgres))?\.sql$/.exec(file);
    if (!m) continue;
    const id = `${m[1]}_${m[2]}`;
    const entry = byId.get(id) ?? { version: Number(m[1]), name: m[2] };
    if (!m[3]) entry.common = path.join(dir, file);
    else if (m[3] === dialect) entry.own = path.join(dir, file);
    byId.set(id, entry);
  }
  return [...byId.values()]
    .sort((a, b) => a.version - b.version || a.name.localeCompare(b.name))
    .flatMap((e) => {
      const file = e.own ?? e.common;
      return file ? [{ version: e.version, name: e.name, sql: readFileSync(file, 'utf8') }] : [];
    });
}

const MIGRATION_LOCK = 0x70_6f_6e_63; // 'ponc'

/** Applies every migration not yet applied; returns the versions it applied. */
export async function migrate(db: Db, migrations = loadMigrations(db.dialect)): Promise<number[]> {
  return db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (version, name))',
    );
    const done = new Set(
      (await tx.all<{ version: number; name: string }>('SELECT version, name FROM schema_migrations')).map(
        (r) => `${Number(r.version)}_${r.name}`,
      ),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(`${m.version}_${m.name}`)) continue;
      await tx.exec(m.sql);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
      applied.push(m.version);
    }
    return applied;
  });
}
