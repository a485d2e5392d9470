import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/adapters/driven/store/index.ts';
import { storeContract } from './store-contract.ts';
import { storeContractPages } from './store-contract-pages.ts';
import { storeContractFairness } from './store-contract-fairness.ts';
import { storeContractBatches } from './store-contract-batches.ts';

storeContract('SQLite (file, WAL)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-store-'));
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'ponctl.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

storeContractPages('SQLite (file, WAL)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-store-'));
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'ponctl.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

storeContractFairness('SQLite (file, WAL)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-store-'));
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'ponctl.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

storeContractBatches('SQLite (file, WAL)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-store-'));
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'ponctl.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
