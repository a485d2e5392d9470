import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/driven/store/index.ts';
import { PG_URL, dropSchema, uniqueSchemaName } from '../helpers/pg.ts';
import { storeContract } from './store-contract.ts';
import { storeContractPages } from './store-contract-pages.ts';
import { storeContractFairness } from './store-contract-fairness.ts';
import { storeContractBatches } from './store-contract-batches.ts';

/** A fresh schema per test, dropped by its cleanup. */
async function freshStore() {
  const schema = uniqueSchemaName('store');
  const store = await openStore({ kind: 'postgres', url: PG_URL }, { schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
}

for (const suite of [storeContract, storeContractPages, storeContractFairness, storeContractBatches])
  suite('PostgreSQL (schema per test)', freshStore);

describe('PostgreSQL: statements prepared by name', () => {
  it('a read prepared before another instance added a column to its table still runs', async () => {
    const schema = uniqueSchemaName('prep');
    const store = await openStore({ kind: 'postgres', url: PG_URL }, { schema });
    const admin = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    try {
      await admin.connect();
      await store.sps.upsert({ id: 'sp-a', name: 'Alpha', createdAt: '2026-03-02T08:00:00.000Z' });
      // past five runs: the generic plan is cached on the connection
      for (let i = 0; i < 8; i++) expect((await store.sps.get('sp-a'))?.name).toBe('Alpha');
      await admin.query('ALTER TABLE sps ADD COLUMN later TEXT');
      expect((await store.sps.get('sp-a'))?.name).toBe('Alpha');
      expect(await store.transaction((tx) => tx.sps.get('sp-a'))).toMatchObject({ name: 'Alpha' });
    } finally {
      await admin.end();
      await store.close();
      await dropSchema(schema);
    }
  });
});
