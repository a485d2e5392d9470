/**
 * `ponctl completion bash|zsh` (issue 14 item 8): the script is generated from the command tree. The
 * real CLI prints it, GNU bash sources it and runs the completion function as it would on <TAB>; the
 * words offered are compared with what `ponctl --help` (commander's own rendering) lists.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPonctl } from '../helpers/ponctl-cli.ts';

let dir: string;
let script: string;

/** What bash offers for `ponctl WORDS… CUR<TAB>`. */
function complete(words: string[], cur: string): Promise<string[]> {
  const line = ['ponctl', ...words, cur].map((w) => `'${w}'`).join(' ');
  const prog = `source '${script}'; COMP_WORDS=(${line}); COMP_CWORD=${words.length + 1}; _ponctl; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return new Promise((resolve, reject) =>
    execFile('bash', ['--norc', '-c', prog], (err, stdout, stderr) =>
      err ? reject(new Error(stderr)) : resolve(stdout.split('\n').filter(Boolean).sort()),
    ),
  );
}

/** The command names of a `--help` page (commander's "Commands:" section). */
async function helpCommands(args: string[]): Promise<string[]> {
  const h = await runPonctl([...args, '--help']);
  const section = h.stdout.split('Commands:')[1];
  return [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]).sort();
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ponctl-completion-'));
  const r = await runPonctl(['completion', 'bash']);
  expect(r.code, r.stderr).toBe(0);
  script = path.join(dir, 'ponctl.bash');
  writeFileSync(script, r.stdout);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ponctl completion', () => {
  it('bash: every top-level command, as ponctl --help lists them', async () => {
    const top = await helpCommands([]);
    expect(top).toEqual(expect.arrayContaining(['alarms', 'apply', 'incidents', 'olts', 'onts', 'plan']));
    const offered = await complete([], '');
    expect(offered.filter((w) => !w.startsWith('-'))).toEqual(top);
    expect(await complete([], 'o')).toEqual(top.filter((c) => c.startsWith('o')));
  }, 60_000);

  it('bash: subcommands after their command, options of the command typed (others skipped)', async () => {
    const olt = await helpCommands(['olt']);
    expect((await complete(['olt'], '')).filter((w) => !w.startsWith('-'))).toEqual(
      olt.filter((c) => c !== 'help'),
    );
    expect(await complete(['apply', '--olt', 'olt-1'], '--y')).toEqual(['--yes']);
    expect(await complete(['--json', 'keys'], 'cr')).toEqual(['create']);
    expect(await complete(['alarms', 'ack', 'al_1'], '--t')).toEqual(['--text']);
  }, 60_000);

  it('zsh: the same function through bashcompinit, sourced by zsh; an unknown shell is an error', async () => {
    const z = await runPonctl(['completion', 'zsh']);
    expect(z.stdout).toMatch(/^#compdef ponctl\n/);
    const file = path.join(dir, 'ponctl.zsh');
    writeFileSync(file, z.stdout);
    // zsh -f (no rc files): the script registers ponctl with zsh's completion system, and the
    // function offers the olt subcommands (bashcompinit runs it with ksharrays, 0-based like bash)
    const prog = `source '${file}'; print -r -- "\${_comps[ponctl]}"; setopt ksharrays; COMP_WORDS=(ponctl olt ''); COMP_CWORD=2; _ponctl; print -l -- "\${COMPREPLY[@]}"`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile('zsh', ['-f', '-c', prog], (err, stdout, stderr) =>
        err ? reject(new Error(stderr)) : resolve(stdout),
      ),
    );
    const [registered, ...words] = out.trim().split('\n');
    expect(registered).toContain('_ponctl');
    const olt = await helpCommands(['olt']);
    expect(words.filter((w) => !w.startsWith('-')).sort()).toEqual(olt.filter((c) => c !== 'help'));
    const bad = await runPonctl(['completion', 'fish']);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('unknown shell fish (bash, zsh)')]);
  }, 60_000);
});
