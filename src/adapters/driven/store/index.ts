/** Public surface of the SQL store adapter (design §8); the Store port is application/ports/store. */
export { openStore, bindStore, type SqlStore, type StoreConfig, type OpenStoreOptions } from './store.ts';
export type { Db, Dialect, SqlValue } from './db.ts';
export { migrate, loadMigrations } from './migrate.ts';
export { REPOSITORIES } from './repositories/index.ts';
