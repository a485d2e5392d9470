/** Runs the real `bin/ponctl` in a child process (no shell) and collects its output and exit code. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PONCTL = path.join(ROOT, 'bin', 'ponctl');

export function runPonctl(
  args: string[],
  env: Record<string, string> = {},
  o: { cwd?: string; input?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [PONCTL, ...args],
      { cwd: o.cwd ?? ROOT, env: { ...process.env, ...env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    if (o.input !== undefined) child.stdin?.end(o.input);
  });
}

/**
 * Runs `bin/ponctl` on a pseudo-terminal made by util-linux script(1) (`script -qec CMD /dev/null`),
 * so that its stdin is a TTY; `input` is typed into it. Returns the terminal's output (stdout and
 * stderr together, as a user sees them) and ponctl's exit code (-e).
 */
export function runPonctlOnTty(
  args: string[],
  env: Record<string, string>,
  input: string,
): Promise<{ code: number; out: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = [process.execPath, PONCTL, ...args].map(quote).join(' ');
  return new Promise((resolve) => {
    const child = execFile(
      'script',
      ['-qec', cmd, '/dev/null'],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 },
      (err, stdout) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout.replace(/\r/g, '') });
      },
    );
    // typed once the question is on the terminal: script(1) passes it to the pty
    let sent = false;
    child.stdout?.on('data', (d: Buffer) => {
      if (!sent && d.toString().includes('[y/N]')) {
        sent = true;
        child.stdin?.end(input);
      }
    });
  });
}
