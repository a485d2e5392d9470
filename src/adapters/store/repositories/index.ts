/**
 * The repository registry: the ONE list of what the Store holds. To add a repository, write
 * `repositories/<concept>.ts` (a class taking a `Db`), add a migration `migrations/NNN_<concept>.sql`,
 * and add one line below; `Store` gains a typed `store.<name>` on both dialects.
 */
import type { Db } from '../db.ts';
import { AccessRepository } from './accesses.ts';
import { CoverageRepository } from './coverage.ts';
import { IdempotencyRepository } from './idempotency.ts';
import { KeyRepository } from './keys.ts';
import { OrderEventRepository } from './order-events.ts';
import { OrderRepository } from './orders.ts';
import { SequenceRepository } from './sequences.ts';
import { SpRepository } from './sps.ts';
import { StockRepository } from './stock.ts';

export const REPOSITORIES = {
  sps: (db: Db) => new SpRepository(db),
  keys: (db: Db) => new KeyRepository(db),
  coverage: (db: Db) => new CoverageRepository(db),
  accesses: (db: Db) => new AccessRepository(db),
  stock: (db: Db) => new StockRepository(db),
  orders: (db: Db) => new OrderRepository(db),
  orderEvents: (db: Db) => new OrderEventRepository(db),
  idempotency: (db: Db) => new IdempotencyRepository(db),
  sequences: (db: Db) => new SequenceRepository(db),
} as const;

export type Repositories = { readonly [K in keyof typeof REPOSITORIES]: ReturnType<(typeof REPOSITORIES)[K]> };
