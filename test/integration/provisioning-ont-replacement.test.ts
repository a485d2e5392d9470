/**
 * SBSN ONT replacement end to end (spec §4: "the SP sends the new serial as an SBSN 'ONT
 * replacement'; deadline 0.5 h"; spec §7 stock and returns), over the lab on the NETCONF-driven OLT
 * (olt-1, the BBF OLT) and the ZXA10 CLI one (olt-2): the new serial must be in the SP's stock;
 * provisioning authorises it on the v-ANI in place of the old one (read back through NETCONF
 * get-config on olt-1, checked by ncclient + yanglint too, CLI show running-config on olt-2), the lab's stand-in
 * puts the new ONT at the port and it ranges (working, authorised: in the BBF operational state on
 * olt-1, the SNMP ONT table and CLI `show gpon onu state` on olt-2); the access carries the new
 * serial, the new ONT is installed, the old one is return-due (90 days, ont.return_started); the
 * ticket closes with the read-back as measurements (fault.closed) and the order completes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activationBody,
  findOnu,
  freeAddresses,
  startProvisioningEnv,
  type ProvisioningEnv,
} from './provisioning-env.ts';
import { loadDeviceProfile } from '../../src/adapters/driven/olt/registry.ts';
import { Zxa10CliDriver } from '../../src/adapters/driven/olt/zxa10-cli/zxa10-driver.ts';
import { openSshCliChannel } from '../../src/adapters/driven/olt/zxa10-cli/cli-channel.ts';
import { addDays, zagrebDate } from '../../src/domain/calendar/local-date.ts';
import { OPERATOR } from '../helpers/monitoring.ts';
import { interfaceEntry } from '../helpers/bbf-yang.ts';
import { NetworkTelemetry } from '../../src/adapters/driven/telemetry/network-telemetry.ts';

let env: ProvisioningEnv;

beforeAll(async () => {
  env = await startProvisioningEnv();
  await env.controller.services.provisioning.runOnce(); // the lab starts empty: demo services first
}, 60_000);
afterAll(async () => {
  await env?.close();
});

const auth = (k: string) => ({ authorization: `Bearer ${k}` });

function oltOf(name: string) {
  const olt = env.lab.inventory().olts.find((x) => x.name === name)!;
  const profile = loadDeviceProfile(olt.profile);
  return { olt, profile, creds: { username: olt.credentials.username, password: olt.credentials.password } };
}

/**
 * What the OLT reports for the ONU at pon:onuId, read as monitoring reads it (the telemetry port's
 * ONT table): the BBF OLT's NETCONF operational state (bbf-xpon-onu-state), the ZXA10's SNMP table.
 */
async function monitoredState(
  name: string,
  pon: string,
  onuId: number,
): Promise<{ serial?: string; phase?: string }> {
  const { olt, creds } = oltOf(name);
  const table = new NetworkTelemetry().ontTable({
    name,
    profile: olt.profile,
    host: olt.host,
    snmp: { port: olt.ports.snmp, version: 'v2c', community: olt.credentials.community },
    hostKey: olt.hostKey,
    netconf: { port: olt.ports.netconf, ...creds },
  });
  try {
    const row = (await table.read({ identity: true })).find((r) => r.pon === pon && r.onuId === onuId);
    return { serial: row?.serial, phase: row?.phase };
  } finally {
    table.close();
  }
}

/**
 * The row of `show gpon onu state` for pon:onuId as the ZXA10 driver reads it (CLI): a live C300 row
 * `1/2/1:1  enable  enable  working  1(GPON)` (c300/show-gpon-onu-state-*.txt) → enable, enable, working.
 */
async function cliStateRow(name: string, pon: string, onuId: number) {
  const { olt, profile, creds } = oltOf(name);
  const d = new Zxa10CliDriver({
    profile,
    device: name,
    openChannel: () =>
      openSshCliChannel({ host: olt.host, port: olt.ports.cli, ...creds, device: name, timeoutMs: 10_000 }),
  });
  await d.connect();
  try {
    return (await d.readOnuStates(pon)).find((r) => r.onuId === onuId);
  } finally {
    await d.close();
  }
}

for (const [i, olt] of ['olt-1', 'olt-2'].entries()) {
  describe(`ONT replacement on ${olt} (${olt === 'olt-1' ? 'NETCONF' : 'ZXA10 CLI'})`, () => {
    const newSerial = `ZTEGBEEF000${i + 1}`;
    let sp = '';
    let adapterId = '';
    let oldSerial = '';
    let pos = { pon: '', onuId: 0 };

    beforeAll(async () => {
      const a = freeAddresses(env, olt)[0];
      sp = a.stockOf!;
      oldSerial = a.serial;
      pos = { pon: a.pon, onuId: a.onuId };
      const r = await env.order(sp, activationBody(a));
      adapterId = r.adapterId;
      await env.controller.services.provisioning.runOnce();
      expect((await env.getOrder(r.id)).status).toBe('completed');
    }, 30_000);

    it("a serial that is not in the SP's stock is refused at intake (ONT_SERIAL_NOT_IN_STOCK)", async () => {
      const r = await env.controller.app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: auth(env.keys.sps[sp]),
        payload: { form: 'SBSN', category: 'ont-replacement', adapterId, newOntSerial: newSerial },
      });
      expect(r.statusCode).toBe(422);
      expect(r.json().error).toMatchObject({ code: 'ONT_SERIAL_NOT_IN_STOCK', field: 'newOntSerial' });
    });

    it('the new serial is authorised in place of the old one, the new ONT ranges, stock and ticket follow', async () => {
      const at = new Date().toISOString();
      await env.store.stock.add(sp, [newSerial], at); // the SP drew it from the warehouse (spec §7)
      const r = await env.order(sp, {
        form: 'SBSN',
        category: 'ont-replacement',
        adapterId,
        newOntSerial: newSerial,
      });
      expect((await env.store.stock.get(newSerial))?.state).toBe('reserved');

      const outcomes = await env.controller.services.provisioning.runOnce();
      expect(outcomes.find((x) => x.orderId === r.id)?.outcome, JSON.stringify(outcomes)).toBe('completed');
      const order = await env.getOrder(r.id);
      expect(order.status).toBe('completed');
      expect(order.history.find((h) => h.status === 'completed')!.details?.verified).toBe(true);

      // the device: both views show the new serial on the same v-ANI, services kept
      for (const cfg of await env.views(olt)) {
        const onu = findOnu(cfg, pos.pon, pos.onuId)!;
        expect(onu.expectedSerial).toBe(newSerial);
        expect(onu.description).toBe(adapterId);
        expect(onu.vlans.map((x) => x.channel).sort()).toEqual(['internet', 'iptv', 'management', 'voip']);
        expect(
          cfg.channelTerminations.flatMap((c) => c.onus).some((o) => o.expectedSerial === oldSerial),
        ).toBe(false);
      }
      // the new ONT physically sits at the port and ranges, authorised
      expect(await monitoredState(olt, pos.pon, pos.onuId)).toEqual({ serial: newSerial, phase: 'working' });
      if (oltOf(olt).profile.cliDialect) {
        expect(await cliStateRow(olt, pos.pon, pos.onuId)).toMatchObject({
          pon: pos.pon,
          admin: 'enable',
          omcc: 'enable',
          phase: 'working',
        });
      } else {
        const { errors, running } = await env.bbf(olt);
        expect(errors).toEqual([]);
        expect(interfaceEntry(running, `vani-${adapterId}`)).toContain(
          `<expected-serial-number>${newSerial}</expected-serial-number>`,
        );
      }
      const sim = env.lab.findOlt(olt)!;
      const ont = sim.ont(pos.pon, pos.onuId)!;
      expect(ont.serial).toBe(newSerial);
      expect(sim.phaseOf(ont)).toBe('working');
      expect(sim.isAuthorised(ont)).toBe(true);

      // the store: access and stock (spec §7: the old ONT goes back within 90 days)
      expect((await env.store.accesses.get(adapterId))?.ontSerial).toBe(newSerial);
      expect(await env.store.stock.get(newSerial)).toMatchObject({ state: 'installed', adapterId });
      expect((await env.store.stock.get(oldSerial))?.state).toBe('return-due');
      const ret = await env.store.ontReturns.openFor(oldSerial);
      expect(ret).toMatchObject({
        spId: sp,
        adapterId,
        reason: 'replaced',
        dueOn: addDays(zagrebDate(new Date()), 90),
      });

      // the ticket closed with the read-back as proof; the SP hears of the return and the close
      const f = await env.controller.app.inject({
        method: 'GET',
        url: `/v1/faults/${r.id}`,
        headers: auth(env.keys.sps[sp]),
      });
      expect(f.statusCode).toBe(200);
      expect(f.json()).toMatchObject({ category: 'ont-replacement', state: 'closed' });
      expect(JSON.stringify(f.json())).toContain(newSerial);
      const hooks = await env.store.db.all<{ event: string; payload: string }>(
        'SELECT event, payload FROM webhook_events WHERE sp_id = ?',
        [sp],
      );
      expect(hooks.some((h) => h.event === 'ont.return_started' && h.payload.includes(oldSerial))).toBe(true);
      expect(hooks.some((h) => h.event === 'fault.closed' && h.payload.includes(r.id))).toBe(true);
      expect(hooks.some((h) => h.event === 'order.completed' && h.payload.includes(r.id))).toBe(true);

      // intent now holds the new serial: nothing to repair on the OLT
      expect((await env.controller.services.provisioning.plan(OPERATOR, olt)).changes).toEqual([]);
    }, 30_000);
  });
}
