/**
 * Issue 14 item 3 / issue 17 item 7: a webhook's signing secret is sealed in the store (the store
 * files never hold it), files holding secrets are 0600, and `ponctl secrets rotate` re-seals every
 * stored secret under a new key (the real CLI on the same store), after which the new key opens it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { startTestController, type TestController } from '../helpers/controller.ts';
import { runPonctl } from '../helpers/ponctl-cli.ts';
import { loadSecretBox } from '../../src/adapters/driven/secrets/secret-key.ts';
import { openStore } from '../../src/adapters/driven/store/index.ts';

const SECRET = 'whsec-known-to-the-sp-0123456789';

/** Every file of the data directory but the key file, as bytes. */
function storeBytes(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir)
      .filter((f) => !f.startsWith('secret.key'))
      .map((f) => readFileSync(path.join(dir, f))),
  );
}

describe('secrets sealed at rest', () => {
  let t: TestController;
  beforeAll(async () => {
    t = await startTestController();
  });
  afterAll(async () => t?.close());

  it('stores a webhook secret sealed; the store files and the key file are the owner’s only', async () => {
    const r = await t.call('POST', '/v1/webhooks', {
      body: { url: 'https://hooks.example.org/x', secret: SECRET },
    });
    expect(r.status).toBe(201);
    expect(r.body.secret).toBe(SECRET); // shown once, to its owner
    const list = await t.call('GET', '/v1/webhooks');
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
    const [row] = await t.store.sealedSecrets.list();
    expect(row).toMatchObject({ kind: 'webhook', id: r.body.id });
    expect(row.value).toMatch(/^sealed:v1:[0-9a-f]{8}:/);
    expect(loadSecretBox({ file: path.join(t.dataDir, 'secret.key') }).open(row.value)).toBe(SECRET);
    expect(storeBytes(t.dataDir).includes(SECRET)).toBe(false);
    for (const f of readdirSync(t.dataDir).filter((x) => /ponctl\.sqlite|secret\.key|demo-keys/.test(x)))
      expect([f, statSync(path.join(t.dataDir, f)).mode & 0o777]).toEqual([f, 0o600]);
  });

  it('ponctl secrets rotate re-seals every secret under a new key file', async () => {
    const keyFile = path.join(t.dataDir, 'secret.key');
    const before = loadSecretBox({ file: keyFile });
    const env = { PONCTL_DATA_DIR: t.dataDir, PONCTL_SECRET_KEY: '' };
    const out = await runPonctl(['secrets', 'rotate', '--json'], env, { cwd: t.dataDir });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const r = JSON.parse(out.stdout);
    expect(r).toMatchObject({ previousKeyId: before.keyId, resealed: 1, keyFile });
    const after = loadSecretBox({ file: keyFile });
    expect(after.keyId).toBe(r.keyId);
    expect(after.keyId).not.toBe(before.keyId);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const store = await openStore({ kind: 'sqlite', file: path.join(t.dataDir, 'ponctl.sqlite') });
    try {
      const [row] = await store.sealedSecrets.list();
      expect(after.isCurrent(row.value)).toBe(true);
      expect(after.open(row.value)).toBe(SECRET);
      expect(() => before.open(row.value)).toThrow(/sealed under key/);
    } finally {
      await store.close();
    }
    // with PONCTL_SECRET_KEY the new key is printed for the operator, the key file left alone
    const envKey = after.keyId && readFileSync(keyFile, 'utf8').trim();
    const viaEnv = await runPonctl(
      ['secrets', 'rotate'],
      { ...env, PONCTL_SECRET_KEY: envKey },
      { cwd: t.dataDir },
    );
    expect(viaEnv.code).toBe(0);
    const printed = /set PONCTL_SECRET_KEY to it[^\n]*\n(\S+)/.exec(viaEnv.stderr)?.[1];
    expect(printed).toBeTruthy();
    expect(viaEnv.stdout).toMatch(/re-sealed 1 secret: key/);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(envKey);
    const store2 = await openStore({ kind: 'sqlite', file: path.join(t.dataDir, 'ponctl.sqlite') });
    try {
      const [row] = await store2.sealedSecrets.list();
      expect(loadSecretBox({ key: printed!, file: keyFile }).open(row.value)).toBe(SECRET);
    } finally {
      await store2.close();
    }
  }, 120_000);
});
