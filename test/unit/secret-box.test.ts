/** AES-256-GCM sealing (issue 14 item 3): round trip, key ids, tampering and wrong keys refused. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AesGcmSecretBox } from '../../src/adapters/driven/secrets/aes-gcm-box.ts';
import { loadSecretBox } from '../../src/adapters/driven/secrets/secret-key.ts';
import { SecretBoxError } from '../../src/application/ports/secret-box.ts';

describe('AesGcmSecretBox', () => {
  const a = new AesGcmSecretBox(randomBytes(32));
  const b = new AesGcmSecretBox(randomBytes(32));

  it('seals to a value that does not contain the secret, fresh IV each time, and opens it', () => {
    const s1 = a.seal('olt-password-1');
    const s2 = a.seal('olt-password-1');
    expect(s1).not.toContain('olt-password-1');
    expect(s1).not.toBe(s2);
    expect(s1.startsWith(`sealed:v1:${a.keyId}:`)).toBe(true);
    expect(a.open(s1)).toBe('olt-password-1');
    expect(a.isCurrent(s1)).toBe(true);
    expect(b.isCurrent(s1)).toBe(false);
  });

  it('refuses a value sealed under another key, or altered, and names the key ids only', () => {
    const s = a.seal('secret');
    expect(() => b.open(s)).toThrow(SecretBoxError);
    expect(() => b.open(s)).toThrow(a.keyId);
    const parts = s.split(':');
    const ct = Buffer.from(parts[4], 'base64url');
    ct[0] ^= 1;
    parts[4] = ct.toString('base64url');
    expect(() => a.open(parts.join(':'))).toThrow(/does not authenticate/);
    // the key id is authenticated: a value cannot be relabelled to another key
    const relabelled = s.replace(a.keyId, b.keyId);
    expect(() => b.open(relabelled)).toThrow(SecretBoxError);
  });

  it('opens what an older key sealed during a rotation; a never-sealed value passes as is', () => {
    const oldKey = randomBytes(32);
    const old = new AesGcmSecretBox(oldKey);
    const both = new AesGcmSecretBox(randomBytes(32), [oldKey]);
    expect(both.open(old.seal('x'))).toBe('x');
    expect(both.open('legacy-clear-text')).toBe('legacy-clear-text');
    expect(JSON.stringify({ box: both })).not.toContain(oldKey.toString('base64'));
  });

  it('creates the key file 0600 on first use and reads the same key after; PONCTL_SECRET_KEY wins', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-key-'));
    const file = path.join(dir, 'sub', 'secret.key');
    const first = loadSecretBox({ file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSecretBox({ file }).keyId).toBe(first.keyId);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    const hex = randomBytes(32).toString('hex');
    const fromEnv = loadSecretBox({ key: hex, file });
    expect(fromEnv.keyId).not.toBe(first.keyId);
    expect(() => loadSecretBox({ key: 'too-short', file })).toThrow(/32 bytes/);
    writeFileSync(path.join(dir, 'bad.key'), 'abc');
    expect(() => loadSecretBox({ file: path.join(dir, 'bad.key') })).toThrow(/32 bytes/);
  });
});
