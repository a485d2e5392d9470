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
