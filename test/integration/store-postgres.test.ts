import { openStore } from '../../src/adapters/driven/store/index.ts';
import { PG_URL, dropSchema, uniqueSchemaName } from '../helpers/pg.ts';
import { storeContract } from './store-contract.ts';
import { storeContractPages } from './store-contract-pages.ts';
import { storeContractFairness } from './store-contract-fairness.ts';
import { storeContractBatches } from './store-contract-batches.ts';

storeContract('PostgreSQL (schema per test)', async () => {
  const schema = uniqueSchemaName('store');
  const store = await openStore({ kind: 'postgres', url: PG_URL }, { schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
});

storeContractPages('PostgreSQL (schema per test)', async () => {
  const schema = uniqueSchemaName('store');
  const store = await openStore({ kind: 'postgres', url: PG_URL }, { schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
});

storeContractFairness('PostgreSQL (schema per test)', async () => {
  const schema = uniqueSchemaName('store');
  const store = await openStore({ kind: 'postgres', url: PG_URL }, { schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
});

storeContractBatches('PostgreSQL (schema per test)', async () => {
  const schema = uniqueSchemaName('store');
  const store = await openStore({ kind: 'postgres', url: PG_URL }, { schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
});
