/**
 * The Broadband Forum's ONU simulator and client (../shared/peers/obbaa-onu-simulator, run unmodified
 * under Debian's /usr/bin/python3) for interop tests: start `onusim.py`'s OMCI side through our
 * wrapper (test/interop/py/onusim_server.py), run `onucli.py`, and decode with BBF's codec. Every
 * process started here is stopped by its `close()` (the test's afterAll), and its log is kept so a
 * test can assert BBF logged no decode error and did not die.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { sharedDir } from './shared-dir.ts';

/** Debian's python (the first python3 on PATH may be another one). */
export const PY = '/usr/bin/python3';
export const PY_DIR = fileURLToPath(new URL('../interop/py/', import.meta.url));

export function onusimDir(): string {
  const d = sharedDir();
  if (!d) throw new Error('no ../shared folder: set PONCTL_SHARED_DIR (HELPERS.md)');
  return path.join(d, 'peers', 'obbaa-onu-simulator');
}

function env(): NodeJS.ProcessEnv {
  return { ...process.env, PYTHONPATH: onusimDir() };
}

export interface PyResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a python script (ours under test/interop/py, or BBF's by absolute path) to completion. */
export function runPython(
  script: string,
  args: string[],
  input?: string,
  timeoutMs = 60_000,
): Promise<PyResult> {
  return new Promise((resolve) => {
    const p = execFile(
      PY,
      [path.isAbsolute(script) ? script : path.join(PY_DIR, script), ...args],
      { env: env(), timeout: timeoutMs, maxBuffer: 64 << 20 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) p.stdin?.end(input);
  });
}

/** BBF's `onucli.py` with its standard options, against `port`; one OMCI exchange per run. */
export function onucli(
  port: number,
  cterm: string,
  onuId: number,
  args: string[],
  tci = 1,
): Promise<PyResult> {
  const bin = path.join(onusimDir(), 'bin', 'onucli.py');
  return runPython(
    bin,
    ['-a', '127.0.0.1', '-p', String(port), '-n', cterm, '-i', String(onuId), '-t', String(tci), ...args],
    undefined,
    30_000,
  );
}

export interface Onusim {
  port: number;
  cterm: string;
  /** Everything BBF and the wrapper logged so far. */
  log(): string;
  /** Sends one wrapper command (`alarm …`, `stats`) and returns its JSON answer. */
  command(line: string): Promise<Record<string, unknown>>;
  readonly alive: boolean;
  /** SIGTERM, then the exit code (0 = clean; 3 = BBF killed itself). */
  close(): Promise<number | null>;
}

/** BBF's ONU simulator playing ONU ids first..last on channel termination `cterm`. */
export async function startOnusim(o: {
  cterm: string;
  first: number;
  last?: number;
  extended?: boolean;
}): Promise<Onusim> {
  const args = [
    path.join(PY_DIR, 'onusim_server.py'),
    '-a',
    '127.0.0.1',
    '-p',
    '0',
    '-n',
    o.cterm,
    '-i',
    String(o.first),
    '-I',
    String(o.last ?? o.first),
  ];
  if (o.extended) args.push('--extended');
  const proc: ChildProcess = spawn(PY, args, { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((r) => proc.once('exit', (c) => r((exitCode = c))));
  const lines = createInterface({ input: proc.stdout! });
  const waiting: ((l: string) => void)[] = [];
  lines.on('line', (l) => waiting.shift()?.(l));
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      waiting.push(resolve);
      void exited.then((c) => reject(new Error(`onusim_server exited ${c}: ${stderr}`)));
    });
  const port = Number(await nextLine());
  return {
    port,
    cterm: o.cterm,
    log: () => stderr,
    async command(line) {
      proc.stdin!.write(line + '\n');
      return JSON.parse(await nextLine()) as Record<string, unknown>;
    },
    get alive() {
      return exitCode === undefined;
    },
    async close() {
      if (exitCode === undefined) proc.kill('SIGTERM');
      return exited;
    },
  };
}
