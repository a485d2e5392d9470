/**
 * Interop (issue 12 item 5): yuma123's yangcli (a NETCONF client no one here wrote) against the lab's
 * OLT speaking the BBF models. The OLT announces its modules only through the YANG library (RFC 7950
 * §5.6.4), which yangcli 2.13 does not read, so it sends the BBF data as anyxml: the reference
 * subscriber, one top-level container per edit-config into the candidate (validated only at commit,
 * RFC 6241 §8.3, so their order does not matter), then commit; and it reads the v-ANI back through a
 * subtree filter. A commit that would dangle a reference is refused and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab } from '../../simulators/lab/lab.ts';
import { referenceSubscriber } from '../helpers/bbf-olt-sim.ts';

let lab: Lab;
let home: string;
let port = 0;
let creds = { username: '', password: '' };

beforeAll(async () => {
  lab = await Lab.start({ olts: 1, pons: 2, onts: 4, profiles: ['bbf-tr385'] });
  const o = lab.inventory().olts[0];
  port = o.ports.netconf;
  creds = { username: o.credentials.username, password: o.credentials.password };
  home = mkdtempSync(join(tmpdir(), 'yangcli-bbf-'));
}, 60_000);
afterAll(async () => {
  await lab?.close();
  rmSync(home, { recursive: true, force: true });
});

function yangcli(script: string): Promise<string> {
  const file = join(home, `s${Math.random().toString(36).slice(2)}.ycli`);
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = execFile(
      'yangcli',
      [
        '--server=127.0.0.1',
        `--ncport=${port}`,
        `--user=${creds.username}`,
        `--password=${creds.password}`,
        '--batch-mode',
        '--display-mode=xml',
        `--run-script=${file}`,
      ],
      { env: { ...process.env, HOME: home }, timeout: 120_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) =>
        err && !stdout ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout + stderr),
    );
    child.stdin?.end();
  });
}

/** The top-level elements of an XML fragment (comments already removed). */
function topLevel(xml: string): string[] {
  const re = /<(\/?)([\w:.-]+)[^>]*?(\/?)>/g;
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[1]) {
      if (--depth === 0) out.push(xml.slice(start, re.lastIndex));
    } else if (m[3]) {
      if (depth === 0) out.push(m[0]);
    } else if (depth++ === 0) start = m.index;
  }
  return out;
}

describe("yangcli on the lab's BBF OLT", () => {
  it('provisions the reference subscriber (edit-config per container, commit) and reads the v-ANI back', async () => {
    const parts = topLevel(referenceSubscriber());
    expect(parts.length).toBeGreaterThan(8);
    const lines = parts.map((p, i) => {
      const f = join(home, `part${i}.xml`);
      writeFileSync(f, p);
      return `edit-config target=candidate config=@${f}`;
    });
    const out = await yangcli([...lines, 'commit', ''].join('\n'));
    expect(out).toContain('Protocol version set to: RFC 6241 (base:1.1)');
    expect(out.match(/RPC OK Reply/g)).toHaveLength(parts.length + 1);
    expect(out).not.toContain('RPC Error');

    const filter = join(home, 'filter.xml');
    writeFileSync(
      filter,
      '<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface><name>vani-A-00000042</name></interface></interfaces>',
    );
    const read = await yangcli(`get-config source=running filter=@${filter}\n`);
    expect(read).toContain('<expected-serial-number>ZTEGC0FFEE01</expected-serial-number>');
    expect(read).toContain('<onu-id>5</onu-id>');
    expect(read.match(/<name>/g)).toHaveLength(1); // the filter selected that one interface
  }, 180_000);

  it('gets a refusal for a commit that would dangle a reference, and running keeps the T-CONT', async () => {
    const del = join(home, 'del.xml');
    writeFileSync(
      del,
      '<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0">' +
        '<interface nc:operation="delete"><name>vani-A-00000042</name></interface></interfaces>',
    );
    const out = await yangcli(`edit-config target=candidate config=@${del}\ncommit\ndiscard-changes\n`);
    expect(out).toContain('RPC Error');
    expect(out).toContain('<error-tag>data-missing</error-tag>');
    expect(out).toContain('<error-app-tag>instance-required</error-app-tag>');
    const olt = lab.findOlt('olt-1')!;
    expect(olt.config.findOnu('1/1/1', 5)?.expectedSerial).toBe('ZTEGC0FFEE01');
  }, 180_000);
});
