import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/adapters/driven/store/index.ts';
import { storeContract } from './store-contract.ts';
import { storeContractPages } from './store-contract-pages.ts';
import { storeContractFairness } from './store-contract-fairness.ts';
import { storeContractBatches } from './store-contract-batches.ts';

/** A fresh SQLite file per test, removed by its cleanup. */
async function freshStore() {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-store-'));
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'ponctl.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

for (const suite of [storeContract, storeContractPages, storeContractFairness, storeContractBatches])
  suite('SQLite (file, WAL)', freshStore);
