// `ponctl order check FILE [--received] [--installation] --json` (design §5), run as a child process.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PONCTL = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'ponctl');
let dir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function ponctl(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [PONCTL, ...args],
      { env: { ...process.env, PONCTL_CLOCK: '', ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}
async function file(name: string, body: unknown): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
}

const activation = {
  form: 'BSNA',
  category: 'activation',
  requestedDate: '2026-04-03',
  address: { street: 'Ilica', number: '12', city: 'Zagreb', county: 'Grad Zagreb', flat: '3', floor: '1' },
  contact: { name: 'Ana', phone: '+385 1 234 5678' },
  ownerInstallsHome: false,
  ontSerial: 'ZTEG1A2B3C4D',
  accessLevel: 'regional',
  services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
  forced: false,
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ponctl-order-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ponctl order check', () => {
  it('a valid activation on an existing installation: Thu 2 Apr 2026 + 6 RD (Easter) → Fri 10 Apr', async () => {
    const r = await ponctl([
      'order',
      'check',
      await file('ok.json', activation),
      '--received',
      '2026-04-02T10:00:00+02:00',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, plannedDate: '2026-04-10', deadline: '2026-04-10' });
  });

  it('a speed change received Thu 2 Apr 2026 is due Tue 7 Apr (3 RD)', async () => {
    const f = await file('speed.json', {
      form: 'BSNA',
      category: 'speed-change',
      adapterId: 'A-00000001',
      services: { internet: '500/250' },
    });
    const r = await ponctl(['order', 'check', f, '--received', '2026-04-02T10:00:00+02:00', '--json']);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, plannedDate: '2026-04-07', deadline: '2026-04-07' });
  });

  it('--installation selects the Table 8 row', async () => {
    const r = await ponctl([
      'order',
      'check',
      await file('new.json', activation),
      '--received',
      '2026-04-02T10:00:00+02:00',
      '--installation',
      'new-underground-drop-missing',
      '--json',
    ]);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, plannedDate: '2026-05-02', deadline: '2026-05-02' });
  });

  it.each([
    [
      'requested date in the past',
      { ...activation, requestedDate: '2026-04-01' },
      'REQUESTED_DATE_IN_PAST',
      'requestedDate',
    ],
    [
      'requested date 61 days ahead',
      { ...activation, requestedDate: '2026-06-02' },
      'REQUESTED_DATE_TOO_FAR',
      'requestedDate',
    ],
    [
      'serial with owner installing',
      { ...activation, ownerInstallsHome: true },
      'ONT_SERIAL_NOT_ALLOWED',
      'ontSerial',
    ],
    ['management alone', { ...activation, services: { management: true } }, 'MANAGEMENT_ONLY', 'services'],
    [
      'missing street',
      { ...activation, address: { number: '1', city: 'Zagreb', county: 'Grad Zagreb' } },
      'INCOMPLETE_ORDER',
      'address.street',
    ],
    [
      'rate not in the catalogue',
      { ...activation, services: { internet: '250/250' } },
      'RATE_NOT_IN_CATALOGUE',
      'services.internet',
    ],
  ])('%s → exit 1 with the code', async (name, body, code, field) => {
    const r = await ponctl([
      'order',
      'check',
      await file(`${name.replace(/\W+/g, '-')}.json`, body),
      '--received',
      '2026-04-02T10:00:00+02:00',
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, code, field });
  });

  it('a file that is not JSON is an incomplete order', async () => {
    const r = await ponctl(['order', 'check', await file('bad.json', '{ nope'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, code: 'INCOMPLETE_ORDER' });
  });

  it('without --json prints a readable line; PONCTL_CLOCK is the received time', async () => {
    const r = await ponctl(['order', 'check', await file('ok2.json', activation)], {
      PONCTL_CLOCK: '2026-04-02T10:00:00+02:00',
    });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('ok: planned 2026-04-10, deadline 2026-04-10');
  });

  it('a bad --installation is a usage error (exit 2)', async () => {
    const r = await ponctl([
      'order',
      'check',
      await file('ok3.json', activation),
      '--installation',
      'castle',
      '--json',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/installation/);
  });

  it('--help states what is assumed', async () => {
    const r = await ponctl(['order', 'check', '--help']);
    expect(r.stdout).toMatch(/ASSUMED PERMISSIVE/);
  });
});

describe('ponctl order submit', () => {
  it('POSTs the file to $PONCTL_URL/v1/orders with the bearer key and Idempotency-Key', async () => {
    const seen: { method?: string; url?: string; auth?: string; key?: string; body?: string }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          auth: req.headers.authorization,
          key: req.headers['idempotency-key'] as string,
          body,
        });
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'o-1',
            status: 'accepted',
            adapterId: 'A-00000001',
            plannedDate: '2026-04-10',
            deadline: '2026-04-10',
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await ponctl(
        ['order', 'submit', await file('submit.json', activation), '--idempotency-key', 'k-42', '--json'],
        { PONCTL_URL: url, PONCTL_KEY: 'secret-key' },
      );
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ id: 'o-1', adapterId: 'A-00000001' });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        method: 'POST',
        url: '/v1/orders',
        auth: 'Bearer secret-key',
        key: 'k-42',
      });
      expect(JSON.parse(seen[0].body ?? '')).toEqual(activation);
    } finally {
      server.close();
    }
  });

  it('a 422 is exit 1 with the reason', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'PORT_BLOCKED', message: 'blocked', field: 'forced' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await ponctl(['order', 'submit', await file('submit2.json', activation)], {
        PONCTL_URL: url,
        PONCTL_KEY: 'k',
      });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/PORT_BLOCKED \(forced\)/);
    } finally {
      server.close();
    }
  });
});
