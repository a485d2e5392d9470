/**
 * The SQL Store: the application's `Store` port (application/ports/store) as the repositories of
 * repositories/index.ts bound to one `Db` (SQLite by default, PostgreSQL for several instances, design
 * §8), plus `transaction`, which hands `fn` a Store whose repositories all run in that transaction.
 * Both dialects pass one contract suite (test/integration/store-contract.ts).
 */
import type { Store } from '../../../application/ports/store/index.ts';
import type { Db, Dialect } from './db.ts';
import { migrate } from './migrate.ts';
import { PostgresDb } from './postgres/postgres-db.ts';
import { REPOSITORIES } from './repositories/index.ts';
import { SqliteDb } from './sqlite/sqlite-db.ts';

/** Where the store lives (configuration `store`, `PONCTL_STORE`). */
export type StoreConfig =
  { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string };

/** The Store port plus what only SQL callers need: the dialect and the SQL seam (migrations, tests). */
export interface SqlStore extends Store {
  readonly dialect: Dialect;
  /** The SQL seam, for repositories and for checks that need raw SQL (migrations, tests). */
  readonly db: Db;
}

/**
 * The Store bound to each Db that has been bound (repositories hold nothing but their Db). SQLite's
 * group commit hands every transaction the same connection handle, so its tx Store is built once
 * instead of once per transaction (bench intake: ~3% of the controller's CPU went to rebuilding it).
 */
const bound = new WeakMap<Db, SqlStore>();

/** Binds every registered repository to `db` (lazily: a Store builds only what it uses). */
export function bindStore(db: Db): SqlStore {
  const known = bound.get(db);
  if (known) return known;
  const cache = new Map<string, unknown>();
  const store = {
    dialect: db.dialect,
    db,
    transaction: <T>(fn: (tx: Store) => Promise<T>) =>
      db.transaction((txDb) => (txDb === db ? fn(store) : fn(bindStore(txDb)))),
    ping: async () => {
      await db.get('SELECT 1 AS one');
    },
    close: () => db.close(),
  } as SqlStore;
  for (const [name, make] of Object.entries(REPOSITORIES) as [string, (d: Db) => unknown][]) {
    Object.defineProperty(store, name, {
      enumerable: true,
      get() {
        let repo = cache.get(name);
        if (!repo) {
          repo = make(db);
          cache.set(name, repo);
        }
        return repo;
      },
    });
  }
  bound.set(db, store);
  return store;
}

export interface OpenStoreOptions {
  /** PostgreSQL only: the schema to use (created if missing). */
  schema?: string;
  /** Run pending migrations (default true). */
  migrate?: boolean;
}

/** Opens the store the configuration names and brings its schema up to date. */
export async function openStore(cfg: StoreConfig, opts: OpenStoreOptions = {}): Promise<SqlStore> {
  let db: Db;
  if (cfg.kind === 'postgres') {
    const schema = opts.schema ?? cfg.schema;
    if (schema) {
      if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name: ${schema}`);
      const admin = PostgresDb.open(cfg.url, { max: 1 });
      try {
        await admin.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      } finally {
        await admin.close();
      }
    }
    db = PostgresDb.open(cfg.url, { schema });
  } else {
    db = SqliteDb.open(cfg.file);
  }
  try {
    if (opts.migrate !== false) await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return bindStore(db);
}
