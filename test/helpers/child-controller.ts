/**
 * A controller running as a child process (`bin/ponctl start --json`), as an operator would run it:
 * for tests that kill and restart it, or read what it prints. The first stdout line of `--json` is
 * `{ url, keys }`; everything else (pino's JSON log lines) is kept in `output`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ChildController {
  child: ChildProcess;
  url: string;
  keys: { operator: string; sps: Record<string, string> };
  /** stdout after the first line, and stderr, as received so far. */
  output: { stdout: string; stderr: string };
}

/**
 * A fresh data directory, and the list `startChildController` records its children in, for one test
 * file; `cleanup` (for `afterAll`) kills the children still running and removes the directory.
 */
export function childControllerScratch(prefix: string): {
  dataDir: string;
  children: ChildProcess[];
  cleanup(): void;
} {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  const children: ChildProcess[] = [];
  const cleanup = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { dataDir, children, cleanup };
}

/** A free TCP port on 127.0.0.1 (bound then released: a server is started on it right away). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
  });
}

/** Starts `ponctl start --json` in `dataDir` on `port`; `env` adds to (and wins over) the defaults. */
export async function startChildController(opts: {
  dataDir: string;
  port: number;
  env?: Record<string, string>;
  children?: ChildProcess[];
}): Promise<ChildController> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/ponctl'), 'start', '--json'], {
    cwd: opts.dataDir,
    env: {
      ...process.env,
      PONCTL_LAB: '0',
      // the demo data without the lab (a production start has none, issue 14 item 4)
      PONCTL_DEMO: '1',
      PONCTL_DATA_DIR: opts.dataDir,
      PONCTL_LISTEN: `127.0.0.1:${opts.port}`,
      PONCTL_CLOCK: '2026-03-02T08:00:00Z',
      PONCTL_STORE: '',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  opts.children?.push(child);
  const output = { stdout: '', stderr: '' };
  child.stderr!.on('data', (d) => {
    output.stderr += d;
  });
  const rl = createInterface({ input: child.stdout! });
  // `--json` prints `{ url, keys }` once the API listens; log records (pino JSON lines) may come first
  let found: string | undefined;
  const line = await new Promise<string>((resolve, reject) => {
    rl.on('line', (l) => {
      if (found === undefined && l.includes('"url"') && l.includes('"keys"') && l.includes('"store"')) {
        found = l;
        resolve(l);
      } else output.stdout += l + '\n';
    });
    child.once('exit', (code) => reject(new Error(`ponctl start exited ${code}: ${output.stderr}`)));
  });
  const info = JSON.parse(line) as { url: string; keys: ChildController['keys'] };
  return { child, url: info.url, keys: info.keys, output };
}

export function exited(c: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode) resolve();
    else c.once('exit', () => resolve());
  });
}
