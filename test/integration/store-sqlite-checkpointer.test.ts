/**
 * The SQLite WAL checkpointer (src/adapters/driven/store/sqlite/sqlite-db.ts): once a store has made its
 * 64th group commit, a worker thread copies committed WAL pages into the database file while the
 * writer keeps writing; close() stops it first, so the writer's close still folds the WAL in and
 * removes it, and everything committed is there when the file is opened again.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/driven/store/index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function writeOrders(store: Awaited<ReturnType<typeof openStore>>, n: number): Promise<void> {
  // one transaction per turn of the event loop: each is its own group commit
  for (let i = 0; i < n; i++) {
    await store.transaction(async (tx) => {
      await tx.sequences.next('checkpointer-test');
      await tx.sps.upsert({ id: `sp-${i % 50}`, name: `SP ${i}`, createdAt: '2026-03-02T08:00:00Z' });
    });
  }
}

describe('SQLite WAL checkpointer', () => {
  it('copies committed pages into the database file beside the writer; close folds the WAL in; nothing is lost', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-ckpt-'));
    dirs.push(dir);
    const file = path.join(dir, 'ponctl.sqlite');
    const store = await openStore({ kind: 'sqlite', file });
    await writeOrders(store, 100); // starts the checkpointer (64th commit)
    const before = statSync(file).size;
    // far below the writer's own 10 000-page autocheckpoint: only the checkpointer moves pages now
    await store.transaction(async (tx) => {
      for (let i = 0; i < 2000; i++)
        await tx.sps.upsert({ id: `bulk-${i}`, name: 'x'.repeat(200), createdAt: '2026-03-02T08:00:00Z' });
    });
    let grown = false;
    for (let i = 0; i < 50 && !grown; i++) {
      await new Promise((r) => setTimeout(r, 50));
      grown = statSync(file).size > before;
    }
    expect(grown).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(true);
    await store.close();
    expect(existsSync(`${file}-wal`)).toBe(false);

    const again = await openStore({ kind: 'sqlite', file });
    try {
      expect(await again.sequences.current('checkpointer-test')).toBe(100);
      expect((await again.sps.list()).length).toBe(50 + 2000);
    } finally {
      await again.close();
    }
  });
});
