/**
 * Every ONT of a lab ZXA10 OLT configured at its place, typed at the OLT's CLI (`onu N type T sn S`,
 * dialect §6.2), as an operator or ponctl would: the independent ZXA10 simulator, like a C300, lists
 * in its SNMP ONU tables only the ONUs configured on a PON (an unconfigured one is only in
 * `show gpon onu uncfg`), so a poll sweep needs them configured first. Shared by bench poll and
 * bench scale. Not a benchmark itself (bench/run.ts skips files starting with `_`).
 */
import type { LabInventory } from '../simulators/lab/inventory.ts';
import { CliClient } from '../test/helpers/cli-sim.ts';

export async function configureAllOnts(o: LabInventory['olts'][number]): Promise<number> {
  const c = new CliClient();
  await c.connect(o.ports.cli, { rows: 24, cols: 80 }, o.credentials);
  let n = 0;
  try {
    await c.cmd('terminal length 0');
    await c.cmd('configure terminal');
    for (const pon of o.pons) {
      await c.cmd(`interface gpon-olt_${pon.port}`);
      for (const ont of pon.onts) {
        const out = await c.cmd(`onu ${ont.id} type F601 sn ${ont.serial}`);
        if (/^%(Error|Code)/m.test(out)) throw new Error(`onu ${ont.id} on ${pon.port}: ${out}`);
        n++;
      }
      await c.cmd('exit');
    }
    await c.cmd('end');
  } finally {
    c.close();
  }
  return n;
}
