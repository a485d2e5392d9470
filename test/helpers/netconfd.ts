/**
 * A private yuma123 `netconfd` (Debian) reached over a private OpenSSH `sshd` — a NETCONF server no
 * one here wrote (design §9). Each call gets its own temp dir, its own UNIX socket between
 * netconf-subsystem and netconfd, its own sshd on a free high port with generated host and client
 * keys, so tests run in parallel without touching the system's sshd or /tmp/ncxserver.sock.
 *
 * Wiring (yuma123): sshd runs `netconf-subsystem --ncxserver-sockname=<sshPort>@<sock>` for the
 * `netconf` subsystem; the subsystem tells netconfd the SSH port it came in on, which netconfd only
 * accepts when listed in `--port`.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, basename } from 'node:path';
import net from 'node:net';
import { freePort } from './child-controller.ts';

export interface NetconfdLab {
  host: '127.0.0.1';
  port: number;
  username: string;
  /** OpenSSH private key of the client. */
  privateKey: string;
  dir: string;
  /** netconfd's log so far (debugging failed tests). */
  log(): string;
  stop(): Promise<void>;
}

export interface NetconfdOptions {
  /** Modules to load: names found on the module path, or paths to .yang files. */
  modules?: string[];
  /** Extra YANG search directories. */
  modpath?: string[];
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  died: () => string | undefined,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const d = died();
    if (d) throw new Error(`${what}: ${d}`);
    if (await check()) return;
    if (Date.now() > until) throw new Error(`${what}: not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function exitOf(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
  });
}

export async function startNetconfd(opts: NetconfdOptions = {}): Promise<NetconfdLab> {
  const dir = mkdtempSync(join(tmpdir(), 'ponctl-netconfd-'));
  const port = await freePort();
  const sock = join(dir, 'ncx.sock');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_ed25519')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_ed25519')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_ed25519.pub')));
  // sshd refuses to start without its privilege-separation directory
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const sshdConfig = join(dir, 'sshd_config');
  writeFileSync(
    sshdConfig,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_ed25519')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'PermitRootLogin yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'UsePAM no',
      'LogLevel ERROR',
      `Subsystem netconf /usr/sbin/netconf-subsystem --ncxserver-sockname=${port}@${sock}`,
      '',
    ].join('\n'),
  );

  const modArgs: string[] = [];
  const modpath = [...(opts.modpath ?? [])];
  for (const m of opts.modules ?? []) {
    if (m.endsWith('.yang')) {
      modpath.push(dirname(m));
      modArgs.push(`--module=${basename(m, '.yang').replace(/@.*$/, '')}`);
    } else modArgs.push(`--module=${m}`);
  }
  if (modpath.length) modArgs.push(`--modpath=${[...modpath, '/usr/share/yuma/modules'].join(':')}`);

  let logText = '';
  const netconfd = spawn(
    '/usr/sbin/netconfd',
    [
      `--ncxserver-sockname=${sock}`,
      `--port=${port}`,
      '--no-startup',
      '--superuser=root',
      '--access-control=off',
      '--target=candidate',
      '--with-validate=true',
      `--home=${dir}`,
      `--log-level=${opts.logLevel ?? 'warn'}`,
      ...modArgs,
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  netconfd.stdout!.on('data', (d: Buffer) => {
    logText += d.toString();
  });
  netconfd.stderr!.on('data', (d: Buffer) => {
    logText += d.toString();
  });
  let sshdErr = '';
  const sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', sshdConfig], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  sshd.stderr!.on('data', (d: Buffer) => {
    sshdErr += d.toString();
  });

  const stop = async () => {
    for (const p of [sshd, netconfd]) if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
    await Promise.race([
      Promise.all([exitOf(sshd), exitOf(netconfd)]),
      new Promise((r) => setTimeout(r, 3000)),
    ]);
    for (const p of [sshd, netconfd]) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      'netconfd',
      () => existsSync(sock),
      15_000,
      () => (netconfd.exitCode !== null ? `exited ${netconfd.exitCode}: ${logText.slice(-2000)}` : undefined),
    );
    await waitFor(
      'sshd',
      () => canConnect(port),
      10_000,
      () => (sshd.exitCode !== null ? `exited ${sshd.exitCode}: ${sshdErr}` : undefined),
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    host: '127.0.0.1',
    port,
    username: 'root',
    privateKey: readFileSync(join(dir, 'client_ed25519'), 'utf8'),
    dir,
    log: () => logText + sshdErr,
    stop,
  };
}
