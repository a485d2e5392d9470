/**
 * Proofs (d) and (e) of issue 18 item 4, with net-snmp's command-line tools (no one here wrote them):
 * (d) snmpget / snmpbulkwalk of the real ZTE OIDs on a lab C300 and C600 decode with the real formulas
 *     (raw × 0.002 − 30 dBm; 0.001 dBm; 0-/1-based phase enums; 8-byte serials; PON ifIndex and the
 *     `.1012` index) to what the simulator's CLI prints for the same ONT over SSH;
 * (e) the same v1/v2c/v3 requests sent to a real `snmpd` started here on 127.0.0.1 and to the
 *     simulator give the same error shape (tool output with values and addresses normalised).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../simulators/lab/index.ts';
import { ponIfIndex, ponIndex1012 } from '../../simulators/zxa10/index.ts';
import { runTool, startSnmptrapd } from '../helpers/lab.ts';
import { CliClient } from '../helpers/cli-sim.ts';
import { targetsFromInventory } from '../../src/main/lab.ts';
import { NetworkTelemetry } from '../../src/adapters/driven/telemetry/network-telemetry.ts';
import type { OltOmciReader } from '../../src/adapters/driven/telemetry/omci/omci-reader.ts';

let lab: Lab;
const V3 = { name: 'ponctl', authKey: 'ponctl-auth-key', privKey: 'ponctl-priv-key' };

async function cli(olt: number, lines: string[]): Promise<string[]> {
  const o = lab.inventory().olts[olt];
  const c = new CliClient();
  await c.connect(
    o.ports.cli,
    { rows: 24, cols: 80 },
    { username: o.credentials.username, password: o.credentials.password },
  );
  const out: string[] = [];
  for (const l of ['terminal length 0', ...lines]) out.push((await c.cmd(l)).replace(/\r/g, ''));
  c.close();
  return out;
}

const snmp = (olt: number) => `udp:127.0.0.1:${lab.inventory().olts[olt].ports.snmp}`;

/** `snmpbulkwalk -On -Oe` lines → OID → value. */
async function walk(olt: number, oid: string, v = ['-v2c', '-c', 'public']): Promise<Map<string, string>> {
  const r = await runTool('snmpbulkwalk', [...v, '-On', '-Oe', '-Ox', snmp(olt), oid]);
  const m = new Map<string, string>();
  for (const l of r.stdout.split('\n')) {
    const x = /^\.?([\d.]+) = \w+(?:-\w+)?: (.*)$/.exec(l.trim());
    if (x) m.set(x[1], x[2]);
  }
  return m;
}

beforeAll(async () => {
  lab = await Lab.start({
    olts: 2,
    pons: 2,
    onts: 4,
    profiles: ['zxa10-c300', 'zxa10-c600'],
  });
  const inv = lab.inventory();
  const sn = (olt: number, n: number) => inv.olts[olt].pons[0].onts[n - 1].serial;
  await cli(0, [
    'configure terminal',
    'interface gpon-olt_1/1/1',
    ...[1, 2, 3].map((n) => `onu ${n} type F601 sn ${sn(0, n)}`),
    'end',
  ]);
  await cli(1, [
    'configure terminal',
    'interface gpon_olt-1/1/1',
    ...[1, 2, 3].map((n) => `onu ${n} type F601 sn ${sn(1, n)}`),
    'end',
  ]);
  for (const olt of ['olt-1', 'olt-2']) {
    lab.fault({ kind: 'dying-gasp', olt, pon: '1/1/1', ont: 2 });
    lab.fault({ kind: 'rx-degrade', olt, pon: '1/1/1', ont: 3, value: 3.5 });
  }
}, 60_000);
afterAll(async () => lab?.close());

const rxOf = (out: string) =>
  [...out.matchAll(/^gpon[-_]onu[-_]1\/1\/1:(\d+)\s+(\S+)$/gm)].map((m) => [Number(m[1]), m[2]] as const);
const decode = (raw: string) =>
  Number(raw) === 65535 ? 'N/A' : `${(Number(raw) * 0.002 - 30).toFixed(3)}(dbm)`;

describe('(d) SNMP tables decode to what the CLI says for the same ONT', () => {
  it('C300: .1012 ONU RX/phase/serial vs show pon power onu-rx / show gpon onu state / detail-info', async () => {
    const [, rx, state, detail] = await cli(0, [
      'show pon power onu-rx gpon-olt_1/1/1',
      'show gpon onu state gpon-olt_1/1/1',
      'show gpon onu detail-info gpon-onu_1/1/1:1',
    ]);
    const pi = ponIndex1012('1/1/1');
    expect(pi).toBe(268501248); // 0x10010100, three public sources
    const snmpRx = await walk(0, `.1.3.6.1.4.1.3902.1012.3.50.12.1.1.10.${pi}`);
    const cliRx = rxOf(rx);
    expect(cliRx.map(([id]) => id)).toEqual([1, 2, 3]);
    for (const [id, v] of cliRx)
      expect(decode(snmpRx.get(`1.3.6.1.4.1.3902.1012.3.50.12.1.1.10.${pi}.${id}.1`)!)).toBe(v);
    expect(cliRx[1][1]).toBe('N/A'); // dying gasp: no light
    // phase: 0-based zxGponOntPhaseState vs the CLI words
    const words = new Map(
      [...state.matchAll(/^1\/1\/1:(\d+)\s+\S+\s+\S+\s+(\S+)/gm)].map((m) => [Number(m[1]), m[2]]),
    );
    const phase = await walk(0, `.1.3.6.1.4.1.3902.1012.3.28.2.1.4.${pi}`);
    const enum0 = ['logging', 'LOS', 'syncMib', 'working', 'DyingGasp', 'AuthFailed', 'OffLine'];
    for (const [id, w] of words)
      expect(enum0[Number(phase.get(`1.3.6.1.4.1.3902.1012.3.28.2.1.4.${pi}.${id}`))]).toBe(w);
    expect(words.get(2)).toBe('DyingGasp');
    // serial: 8 bytes, 4 ASCII + 4 binary
    const r = await runTool('snmpget', [
      '-v2c',
      '-c',
      'public',
      '-On',
      '-Ox',
      snmp(0),
      `.1.3.6.1.4.1.3902.1012.3.28.1.1.5.${pi}.1`,
    ]);
    const hex = /Hex-STRING: ([0-9A-F ]+)/.exec(r.stdout)![1].replace(/\s/g, '');
    const serial = Buffer.from(hex.slice(0, 8), 'hex').toString('latin1') + hex.slice(8);
    expect(detail).toContain(`Serial number:       ${serial}`);
    // IF-MIB ifName of the PON and sysObjectID
    const ifName = await runTool('snmpget', [
      '-v2c',
      '-c',
      'public',
      '-On',
      snmp(0),
      `.1.3.6.1.2.1.31.1.1.1.1.${ponIfIndex('1/1/1')}`,
      '.1.3.6.1.2.1.1.2.0',
    ]);
    expect(ifName.stdout).toContain('STRING: "gpon_1/1/1"');
    expect(ifName.stdout).toContain('OID: .1.3.6.1.4.1.3902.1082.1001.300.2.1');
  });

  it('C600: .1082.500 ONU RX and OLT-side RX (0.001 dBm) vs show pon power attenuation, over v3 authPriv', async () => {
    const ix = ponIfIndex('1/1/1');
    expect(ix).toBe(285278465); // 0x11010101
    const v3 = [
      '-v3',
      '-l',
      'authPriv',
      '-u',
      V3.name,
      '-a',
      'SHA',
      '-A',
      V3.authKey,
      '-x',
      'AES',
      '-X',
      V3.privKey,
    ];
    const onuRx = await walk(1, `.1.3.6.1.4.1.3902.1082.500.20.2.2.2.1.10.${ix}`, v3);
    const oltRx = await walk(1, `.1.3.6.1.4.1.3902.1082.500.1.2.4.2.1.2.${ix}`, v3);
    for (const id of [1, 2, 3]) {
      const [, att] = await cli(1, [`show pon power attenuation gpon_onu-1/1/1:${id}`]);
      const up = /up\s+Rx :(\S+)/.exec(att)![1];
      const down = /down\s+Tx :\S+\s+Rx:(\S+)/.exec(att)![1];
      expect(decode(onuRx.get(`1.3.6.1.4.1.3902.1082.500.20.2.2.2.1.10.${ix}.${id}.1`)!)).toBe(down);
      const milli = Number(oltRx.get(`1.3.6.1.4.1.3902.1082.500.1.2.4.2.1.2.${ix}.${id}`));
      expect(milli === -80000 ? 'N/A' : `${(milli / 1000).toFixed(3)}(dbm)`).toBe(up);
    }
    const phase = await walk(1, `.1.3.6.1.4.1.3902.1082.500.10.2.3.8.1.4.${ix}`, v3);
    expect([1, 2, 3].map((id) => phase.get(`1.3.6.1.4.1.3902.1082.500.10.2.3.8.1.4.${ix}.${id}`))).toEqual([
      '4',
      '5',
      '4',
    ]);
    // TITAN has no .1012 subtree (KusumaVision, live): nothing to walk there
    expect((await walk(1, '.1.3.6.1.4.1.3902.1012')).size).toBe(0);
  });
});

describe('(d) the same ONT by SNMP, by the CLI and by OMCI; the controller decodes SNMP alike', () => {
  for (const [olt, profile] of [
    [0, 'zxa10-c300'],
    [1, 'zxa10-c600'],
  ] as const) {
    it(`${profile}: ONU RX and phase of ONUs 1–3 on 1/1/1 agree across snmpget, the CLI, OMCI ANI-G and our poller`, async () => {
      const o = lab.inventory().olts[olt];
      const c3 = profile === 'zxa10-c300';
      // the real columns and index of each family [dialect §9.2, §9.3]
      const pi = c3 ? ponIndex1012('1/1/1') : ponIfIndex('1/1/1');
      const rxCol = c3 ? '1.3.6.1.4.1.3902.1012.3.50.12.1.1.10' : '1.3.6.1.4.1.3902.1082.500.20.2.2.2.1.10';
      const phCol = c3 ? '1.3.6.1.4.1.3902.1012.3.28.2.1.4' : '1.3.6.1.4.1.3902.1082.500.10.2.3.8.1.4';
      const ids = [1, 2, 3];
      const got = await runTool('snmpget', [
        '-v2c',
        '-c',
        'public',
        '-On',
        snmp(olt),
        ...ids.flatMap((id) => [`.${rxCol}.${pi}.${id}.1`, `.${phCol}.${pi}.${id}`]),
      ]);
      expect(got.code, got.stderr).toBe(0);
      const v = new Map(
        [...got.stdout.matchAll(/^\.([\d.]+) = INTEGER: (-?\d+)$/gm)].map((m) => [m[1], Number(m[2])]),
      );
      const rawRx = (id: number) => v.get(`${rxCol}.${pi}.${id}.1`)!;
      const snmpRx = (id: number) => (rawRx(id) === 65535 ? null : rawRx(id) * 0.002 - 30);
      const snmpWorking = (id: number) => v.get(`${phCol}.${pi}.${id}`) === (c3 ? 3 : 4);
      // the CLI
      const onu = c3 ? 'gpon-olt_1/1/1' : 'gpon_olt-1/1/1';
      const [, rx] = await cli(olt, [`show pon power onu-rx ${onu}`]);
      const cliRx = new Map(rxOf(rx));
      // OMCI: ANI-G optical signal level of the ONU itself (G.988 §9.2.1, 0.002 dB steps)
      const [target] = targetsFromInventory([o], { omci: true });
      const omci = (await new NetworkTelemetry().connectOmci(target, {
        requestTimeoutMs: 1500,
        connectTimeoutMs: 1000,
      })) as OltOmciReader;
      // our poller: the device profile's columns and formulas
      const reader = new NetworkTelemetry().ontTable(target);
      try {
        const rows = await reader.read({ identity: true });
        for (const id of ids) {
          const serial = o.pons[0].onts[id - 1].serial;
          const row = rows.find((r) => r.pon === '1/1/1' && r.onuId === id)!;
          expect(row.serial).toBe(serial);
          const dbm = snmpRx(id);
          if (dbm === null) {
            expect(id).toBe(2); // the dying gasp: no light anywhere
            expect(cliRx.get(id)).toBe('N/A');
            expect(row.rxDbm).toBeNull();
            expect(snmpWorking(id)).toBe(false);
            expect(row.phase).toBe('dyingGasp');
            await expect(omci.getOpticalLevels('1/1/1', id, serial)).rejects.toThrow();
            continue;
          }
          expect(snmpWorking(id)).toBe(true);
          expect(row.phase).toBe('working');
          expect(cliRx.get(id)).toBe(`${dbm.toFixed(3)}(dbm)`);
          expect(row.rxDbm).toBeCloseTo(dbm, 3);
          const ani = await omci.getOpticalLevels('1/1/1', id, serial);
          expect(Math.abs(ani.rxDbm! - dbm)).toBeLessThanOrEqual(0.002);
          expect((await omci.getOnuState('1/1/1', id, serial)).serial).toBe(serial);
        }
        // the rx-degraded ONU 3 reads 3.5 dB below its fibre's level (the lab's physical model)
        const base = lab.findOlt(o.name)!.ont('1/1/1', 3)!.baseRxPowerDbm;
        expect(snmpRx(3)!).toBeCloseTo(base - 3.5, 2);
      } finally {
        reader.close();
        await omci.close();
      }
    });
  }
});

describe('lab notifications of a ZXA10 name the configured ONU (snmptrapd)', () => {
  it('a drop cut of an ONU configured as onu 9 sends cells at .9; an unconfigured ONT sends nothing', async () => {
    // ZTE's ONU-state trap OIDs are NOT FOUND [dialect §9.4]: the trap OID is the lab's own, its varbinds
    // the real C3xx cells, which exist for configured ONUs only, at their configured ids
    const o = lab.inventory().olts[0];
    const [, second, third] = o.pons[1].onts;
    await cli(0, [
      'configure terminal',
      'interface gpon-olt_1/1/2',
      `onu 9 type F601 sn ${second.serial}`,
      'end',
    ]);
    const trapd = await startSnmptrapd({ community: 'public' });
    lab.addTrapReceiver({ host: '127.0.0.1', port: trapd.port, version: 'v2c', community: 'public' }, o.name);
    try {
      const pi = ponIndex1012('1/1/2');
      lab.fault({ kind: 'drop-cut', olt: o.name, pon: '1/1/2', ont: third.id });
      lab.fault({ kind: 'drop-cut', olt: o.name, pon: '1/1/2', ont: second.id });
      const log = await trapd.waitFor(`.1.3.6.1.4.1.3902.1012.3.28.2.1.4.${pi}.9 = INTEGER: 1`);
      expect(log).toContain(`.1.3.6.1.4.1.3902.1012.3.28.1.1.5.${pi}.9 = Hex-STRING: `);
      expect(log).not.toContain(`.${pi}.${second.id} = `);
      // the unconfigured ONT (cut first) has no row, so no notification
      expect(log.match(/3902\.1012\.3\.28\.0\.1/g)).toHaveLength(1);
    } finally {
      lab.fault({ kind: 'drop-cut', olt: o.name, pon: '1/1/2', ont: third.id, clear: true });
      lab.fault({ kind: 'drop-cut', olt: o.name, pon: '1/1/2', ont: second.id, clear: true });
      lab.removeTrapReceiver('127.0.0.1', trapd.port);
      await trapd.stop();
    }
  });
});

// --- (e) against a real snmpd ---

let snmpd: ChildProcess | undefined;
let snmpdPort = 0;
let dir = '';

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const p = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

describe('(e) error semantics are those of net-snmp snmpd', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'snmpd-'));
    writeFileSync(
      path.join(dir, 'snmpd.conf'),
      [
        'view sys included .1.3.6.1.2.1.1',
        'rocommunity public 127.0.0.1 -V sys',
        `createUser ${V3.name} SHA "${V3.authKey}" AES "${V3.privKey}"`,
        `rouser ${V3.name} priv -V sys`,
      ].join('\n'),
    );
    snmpdPort = await freeUdpPort();
    snmpd = spawn(
      '/usr/sbin/snmpd',
      [
        '-f',
        '-Lo',
        '-C',
        '-c',
        path.join(dir, 'snmpd.conf'),
        '-p',
        path.join(dir, 'pid'),
        `udp:127.0.0.1:${snmpdPort}`,
      ],
      {
        env: { ...process.env, SNMP_PERSISTENT_DIR: dir, MIBS: '' },
        stdio: 'ignore',
      },
    );
    // ready when it answers
    for (let i = 0; i < 50; i++) {
      const r = await runTool('snmpget', [
        '-v2c',
        '-c',
        'public',
        '-t',
        '0.2',
        '-r',
        '0',
        `udp:127.0.0.1:${snmpdPort}`,
        '1.3.6.1.2.1.1.1.0',
      ]);
      if (r.code === 0) break;
    }
  }, 30_000);
  afterAll(async () => {
    if (snmpd && snmpd.exitCode === null) {
      const gone = new Promise((r) => snmpd!.once('exit', r));
      snmpd.kill();
      await gone;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const norm = (s: string, port: number) =>
    s
      .replaceAll(`127.0.0.1:${port}`, 'AGENT')
      .replace(/= (STRING|OID|Timeticks|INTEGER): .*/g, '= $1: <value>')
      .trim();

  const cases: [string, string[]][] = [
    ['v1 GETNEXT past the end → noSuchName, index 1', ['snmpgetnext', '-v1', '-c', 'public', '1.3.6.1.9']],
    ['v1 GET of a missing object → noSuchName', ['snmpget', '-v1', '-c', 'public', '1.3.6.1.2.1.1.99.0']],
    [
      'v1 GET, second varbind missing → error-index 2',
      ['snmpget', '-v1', '-c', 'public', '1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.99.0'],
    ],
    [
      'v2c noSuchObject / noSuchInstance',
      ['snmpget', '-v2c', '-c', 'public', '1.3.6.1.2.1.1.99.0', '1.3.6.1.2.1.1.1.5', '1.3.6.1.4.1.3902.9.0'],
    ],
    ['v2c GETNEXT past the end → endOfMibView', ['snmpgetnext', '-v2c', '-c', 'public', '1.3.6.1.9']],
    ['v2c GETBULK past the end → endOfMibView', ['snmpbulkget', '-v2c', '-c', 'public', '1.3.6.1.9']],
    [
      'v2c SET on a read-only agent → noAccess',
      ['snmpset', '-v2c', '-c', 'public', '1.3.6.1.2.1.1.5.0', 's', 'x'],
    ],
    [
      'v1 SET on a read-only agent → noSuchName',
      ['snmpset', '-v1', '-c', 'public', '1.3.6.1.2.1.1.5.0', 's', 'x'],
    ],
    [
      'wrong community → no answer',
      ['snmpget', '-v2c', '-c', 'wrong', '-t', '0.3', '-r', '0', '1.3.6.1.2.1.1.1.0'],
    ],
    [
      'v3 wrong auth password → Report usmStatsWrongDigests',
      [
        'snmpget',
        '-v3',
        '-l',
        'authPriv',
        '-u',
        V3.name,
        '-a',
        'SHA',
        '-A',
        'wrong-password',
        '-x',
        'AES',
        '-X',
        V3.privKey,
        '1.3.6.1.2.1.1.2.0',
      ],
    ],
    [
      'v3 unknown user → Report usmStatsUnknownUserNames',
      [
        'snmpget',
        '-v3',
        '-l',
        'authPriv',
        '-u',
        'nobody',
        '-a',
        'SHA',
        '-A',
        V3.authKey,
        '-x',
        'AES',
        '-X',
        V3.privKey,
        '1.3.6.1.2.1.1.2.0',
      ],
    ],
    [
      'v3 noAuthNoPriv for an authPriv user → authorizationError',
      ['snmpget', '-v3', '-l', 'noAuthNoPriv', '-u', V3.name, '1.3.6.1.2.1.1.2.0'],
    ],
    [
      'v3 success',
      [
        'snmpget',
        '-v3',
        '-l',
        'authPriv',
        '-u',
        V3.name,
        '-a',
        'SHA',
        '-A',
        V3.authKey,
        '-x',
        'AES',
        '-X',
        V3.privKey,
        '1.3.6.1.2.1.1.2.0',
      ],
    ],
  ];

  for (const [name, [tool, ...args]] of cases)
    it(name, async () => {
      const sim = lab.inventory().olts[0].ports.snmp;
      const real = await runTool(tool, [...args, `udp:127.0.0.1:${snmpdPort}`]);
      const ours = await runTool(tool, [...args, `udp:127.0.0.1:${sim}`]);
      const r = { code: real.code, out: norm(real.stdout + real.stderr, snmpdPort) };
      const o = { code: ours.code, out: norm(ours.stdout + ours.stderr, sim) };
      expect(o).toEqual(r);
    });
});
