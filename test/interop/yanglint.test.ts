/**
 * Interop: libyang's yanglint (no one here wrote it) compiles yang/ponctl-olt.yang and validates
 * instance data taken from the simulator over NETCONF — `get-config` as configuration data, `get`
 * with the operational state — and agrees with the server's own validation on what is invalid
 * (issue 4 §4: "yanglint validates modules and instance data taken from the simulator").
 */
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  RawNetconfClient,
  sampleOltConfig,
  startNetconfSim,
  type NetconfSim,
} from '../helpers/netconf-sim.ts';
import { validateOltConfig } from '../../src/adapters/driven/olt/netconf/olt-config-validate.ts';
import { editToXml } from '../../src/adapters/driven/olt/netconf/olt-config-xml.ts';
import { sampleOnu } from '../helpers/netconf-sim.ts';

const run = promisify(execFile);
const MODULE = fileURLToPath(new URL('../../yang/ponctl-olt.yang', import.meta.url));
/** Debian's copy of ietf-netconf (yuma123): defines the nc:operation attribute of edit-config content. */
const IETF_DIR = '/usr/share/yuma/modules/ietf';
const IETF_NETCONF = `${IETF_DIR}/ietf-netconf@2011-06-01.yang`;
let sim: NetconfSim;
let dir: string;
let client: RawNetconfClient;

beforeAll(async () => {
  sim = await startNetconfSim({ pons: 2, ontsPerPon: 4, config: sampleOltConfig(2, 4) });
  client = new RawNetconfClient();
  await client.connect(sim.port);
  await client.hello();
  dir = mkdtempSync(join(tmpdir(), 'yanglint-'));
});
afterAll(async () => {
  client.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The content of `<data>` of a reply, as an instance document for yanglint. */
async function instance(rpc: string, name: string): Promise<string> {
  const reply = await client.rpc(rpc);
  const body = reply.slice(reply.indexOf('<data>') + 6, reply.lastIndexOf('</data>'));
  const file = join(dir, name);
  writeFileSync(file, body);
  return file;
}

async function yanglint(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run('yanglint', args, { timeout: 60_000 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, out: (err.stdout ?? '') + (err.stderr ?? '') };
  }
}

describe('yanglint', () => {
  it('compiles the module', async () => {
    const r = await yanglint(['-f', 'tree', MODULE]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\+--rw vlan-sub-interface\* \[channel\]/);
    expect(r.out).toMatch(/\+--ro olt-state/);
  });

  it('validates get-config and get replies of the simulator', async () => {
    const cfg = await instance('<get-config><source><running/></source></get-config>', 'running.xml');
    expect(await yanglint(['-t', 'config', MODULE, cfg])).toMatchObject({ code: 0 });
    const all = await instance('<get/>', 'get.xml');
    expect(await yanglint(['-t', 'get', MODULE, all])).toMatchObject({ code: 0 });
    // state is not configuration: the same document is rejected as config data
    expect((await yanglint(['-t', 'config', MODULE, all])).code).not.toBe(0);
  });

  it('rejects what the server rejects: multicast off IPTV, a serial authorised twice', async () => {
    // the CLI writes running directly, so an invalid tree can be served; both validators must object
    const bad = sampleOltConfig(2, 4);
    bad.channelTerminations[0].onus[0].vlans[0].multicast = true;
    bad.channelTerminations[1].onus[3].expectedSerial = bad.channelTerminations[0].onus[2].expectedSerial;
    sim.olt.config.setRunning(bad);
    expect(
      validateOltConfig(bad)
        .map((v) => v.appTag)
        .sort(),
    ).toEqual(['duplicate-serial', 'multicast-not-iptv']);
    const file = await instance('<get-config><source><running/></source></get-config>', 'bad.xml');
    const r = await yanglint(['-t', 'config', MODULE, file]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(
      /Multicast is allowed only on the IPTV channel|An ONT serial may be authorised only once/,
    );
    const reply = await client.rpc('<validate><source><running/></source></validate>');
    expect(reply).toContain('<error-app-tag>multicast-not-iptv</error-app-tag>');
    expect(reply).toContain('<error-app-tag>duplicate-serial</error-app-tag>');
  });

  it("accepts the codec's partial edits as edit-config content (nc:operation on list entries)", async () => {
    const xml = editToXml([
      { op: 'create', kind: 'v-ani', ct: '1/1/1', value: sampleOnu(1, 7, 'ZTEG00010007') },
      {
        op: 'merge',
        kind: 'vlan',
        ct: '1/1/2',
        onuId: 3,
        value: { channel: 'iptv', adminState: 'suspended' },
      },
      { op: 'delete', kind: 'gemport', ct: '1/1/2', onuId: 3, id: 4 },
      { op: 'remove', kind: 'traffic-profile', name: 'old' },
    ]);
    const ok = join(dir, 'edit.xml');
    writeFileSync(ok, xml);
    expect(await yanglint(['-t', 'edit', '-p', IETF_DIR, MODULE, IETF_NETCONF, ok])).toMatchObject({
      code: 0,
    });
    const bad = join(dir, 'edit-bad.xml');
    writeFileSync(bad, xml.replace('<dot1p>5</dot1p>', '<dot1p>8</dot1p>'));
    const r = await yanglint(['-t', 'edit', '-p', IETF_DIR, MODULE, IETF_NETCONF, bad]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/dot1p/);
  });
});
