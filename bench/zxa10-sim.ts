/**
 * `npm run bench -- zxa10-sim` (issue 18 item 4): the independent ZXA10 simulator as a 4 096-ONT C300
 * (32 PON ports × 128 ONUs, every ONU configured): `snmpbulkwalk` of the ONU RX column
 * (`.1012.3.50.12.1.1.10`) over v2c and v3 authPriv, and the CLI's `show gpon onu state` on one full
 * PON and on the whole OLT over SSH. The agent runs in this process; the walks are net-snmp's tool.
 */
import { SimOlt } from '../simulators/core/topology.ts';
import { SimSshServer } from '../simulators/ssh/server.ts';
import { C300, zxa10Of, zxa10Shell, Zxa10SnmpAgent } from '../simulators/zxa10/index.ts';
import { CliClient } from '../test/helpers/cli-sim.ts';
import { runTool } from '../test/helpers/lab.ts';
import { line, median } from './_util.ts';

const PONS = 32;
const ONUS = 128;
const ROUNDS = 3;
const V3 = { name: 'ponctl', authKey: 'ponctl-auth-key', privKey: 'ponctl-priv-key' };

export async function benchZxa10Sim(): Promise<void> {
  const olt = new SimOlt({
    name: 'olt-bench',
    profile: 'zxa10-c300',
    pons: PONS,
    ontsPerPon: ONUS,
    index: 1,
  });
  const z = zxa10Of(olt, C300);
  for (const p of olt.pons)
    for (const o of p.onts) z.cfg.addOnu(p.name, o.id, 'ZTE-F601', { kind: 'sn', value: o.serial });
  olt.refresh();
  const agent = new Zxa10SnmpAgent({
    z,
    community: 'public',
    v3Users: [V3],
    engineID: '80000f3e04' + Buffer.from('olt-bench').toString('hex'),
  });
  const port = await agent.start(0);
  const creds = { username: 'zte', password: 'zte' };
  const ssh = new SimSshServer({ olt, credentials: creds, shell: zxa10Shell(z) });
  const sshPort = await ssh.listen(0);
  try {
    const col = '.1.3.6.1.4.1.3902.1012.3.50.12.1.1.10';
    const walk = async (v: string[]) => {
      const ms: number[] = [];
      let rows = 0;
      for (let r = 0; r < ROUNDS; r++) {
        const t = await runTool('snmpbulkwalk', [...v, '-Cr100', '-On', `udp:127.0.0.1:${port}`, col]);
        if (t.code !== 0) throw new Error(t.stderr);
        rows = t.stdout.trim().split('\n').length;
        ms.push(t.ms);
      }
      return { ms: median(ms), rows };
    };
    const v2 = await walk(['-v2c', '-c', 'public']);
    const v3 = await walk([
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
    ]);
    line(`snmpbulkwalk ONU RX column, ${v2.rows} rows, v2c (median of ${ROUNDS})`, `${v2.ms.toFixed(0)} ms`);
    line(`snmpbulkwalk ONU RX column, ${v3.rows} rows, v3 authPriv`, `${v3.ms.toFixed(0)} ms`);
    const c = new CliClient();
    await c.connect(sshPort, { rows: 24, cols: 80 }, creds);
    await c.cmd('terminal length 0');
    const time = async (cmd: string, n: number) => {
      const ms: number[] = [];
      let lines = 0;
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        lines = (await c.cmd(cmd, 60_000)).split('\n').length;
        ms.push(performance.now() - t);
      }
      return { ms: median(ms), lines };
    };
    const pon = await time('show gpon onu state gpon-olt_1/1/1', 10);
    const all = await time('show gpon onu state', 3);
    line(
      `CLI show gpon onu state, one full PON (${ONUS} ONUs, ${pon.lines} lines)`,
      `${pon.ms.toFixed(1)} ms`,
    );
    line(
      `CLI show gpon onu state, whole OLT (${PONS * ONUS} ONUs, ${all.lines} lines)`,
      `${all.ms.toFixed(0)} ms`,
    );
    c.close();
  } finally {
    await ssh.close();
    await agent.close();
  }
}
