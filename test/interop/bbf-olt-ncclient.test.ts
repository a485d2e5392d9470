/**
 * Interop (issue 12 item 4/5): Debian's ncclient against the lab's OLT speaking the BBF models
 * (device profile bbf-tr385, started by the lab): it provisions the reference subscriber by hand
 * (edit-config of BBF data, validate, confirmed commit) and reads it back; the running configuration
 * it fetches validates with libyang's yanglint in the schema context of the YANG library it read from
 * the OLT; the operational datastore it reads validates as `yanglint -t data`, with the xPON defects
 * (bbf-xpon-defects) a PON cut and a dying gasp make the OLT report; deliberately broken
 * edits — a dangling reference, a bad serial, write-pbit 9 — are refused with the rpc-error that
 * matches yanglint's refusal of the same data (same node), and running stays as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Lab } from '../../simulators/lab/lab.ts';
import { interfaceEntry, ncclientProvision, ncclientRunningValid } from '../helpers/bbf-yang.ts';
import { referenceSubscriber } from '../helpers/bbf-olt-sim.ts';
import { BbfYanglint } from '../helpers/yanglint-bbf.ts';

const run = promisify(execFile);
const PY = '/usr/bin/python3'; // Debian's python with python3-ncclient
const REFUSAL = fileURLToPath(new URL('./py/ncclient_bbf_refusal.py', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/bbf/', import.meta.url));

let lab: Lab;
let dir: string;
let target: { port: number; username: string; password: string };
const lint = new BbfYanglint();

beforeAll(async () => {
  lab = await Lab.start({ olts: 1, pons: 2, onts: 4, profiles: ['bbf-tr385'] });
  const o = lab.inventory().olts[0];
  target = { port: o.ports.netconf, username: o.credentials.username, password: o.credentials.password };
  dir = mkdtempSync(path.join(tmpdir(), 'bbf-olt-ncclient-'));
}, 60_000);
afterAll(async () => {
  await lab?.close();
  lint.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Refusal {
  step: 'edit' | 'commit' | null;
  error: { type: string; tag: string; app_tag: string | null; path: string; message: string }[] | null;
  running_unchanged: boolean;
}

async function refuse(config: string): Promise<Refusal> {
  const f = path.join(dir, 'edit.xml');
  writeFileSync(f, config);
  const { stdout } = await run(PY, [REFUSAL, String(target.port), target.username, target.password, f], {
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Refusal;
}

/** An error-path (every step `module:name`) in libyang's form (the module only where it changes). */
function libyangForm(p: string): string {
  let mod = '';
  return p.replace(/([\w.-]+):([\w.-]+)/g, (_m, m: string, n: string) => {
    const keep = m !== mod;
    mod = m;
    return keep ? `${m}:${n}` : n;
  });
}

/** The whole operational datastore as ncclient's `<get>` returns it (the `<data>` children). */
async function operational(): Promise<string> {
  const script = path.join(dir, 'operational.py');
  writeFileSync(
    script,
    [
      'import sys',
      'from ncclient import manager',
      'from lxml import etree',
      'm = manager.connect(host="127.0.0.1", port=int(sys.argv[1]), username=sys.argv[2], password=sys.argv[3], hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=120)',
      'r = m.get()',
      'sys.stdout.write("".join(etree.tostring(c, encoding="unicode") for c in r.data_ele))',
      'm.close_session()',
    ].join('\n'),
  );
  const { stdout } = await run(PY, [script, String(target.port), target.username, target.password], {
    timeout: 120_000,
    maxBuffer: 64 << 20,
  });
  return stdout;
}

describe("ncclient on the lab's BBF OLT (olt profile bbf-tr385)", () => {
  it('provisions the reference subscriber by hand and reads back running that libyang accepts', async () => {
    expect((await ncclientProvision(target, referenceSubscriber())).ok).toBe(true);
    const { errors, running } = await ncclientRunningValid(target);
    expect(errors).toEqual([]);
    expect(running).toMatch(/<name>vani-A-00000042<\/name>[\s\S]*?<expected-serial-number>ZTEGC0FFEE01</);
    const pbits = ['internet', 'management', 'voip', 'iptv'].map((c) =>
      Number(
        new RegExp(`<name>vsi-A-00000042-${c}</name>[\\s\\S]*?<write-pbit>(\\d)</write-pbit>`).exec(
          running,
        )?.[1],
      ),
    );
    expect(pbits).toEqual([0, 0, 5, 2]);
  }, 120_000);

  it.each([
    ['broken-dangling-tcont-ref.xml', 'commit'],
    ['broken-serial-11-chars.xml', 'edit'],
    ['broken-write-pbit-9.xml', 'edit'],
  ])(
    'refuses %s as yanglint does (same node), running unchanged',
    async (file, step) => {
      const broken = referenceSubscriber(file);
      const theirs = await lint.validate('config', [path.join(FIXTURES, file)]);
      expect(theirs.ok).toBe(false);
      const r = await refuse(broken);
      expect(r.step).toBe(step);
      expect(r.running_unchanged).toBe(true);
      const errors = r.error!;
      expect(errors.every((e) => e.type === 'application')).toBe(true);
      expect(errors.map((e) => libyangForm(e.path))).toContain(theirs.location);
      const first = errors.find((e) => libyangForm(e.path) === theirs.location)!;
      if (file.includes('dangling')) {
        expect(first.tag).toBe('data-missing');
        expect(first.app_tag).toBe('instance-required');
      } else expect(first.tag).toBe('invalid-value');
      // the message says what libyang says
      expect(theirs.error).toContain(first.message.slice(0, 40));
    },
    120_000,
  );

  it('serves an operational datastore that libyang accepts as data (config + state)', async () => {
    const stdout = await operational();
    expect(stdout).toContain('onus-present-on-local-channel-termination');
    expect(stdout).toContain('<oper-status>');
    // the whole operational datastore, the YANG library included (it is mandatory state there)
    expect(stdout).toContain('<content-id>ponctl-bbf-2026-12-05</content-id>');
    const r = await lint.validate('data', [lint.file('operational.xml', stdout)]);
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  }, 120_000);

  it('reports the xPON defects of its faults where bbf-xpon-defects puts them, as libyang accepts', async () => {
    // the reference subscriber's v-ANI expecting the serial of the lab's first ONT on PON 1/1/1
    const o = lab.inventory().olts[0];
    const serial = o.pons[0].onts[0].serial;
    expect((await ncclientProvision(target, referenceSubscriber().replace('ZTEGC0FFEE01', serial))).ok).toBe(
      true,
    );
    const defects = (xml: string, iface: string) =>
      [
        ...(interfaceEntry(xml.slice(xml.indexOf('<interfaces-state')), iface) ?? '').matchAll(
          /<active-defects[^>]*>[^:<]*:([^<]+)<\/active-defects>/g,
        ),
      ].map((m) => m[1]);
    const valid = async (xml: string) => {
      const r = await lint.validate('data', [lint.file('operational.xml', xml)]);
      expect(r.output).toBe('');
      expect(r.ok).toBe(true);
    };
    try {
      // a feeder cut: nothing received upstream on the channel termination (los), the ONU's bursts lost (lobi)
      lab.fault({ kind: 'pon-cut', olt: o.name, pon: '1/1/1' });
      const cut = await operational();
      expect(defects(cut, 'ct-1.1.1')).toEqual(['los']);
      expect(defects(cut, 'vani-A-00000042')).toEqual(['lobi']);
      expect(defects(cut, 'ct-1.1.2')).toEqual([]);
      await valid(cut);
      lab.fault({ kind: 'pon-cut', olt: o.name, pon: '1/1/1', clear: true });
      // the ONU powered off: its dying gasp (dgi); the PON is fine
      lab.fault({ kind: 'dying-gasp', olt: o.name, pon: '1/1/1', ont: 1 });
      const gasp = await operational();
      expect(defects(gasp, 'ct-1.1.1')).toEqual([]);
      expect(defects(gasp, 'vani-A-00000042')).toEqual(['dgi']);
      await valid(gasp);
    } finally {
      lab.fault({ kind: 'pon-cut', olt: o.name, pon: '1/1/1', clear: true });
      lab.fault({ kind: 'dying-gasp', olt: o.name, pon: '1/1/1', ont: 1, clear: true });
      await ncclientProvision(target, referenceSubscriber());
    }
  }, 120_000);
});

it('the reference fixtures still say what this test assumes', () => {
  expect(readFileSync(path.join(FIXTURES, 'broken-write-pbit-9.expected'), 'utf8')).toContain('write-pbit');
});
