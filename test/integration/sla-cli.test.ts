/** `ponctl sla compute` as a child process (design §5, §7): no controller needed. */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ponctl = path.join(root, 'bin', 'ponctl');

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [ponctl, ...args],
      { cwd: root, env: { ...process.env, PONCTL_URL: 'http://127.0.0.1:1', ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-sla-'));
function write(name: string, content: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

const incidents = {
  subscribers: [
    {
      adapterId: 'A-1',
      sp: 'sp1',
      accessLevel: 'regional',
      multiDwellingNoInBuilding: false,
      services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
      ownerInstalledHome: true,
      ontFromOwner: true,
    },
    {
      adapterId: 'B-7',
      sp: 'sp2',
      accessLevel: 'national',
      multiDwellingNoInBuilding: true,
      services: { iptv: 100 },
    },
  ],
  outages: [
    {
      id: 'o1',
      adapterIds: ['A-1'],
      services: ['internet'],
      start: '2026-03-02T08:00:00+01:00',
      end: '2026-03-02T12:30:00+01:00',
      cause: 'pon-fibre-cut',
    },
    {
      id: 'o2',
      adapterIds: ['A-1', 'B-7'],
      start: '2026-03-09T20:00:00+01:00',
      end: '2026-03-10T02:15:00+01:00',
      cause: 'olt-down',
      stops: [
        { start: '2026-03-09T21:00:00+01:00', end: '2026-03-09T21:30:00+01:00', reason: 'natural-disaster' },
      ],
    },
    {
      id: 'o3',
      adapterIds: ['B-7'],
      services: ['iptv'],
      start: '2026-03-20T00:00:00+01:00',
      end: '2026-03-22T03:00:00+01:00',
      cause: 'network-equipment',
    },
    {
      id: 'o4',
      adapterIds: ['A-1'],
      start: '2026-03-05T08:00:00+01:00',
      end: '2026-03-05T18:00:00+01:00',
      cause: 'dying-gasp',
    },
    {
      id: 'o5',
      adapterIds: ['A-1'],
      start: '2026-04-05T08:00:00+02:00',
      end: '2026-04-05T18:00:00+02:00',
      cause: 'olt-down',
    },
  ],
  plannedWorks: [],
};

describe('ponctl sla compute', () => {
  it('prints design §7 JSON for the month', async () => {
    const r = await run([
      'sla',
      'compute',
      '--incidents',
      write('ok.json', incidents),
      '--month',
      '2026-03',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // o1: internet-only 4 h 30 → no service credit (< 24 h), no access credit (access up)
    // o2: 6 h 15 less 30 min stop = 345 min → 5 h: A-1 980 × 5 / 720 = 6.8 → 0.07; B-7 (730 − 110 + 450) × 5 / 720 = 7.43 → 0.07
    // o3: IPTV 51 h → 2 days of 1.00 / 30 = 6.67 → 0.07
    expect(out).toEqual({
      month: '2026-03',
      total: 0.21,
      sps: [
        {
          sp: 'sp1',
          total: 0.07,
          subscribers: [
            {
              adapterId: 'A-1',
              total: 0.07,
              lines: [{ outageId: 'o2', rule: 'access-hourly', countedMinutes: 345, units: 5, amount: 0.07 }],
            },
          ],
        },
        {
          sp: 'sp2',
          total: 0.14,
          subscribers: [
            {
              adapterId: 'B-7',
              total: 0.14,
              lines: [
                { outageId: 'o2', rule: 'access-hourly', countedMinutes: 345, units: 5, amount: 0.07 },
                {
                  outageId: 'o3',
                  rule: 'service-daily',
                  service: 'iptv',
                  countedMinutes: 3060,
                  units: 2,
                  amount: 0.07,
                },
              ],
            },
          ],
        },
      ],
      excluded: [{ outageId: 'o4', adapterId: 'A-1', reason: 'dying-gasp' }],
    });
  });

  it('an invalid file is refused with the field named and exit status 2', async () => {
    const bad = structuredClone(incidents);
    (bad.outages[2] as { cause: string }).cause = 'gremlins';
    const r = await run([
      'sla',
      'compute',
      '--incidents',
      write('bad.json', bad),
      '--month',
      '2026-03',
      '--json',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('outages[2].cause');
    expect(r.stdout).toBe('');
  });

  it('not JSON, a missing file and a bad month exit 2 with a message', async () => {
    const notJson = await run([
      'sla',
      'compute',
      '--incidents',
      write('x.json', '{ nope'),
      '--month',
      '2026-03',
    ]);
    expect([notJson.code, notJson.stderr]).toEqual([2, expect.stringContaining('not valid JSON')]);
    const missing = await run([
      'sla',
      'compute',
      '--incidents',
      path.join(dir, 'absent.json'),
      '--month',
      '2026-03',
    ]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('cannot read')]);
    const month = await run([
      'sla',
      'compute',
      '--incidents',
      write('ok2.json', incidents),
      '--month',
      '2026-13',
    ]);
    expect([month.code, month.stderr]).toEqual([2, expect.stringContaining('--month')]);
  });

  it('sla credits without a reachable controller fails with exit 1 and says where it looked', async () => {
    const r = await run(['sla', 'credits', '--month', '2026-03']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('http://127.0.0.1:1');
  });
});

describe('ponctl sla credits / statement against a controller (HTTP on an ephemeral port)', () => {
  it('sends the key, the month and the SP; prints the report and the CSV as served', async () => {
    const seen: IncomingMessage[] = [];
    const report = { month: '2026-03', total: 0.05, sps: [], excluded: [] };
    const server = createServer((req, res) => {
      seen.push(req);
      if (req.url?.startsWith('/v1/sla/credits'))
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(report));
      else if (req.url?.startsWith('/v1/sla/statement.csv'))
        res.writeHead(200, { 'content-type': 'text/csv' }).end('month,sp\r\n2026-03,sp1\r\n');
      else
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const env = { PONCTL_URL: url, PONCTL_KEY: 'k-123' };
      const credits = await run(['sla', 'credits', '--month', '2026-03', '--sp', 'sp1', '--json'], env);
      expect(credits.code).toBe(0);
      expect(JSON.parse(credits.stdout)).toEqual(report);
      const csv = await run(['sla', 'statement', '--month', '2026-03', '--sp', 'sp1'], env);
      expect(csv.stdout).toBe('month,sp\r\n2026-03,sp1\r\n');
      expect(seen.map((r) => r.url)).toEqual([
        '/v1/sla/credits?month=2026-03&sp=sp1',
        '/v1/sla/statement.csv?month=2026-03&sp=sp1',
      ]);
      expect(seen.every((r) => r.headers.authorization === 'Bearer k-123')).toBe(true);
    } finally {
      server.close();
    }
  });
});
