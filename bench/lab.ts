/**
 * `npm run bench -- lab` (issue 4 "What must be shown", design §10): the 4 096-ONT OLT — start time
 * and RSS; `snmpbulkwalk` time of its ONT table (v2c and v3 authPriv); NETCONF `get-config` time of
 * its full configuration (every ONT authorised with four VLANs), by our ssh2 client and by ncclient
 * (Debian's /usr/bin/python3) as the reference client.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Lab } from '../simulators/lab/index.ts';
import { loadOltSnmpProfile } from '../src/adapters/drivers/snmp/profile.ts';
import { RawNetconfClient, sampleOnu } from '../test/helpers/netconf-sim.ts';
import type { OltConfig } from '../src/domain/olt-config/model.ts';
import type { LabInventoryOlt } from '../simulators/lab/inventory.ts';

const PONS = 16;
const ONTS = 256;

function run(cmd: string, args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, MIBS: '', MIBDIRS: '/nonexistent' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d; });
    p.stderr.on('data', (d: Buffer) => { stderr += d; });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
    p.stdin.end(input ?? '');
  });
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(58)} ${value}\n`);
}

function snmpArgs(olt: LabInventoryOlt, v: 'v2c' | 'v3'): string[] {
  const t = `${olt.host}:${olt.ports.snmp}`;
  return v === 'v2c'
    ? ['-v2c', '-c', olt.credentials.community, '-On', t]
    : ['-v3', '-l', 'authPriv', '-u', olt.snmpV3.user, '-a', 'SHA', '-A', olt.snmpV3.authKey, '-x', 'AES', '-X', olt.snmpV3.privKey, '-On', t];
}

const NCCLIENT = `
import sys, time
from ncclient import manager
host, port, user, pw = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
t0 = time.time()
with manager.connect(host=host, port=port, username=user, password=pw, hostkey_verify=False,
                     look_for_keys=False, allow_agent=False, timeout=120) as m:
    t1 = time.time()
    r = m.get_config(source='running')
    t2 = time.time()
    print(len(r.data_xml), int((t1 - t0) * 1000), int((t2 - t1) * 1000))
`;

export async function benchLab(): Promise<void> {
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const lab = await Lab.start({ olts: 1, pons: PONS, onts: ONTS, profiles: ['zxa10-c300'] });
  const startMs = performance.now() - t0;
  const rss1 = process.memoryUsage().rss;
  try {
    const inv = lab.inventory();
    const olt = inv.olts[0];
    line(`lab start, 1 OLT × ${PONS} PON × ${ONTS} ONT (${PONS * ONTS} ONTs)`, fmt(startMs));
    line('RSS after start (process / added by the lab)', `${mb(rss1)} / ${mb(rss1 - rss0)}`);

    const profile = loadOltSnmpProfile('zxa10-c300');
    const serialCol = profile.ontTable.columns.serial.oid;
    for (const [v, reps] of [['v2c', 10], ['v2c', 50], ['v3', 10], ['v3', 50]] as const) {
      const r = await run('snmpbulkwalk', [...snmpArgs(olt, v), `-Cr${reps}`, serialCol]);
      const rows = r.stdout.split('\n').filter((l) => l.includes(' = ')).length;
      line(`snmpbulkwalk ${v} -Cr${reps} ONT serial column (${rows} rows)`, fmt(r.ms));
    }
    for (const v of ['v2c', 'v3'] as const) {
      const r = await run('snmpbulkwalk', [...snmpArgs(olt, v), '-Cr50', profile.ontTable.entry]);
      const rows = r.stdout.split('\n').filter((l) => l.includes(' = ')).length;
      line(`snmpbulkwalk ${v} -Cr50 whole ONT table (${rows} cells)`, fmt(r.ms));
    }

    // The full configuration: every ONT authorised with the four channels of spec §2.
    const sim = lab.findOlt(olt.name)!;
    const config: OltConfig = {
      trafficProfiles: [
        { name: 'down-300M', cirKbps: 0, pirKbps: 300_000 }, { name: 'up-150M', cirKbps: 0, pirKbps: 150_000 },
        { name: 'down-10M', cirKbps: 1000, pirKbps: 10_000 }, { name: 'up-10M', cirKbps: 1000, pirKbps: 10_000 },
      ],
      channelTerminations: sim.pons.map((p, i) => ({ name: p.name, onus: p.onts.map((o) => sampleOnu(i + 1, o.id, o.serial)) })),
    };
    sim.config.setRunning(config);
    const c = new RawNetconfClient();
    const tc = performance.now();
    await c.connect(olt.ports.netconf, olt.credentials);
    await c.hello();
    const helloMs = performance.now() - tc;
    const tg = performance.now();
    const reply = await c.rpc('<get-config><source><running/></source></get-config>');
    const getMs = performance.now() - tg;
    c.close();
    line('NETCONF connect + hello (ssh2 client)', fmt(helloMs));
    line(`NETCONF get-config running, ${PONS * ONTS} ONUs (${mb(reply.length)} XML, ssh2)`, fmt(getMs));
    const py = '/usr/bin/python3';
    if (existsSync(py)) {
      const r = await run(py, ['-c', NCCLIENT, olt.host, String(olt.ports.netconf), olt.credentials.username, olt.credentials.password]);
      const [len, connMs, ms] = r.stdout.trim().split(/\s+/).map(Number);
      if (r.code === 0 && Number.isFinite(ms)) {
        line('NETCONF connect + hello (ncclient, reference)', `${connMs} ms`);
        line(`NETCONF get-config running (ncclient, reference; ${mb(len)} XML)`, `${ms} ms (ssh2/ncclient ${(getMs / ms).toFixed(2)})`);
      } else {
        line('NETCONF get-config (ncclient)', `failed: ${r.stderr.trim().split('\n').at(-1)}`);
      }
    }
    line('RSS at the end', mb(process.memoryUsage().rss));
  } finally {
    await lab.close();
  }
}
