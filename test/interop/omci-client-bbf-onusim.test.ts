/**
 * ponctl's OMCI client (UdpOmciTransport → OmciClient → OmciOnus, as monitoring's OMCI reader builds
 * them) against the Broadband Forum's ONU simulator (`obbaa_onusim`, run unmodified under Debian's
 * /usr/bin/python3 through test/interop/py/onusim_server.py, which only drops onusim.py's REST part):
 * every operation ponctl uses — ONU-G state, ONU2-G, MIB upload, ANI-G optical levels at the instance
 * the MIB names, Set, alarm notifications with the sequence-number check and a Get-all-alarms resync,
 * MIB reset, Reboot and the ANI-G self test — on the baseline set and, with `--extended`,
 * on the extended set chosen from the ONU2-G OMCC version BBF reports (0xB4).
 *
 * BBF implements no Reboot or Test (obbaa_onusim/actions); its Message._create kills its
 * own process on such a message type (message.py:344-348). The wrapper answers them "command not
 * supported" (G.988 result 2), so ponctl must raise OmciNotSupportedError and BBF must live on.
 * Optical levels are checked against BBF's own client (onucli.py) reading the same ONU.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { UdpOmciTransport } from '../../src/adapters/driven/telemetry/omci/udp-transport.ts';
import { OmciClient } from '../../src/adapters/driven/telemetry/omci/omci-client.ts';
import { OmciOnus } from '../../src/adapters/driven/telemetry/omci/omci-onus.ts';
import { OmciNotSupportedError } from '../../src/adapters/driven/telemetry/omci/omci-errors.ts';
import type { OnuAlarmEvent } from '../../src/adapters/driven/telemetry/omci/alarm-tracker.ts';
import { MeClass } from '../../src/protocols/omci/me-defs.ts';
import { opticalLevelToDbm } from '../../src/protocols/omci/optics.ts';
import { onucli, runPython, startOnusim, type Onusim } from '../helpers/bbf-onusim.ts';

const CTERM = 'ct-1.1.1';
const started: { sim: Onusim; onus: OmciOnus; transport: UdpOmciTransport }[] = [];

afterAll(async () => {
  for (const s of started) {
    s.onus.close();
    await s.onus.client.close();
    await s.sim.close();
  }
});

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The lines BBF or the wrapper logged at WARNING or above, except the wrapper's "not implemented" notes. */
function problems(log: string): string[] {
  return log
    .split('\n')
    .filter((l) => /^(WARNING|ERROR|CRITICAL)|Traceback/.test(l))
    .filter((l) => !/^WARNING:onusim_server:message type 0x[0-9a-f]+ .* is not implemented by BBF/.test(l));
}

describe("ponctl's OMCI client against BBF's onusim.py", () => {
  for (const extended of [false, true]) {
    it(
      extended
        ? '--extended: extended set chosen from ONU2-G (OMCC 0xB4); every operation; BBF alive, nothing undecodable'
        : 'baseline: every operation ponctl uses; BBF alive, nothing undecodable on either side',
      async () => {
        const sim = await startOnusim({ cterm: CTERM, first: 1, last: 2, extended });
        const transport = await UdpOmciTransport.open({ host: '127.0.0.1', port: sim.port });
        const client = new OmciClient(transport, { requestTimeoutMs: 3000 });
        // without --extended BBF still reports 0xB4: ponctl's baseline policy keeps the baseline set
        const onus = new OmciOnus(client, extended ? 'auto' : 'baseline');
        started.push({ sim, onus, transport });
        const a = { channelTermination: CTERM, onuId: 1 };
        const notSupported = () => sim.command('stats').then((s) => s.unsupported as number);

        // ONU-G, ONU2-G
        const state = await onus.getOnuState(a);
        expect(state.operationalState).toBe('enabled');
        // the serial as BBF's own client reads it (vendor id, then the 32-bit number)
        const sn = await onucli(sim.port, CTERM, 1, ['get', '256', '0', '0x2000']);
        const [, vendor, number] = /serial_number=\('(\w{4})', (\d+)\)/.exec(sn.stderr)!;
        expect(state.serial).toBe(vendor + Number(number).toString(16).toUpperCase().padStart(8, '0'));
        const onu2 = await onus.getOnu2(a);
        expect(onu2.omccVersion).toBe(0xb4);
        expect(onus.extendedFor(a)).toBe(extended);

        // MIB upload: every record of every body, ANI-G from the MIB (BBF's is instance 1, not 0x8001)
        const mib = await onus.mibUpload(a);
        // exactly the instances BBF's database holds for that ONU
        const held = await runPython('bbf_mib_keys.py', ['1']);
        expect(held.code).toBe(0);
        const keys = mib
          .all()
          .map((m) => [m.meClass, m.meInstance])
          .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        expect(keys).toEqual(JSON.parse(held.stdout));
        const ani = mib.aniG.map((m) => m.meInstance);
        expect(ani).toEqual([1]);
        for (const c of [MeClass.onuG, MeClass.onu2G, MeClass.tcont, MeClass.priorityQueue])
          expect(mib.instances(c).length, `class ${c}`).toBeGreaterThan(0);

        // optical levels: the same values BBF's own client reads
        const levels = await onus.getOpticalLevels(a);
        const cli = await onucli(sim.port, CTERM, 1, ['get', '263', '1', '0x0044']);
        expect(cli.code).toBe(0);
        const rx = Number(/optical_signal_level=(\d+)/.exec(cli.stderr)![1]);
        const tx = Number(/transmit_optical_level=(\d+)/.exec(cli.stderr)![1]);
        expect(levels.rxDbm).toBe(opticalLevelToDbm((rx << 16) >> 16));
        expect(levels.txDbm).toBe(opticalLevelToDbm((tx << 16) >> 16));

        // Set, read back
        await onus.set(a, MeClass.onuG, 0, { batteryBackup: 1 });
        expect((await onus.get(a, MeClass.onuG, 0, ['batteryBackup'])).batteryBackup).toBe(1);

        // alarms: in sequence → a notification event; a gap → Get all alarms resync
        const events: OnuAlarmEvent[] = [];
        const stop = onus.alarms.on((e) => events.push(e));
        const bitmap0 = '80' + '00'.repeat(27); // ANI-G alarm 0 "low received optical power"
        const ext = extended ? ' ext' : '';
        expect(await sim.command(`alarm 1 263 1 ${bitmap0} 1 0${ext}`)).toMatchObject({ alarm: { seq: 1 } });
        await until(() => events.some((e) => e.via === 'notification'));
        expect(events[0].raised).toEqual([{ meClass: 263, meInstance: 1, alarms: [0] }]);
        const resyncs = onus.alarms.resyncs;
        await sim.command(`alarm 1 263 1 ${'00'.repeat(28)} 3 0${ext}`); // 2 never came
        await until(() => onus.alarms.resyncs > resyncs);
        const snapshot = await onus.getAllAlarms(a);
        expect(snapshot.every((r) => r.alarms.length === 0)).toBe(true);
        stop();

        // MIB reset; the next use uploads again
        await onus.mibReset(a);
        expect((await onus.mib(a)).aniG.map((m) => m.meInstance)).toEqual([1]);

        // what BBF does not implement: typed errors, and BBF lives on
        const before = await notSupported();
        await expect(onus.reboot(a)).rejects.toBeInstanceOf(OmciNotSupportedError);
        await expect(onus.selfTest(a)).rejects.toBeInstanceOf(OmciNotSupportedError);
        expect(await notSupported()).toBe(before + 2);
        expect(sim.alive).toBe(true);
        // still answering after Reboot
        expect((await onus.getOpticalLevels(a)).rxDbm).toBe(levels.rxDbm);
        expect((await onus.getOnuState({ channelTermination: CTERM, onuId: 2 })).operationalState).toBe(
          'enabled',
        );

        // neither side saw anything it could not decode
        expect(client.decodeErrors).toBe(0);
        expect(transport.stats).toMatchObject({ framingErrors: 0, micErrors: 0 });
        const stats = await sim.command('stats');
        expect(stats.errors).toBe(0);
        expect(problems(sim.log())).toEqual([]);
        expect(sim.alive).toBe(true);
        expect(await sim.close()).toBe(0);
      },
      120_000,
    );
  }
});
