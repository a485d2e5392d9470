/**
 * `npm run bench -- lab` (issue 4 "What must be shown", design §10): the 4 096-ONT OLT — start time
 * and RSS; `snmpbulkwalk` time of its ONT table (v2c and v3 authPriv); NETCONF `get-config` time of
 * its full configuration (every ONT authorised with four VLANs), by our ssh2 client and by ncclient
 * (Debian's /usr/bin/python3) as the reference client.
 */
import { existsSync } from 'node:fs';
import { Lab } from '../simulators/lab/index.ts';
import { loadOltSnmpProfile } from '../src/protocols/snmp/olt-snmp-profile.ts';
import { RawNetconfClient, sampleOnu } from '../test/helpers/netconf-sim.ts';
import { runTool, snmpArgs } from '../test/helpers/lab.ts';
import { line, mb } from './_util.ts';
import type { OltConfig } from '../src/domain/olt-config/model.ts';

const PONS = 16;
const ONTS = 256;

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

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
    const serialCol = profile.ontTable.columns.serial!.oid;
    for (const [v, reps] of [
      ['v2c', 10],
      ['v2c', 50],
      ['v3', 10],
      ['v3', 50],
    ] as const) {
      const r = await runTool('snmpbulkwalk', [...snmpArgs(olt, v), `-Cr${reps}`, serialCol]);
      const rows = r.stdout.split('\n').filter((l) => l.includes(' = ')).length;
      line(`snmpbulkwalk ${v} -Cr${reps} ONT serial column (${rows} rows)`, fmt(r.ms));
    }
    for (const v of ['v2c', 'v3'] as const) {
      // the C3xx ONU tables (`.1012.3`: ONU identity, phase, optics) [docs/zxa10-dialect.md §9.2]
      const r = await runTool('snmpbulkwalk', [...snmpArgs(olt, v), '-Cr50', '1.3.6.1.4.1.3902.1012.3']);
      const rows = r.stdout.split('\n').filter((l) => l.includes(' = ')).length;
      line(`snmpbulkwalk ${v} -Cr50 C3xx .1012.3 ONU tables (${rows} cells)`, fmt(r.ms));
    }

    // The full configuration: every ONT authorised with the four channels of spec §2.
    const sim = lab.findOlt(olt.name)!;
    const config: OltConfig = {
      trafficProfiles: [
        { name: 'down-300M', cirKbps: 0, pirKbps: 300_000 },
        { name: 'up-150M', cirKbps: 0, pirKbps: 150_000 },
        { name: 'down-10M', cirKbps: 1000, pirKbps: 10_000 },
        { name: 'up-10M', cirKbps: 1000, pirKbps: 10_000 },
      ],
      channelTerminations: sim.pons.map((p, i) => ({
        name: p.name,
        onus: p.onts.map((o) => sampleOnu(i + 1, o.id, o.serial)),
      })),
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
      const r = await runTool(
        py,
        [
          '-c',
          NCCLIENT,
          olt.host,
          String(olt.ports.netconf),
          olt.credentials.username,
          olt.credentials.password,
        ],
        600_000,
      );
      const [len, connMs, ms] = r.stdout.trim().split(/\s+/).map(Number);
      if (r.code === 0 && Number.isFinite(ms)) {
        line('NETCONF connect + hello (ncclient, reference)', `${connMs} ms`);
        line(
          `NETCONF get-config running (ncclient, reference; ${mb(len)} XML)`,
          `${ms} ms (ssh2/ncclient ${(getMs / ms).toFixed(2)})`,
        );
      } else {
        line('NETCONF get-config (ncclient)', `failed: ${r.stderr.trim().split('\n').at(-1)}`);
      }
    }
    line('RSS at the end', mb(process.memoryUsage().rss));
  } finally {
    await lab.close();
  }
}
