/**
 * `npm run bench -- intake` (design §10; issue 3): valid BSNA activations per second and p50/p99
 * latency over HTTP on SQLite. The controller runs as its own process (`bin/ponctl start`,
 * PONCTL_LAB=0) so client and server do not share an event loop; the client keeps C keep-alive
 * connections busy. Every order is valid and accepted (a fresh covered address and an ONT from the
 * SP's stock each), so each one runs the whole intake: auth, parse, facts, validate, schedule,
 * AdapterID, order + 3 events + access + stock reservation in one transaction.
 * Env: BENCH_ORDERS (default 10000), BENCH_CONCURRENCY (default 8), BENCH_PROFILE=DIR (CPU profile of
 * the controller), BENCH_WRK=SECONDS (also drive the controller that long with `wrk`, a C load
 * generator in its own process, same connections and bodies: the server's capacity without the
 * Node client's CPU). The machine's load average and the CPU time per order are printed with the
 * figures: throughput means little on a machine busy with other work.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/adapters/driven/store/index.ts';
import { addressKey } from '../src/application/ports/store/index.ts';
import { seedDemo } from '../src/main/demo-seed.ts';
import { freePort } from '../test/helpers/child-controller.ts';
import { percentile } from './_util.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `n` extra covered addresses on a synthetic OLT, each with an ONT in sp-alpha's stock. */
async function seedBench(
  dataDir: string,
  n: number,
  at: Date,
): Promise<{ street: string; number: string; serial: string }[]> {
  const store = await openStore({ kind: 'sqlite', file: path.join(dataDir, 'ponctl.sqlite') });
  try {
    await seedDemo(store, { at });
    const out: { street: string; number: string; serial: string }[] = [];
    await store.transaction(async (tx) => {
      for (let i = 0; i < n; i++) {
        const street = `Benchmark ${Math.floor(i / 128) + 1}`;
        const number = String((i % 128) + 1);
        const serial = 'ZTEG' + (0xb0000000 + i).toString(16).toUpperCase();
        await tx.coverage.upsert({
          addressKey: addressKey({ street, number, city: 'Zagreb' }),
          street,
          number,
          city: 'Zagreb',
          county: 'Grad Zagreb',
          node: 'ZG-Bench',
          technology: 'gpon',
          olt: 'olt-bench',
          pon: `1/${1 + Math.floor(i / 2048)}/${1 + (Math.floor(i / 128) % 16)}`,
          onuId: (i % 128) + 1,
          installation: 'existing',
        });
        await tx.stock.add('sp-alpha', [serial], at.toISOString());
        out.push({ street, number, serial });
      }
    });
    return out;
  } finally {
    await store.close();
  }
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuMsOf(pid: number): { user: number; system: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(f[11]) * 10, system: Number(f[12]) * 10 }; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return { user: NaN, system: NaN };
  }
}

/**
 * One keep-alive HTTP/1.1 connection, one request at a time (like a browser or an SP's integration
 * with one connection). Hand-written rather than node:http's Agent, which cost the bench process
 * ~0.15 ms of CPU per request and answered the controller late enough to leave it idle (same
 * controller: ~1500 orders/s with http.Agent, ~2200 with wrk). Reads the status line and
 * Content-Length (the controller always sends it for JSON) and skips the body.
 */
class KeepAliveClient {
  private buf: Buffer = Buffer.alloc(0);
  private pending?: { resolve: (status: number) => void; reject: (e: Error) => void };

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
      this.parse();
    });
    const fail = (e: Error) => {
      const p = this.pending;
      this.pending = undefined;
      p?.reject(e);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by the controller')));
  }

  static connect(port: number): Promise<KeepAliveClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new KeepAliveClient(s)));
      s.once('error', reject);
    });
  }

  post(urlPath: string, authorization: string, body: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(
        `POST ${urlPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authorization}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
  }

  private parse(): void {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0 || !this.pending) return;
    const head = this.buf.toString('latin1', 0, end);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1]);
    if (!Number.isFinite(length)) {
      this.pending.reject(new Error(`no Content-Length in: ${head}`));
      return;
    }
    if (this.buf.length < end + 4 + length) return;
    this.buf = this.buf.subarray(end + 4 + length);
    const p = this.pending;
    this.pending = undefined;
    p.resolve(Number(head.slice(9, 12)));
  }

  close(): void {
    this.socket.end();
  }
}

export async function benchIntake(): Promise<void> {
  const orders = Number(process.env.BENCH_ORDERS ?? 10_000);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
  const warmup = Math.min(1000, Math.floor(orders / 10));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ponctl-bench-'));
  const now = new Date('2026-03-02T08:00:00Z');
  const wrkSeconds = Number(process.env.BENCH_WRK ?? 0);
  // wrk runs for a time, not a count: enough fresh sites for 6000 orders/s
  const sites = await seedBench(dataDir, orders + warmup + wrkSeconds * 6000, now);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []),
      path.join(ROOT, 'bin/ponctl'),
      'start',
      '--json',
    ],
    {
      cwd: dataDir,
      env: {
        ...process.env,
        PONCTL_LAB: '0',
        // the demo SPs and their keys place the orders (a production start seeds none, issue 14 item 4)
        PONCTL_DEMO: '1',
        PONCTL_DATA_DIR: dataDir,
        PONCTL_LISTEN: `127.0.0.1:${port}`,
        PONCTL_CLOCK: now.toISOString(),
        PONCTL_STORE: '',
        // one SP places every order: its open-order limit (docs/fairness.md) is not what is measured
        PONCTL_SP_MAX_OPEN_ORDERS: '0',
        // nor is the per-key rate limit (6 000 a minute by default): intake itself is measured
        PONCTL_RATE_LIMIT: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const info = JSON.parse(
      await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (c) => reject(new Error(`controller exited ${c}`)));
      }),
    ) as { keys: { sps: Record<string, string> } };
    const auth = `Bearer ${info.keys.sps['sp-alpha']}`;
    const bodyOf = (i: number): string => {
      const s = sites[i];
      return JSON.stringify({
        form: 'BSNA',
        category: 'activation',
        address: { street: s.street, number: s.number, city: 'Zagreb', county: 'Grad Zagreb' },
        contact: { name: 'Bench', phone: '+385 1 000' },
        ownerInstallsHome: false,
        ontSerial: s.serial,
        accessLevel: 'regional',
        services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
      });
    };
    const clients = await Promise.all(
      Array.from({ length: concurrency }, () => KeepAliveClient.connect(port)),
    );

    const run = async (from: number, count: number): Promise<{ ms: number; lat: number[] }> => {
      const lat: number[] = [];
      let next = from;
      const t0 = performance.now();
      await Promise.all(
        clients.map(async (c) => {
          while (next < from + count) {
            const i = next++;
            const t = performance.now();
            const status = await c.post('/v1/orders', auth, bodyOf(i));
            if (status !== 202) throw new Error(`HTTP ${status} for order ${i}`);
            lat.push(performance.now() - t);
          }
        }),
      );
      return { ms: performance.now() - t0, lat: lat.sort((a, b) => a - b) };
    };

    await run(0, warmup);
    // CPU per order is far less noisy than throughput on a machine busy with other work
    const serverCpu0 = cpuMsOf(child.pid!);
    const clientCpu0 = process.cpuUsage();
    const { ms, lat } = await run(warmup, orders);
    const serverCpu1 = cpuMsOf(child.pid!);
    const serverUser = serverCpu1.user - serverCpu0.user;
    const serverSys = serverCpu1.system - serverCpu0.system;
    const serverCpu = serverUser + serverSys;
    const clientCpuUsage = process.cpuUsage(clientCpu0);
    const clientCpu = (clientCpuUsage.user + clientCpuUsage.system) / 1000;
    const rate = (orders / ms) * 1000;
    const p50 = percentile(lat, 50);
    const p99 = percentile(lat, 99);
    process.stdout.write(
      `intake (SQLite, HTTP keep-alive, ${concurrency} concurrent clients, controller in its own process):\n` +
        `  ${orders} valid activations accepted in ${(ms / 1000).toFixed(2)} s\n` +
        `  throughput ${rate.toFixed(0)} orders/s   (target >= 2000)\n` +
        `  latency p50 ${p50.toFixed(2)} ms   p99 ${p99.toFixed(2)} ms   max ${lat[lat.length - 1].toFixed(2)} ms   (target p99 < 25 ms)\n` +
        `  CPU per order: controller ${(serverCpu / orders).toFixed(3)} ms (user ${(serverUser / orders).toFixed(3)}, system ${(serverSys / orders).toFixed(3)}; ` +
        `${((100 * serverCpu) / ms).toFixed(0)}% of a core), ` +
        `bench client ${(clientCpu / orders).toFixed(3)} ms (${((100 * clientCpu) / ms).toFixed(0)}% of a core)\n` +
        `  machine: ${cpus().length} cores, load average ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')}\n`,
    );
    for (const c of clients) c.close();
    if (wrkSeconds > 0)
      await benchWithWrk({
        port,
        auth,
        from: warmup + orders,
        count: wrkSeconds * 6000,
        seconds: wrkSeconds,
        concurrency,
        pid: child.pid!,
        dataDir,
      });
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The same valid activations driven by `wrk` (Debian package wrk) from its own process, one thread
 * keeping `concurrency` keep-alive connections busy; each request's body is built in wrk's Lua for
 * the next seeded site (same JSON as the Node client sends). Any answer but 202 is counted by wrk as
 * "Non-2xx" and reported.
 */
async function benchWithWrk(o: {
  port: number;
  auth: string;
  from: number;
  count: number;
  seconds: number;
  concurrency: number;
  pid: number;
  dataDir: string;
}): Promise<void> {
  const marker = (k: string) => `@@${k}@@`;
  const template = JSON.stringify({
    form: 'BSNA',
    category: 'activation',
    address: { street: marker('street'), number: marker('number'), city: 'Zagreb', county: 'Grad Zagreb' },
    contact: { name: 'Bench', phone: '+385 1 000' },
    ownerInstallsHome: false,
    ontSerial: marker('serial'),
    accessLevel: 'regional',
    services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
  })
    .replace(/%/g, '%%')
    .replace(marker('street'), '%s')
    .replace(marker('number'), '%s')
    .replace(marker('serial'), '%s');
  const script = path.join(o.dataDir, 'intake.lua');
  writeFileSync(
    script,
    [
      `local i = ${o.from - 1}`,
      `local last = ${o.from + o.count - 1}`,
      `local headers = { ["Authorization"] = ${JSON.stringify(o.auth)}, ["Content-Type"] = "application/json" }`,
      `local body = ${JSON.stringify(template)}`,
      'request = function()',
      '  if i < last then i = i + 1 end',
      // seedBench: street "Benchmark <i/128+1>", number <i%128+1>, serial ZTEG + hex(0xB0000000 + i)
      '  local b = string.format(body, "Benchmark " .. tostring(math.floor(i / 128) + 1), tostring((i % 128) + 1), string.format("ZTEGB%07X", i))',
      '  return wrk.format("POST", "/v1/orders", headers, b)',
      'end',
    ].join('\n'),
  );
  const cpu0 = cpuMsOf(o.pid);
  const out = await new Promise<string>((resolve, reject) => {
    execFile(
      'wrk',
      [
        '-t1',
        `-c${o.concurrency}`,
        `-d${o.seconds}s`,
        '--latency',
        '-s',
        script,
        `http://127.0.0.1:${o.port}/v1/orders`,
      ],
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (out === undefined) {
    process.stdout.write('  (wrk not installed: apt-get install wrk)\n');
    return;
  }
  const cpu1 = cpuMsOf(o.pid);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const pct = (p: string) =>
    /(\d+(?:\.\d+)?)(us|ms|s)\b/.exec(new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(out)?.[1] ?? '');
  const ms = (m: RegExpExecArray | null) =>
    m ? (Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[m[2]]).toFixed(2) : '?';
  const cpu = (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / requests;
  process.stdout.write(
    `intake driven by wrk (1 thread, ${o.concurrency} keep-alive connections, ${o.seconds} s, same bodies):\n` +
      `  ${requests} requests, ${non2xx} not 202${requests > o.count ? ' (ran out of seeded sites: raise the count)' : ''}\n` +
      `  throughput ${rate.toFixed(0)} orders/s   latency p50 ${ms(pct('50'))} ms   p99 ${ms(pct('99'))} ms\n` +
      `  CPU per order: controller ${cpu.toFixed(3)} ms\n` +
      `  machine: ${cpus().length} cores, load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}\n`,
  );
}
