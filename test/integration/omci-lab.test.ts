/**
 * OMCI through the lab as `ponctl lab` starts it: the relay is mounted on each OLT's NETCONF port,
 * and a fault injected through the lab's HTTP control endpoint shows up on the OMCI path too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lab } from '../../simulators/lab/index.ts';
import type { OntOpticsChange } from '../../simulators/core/topology.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';
import { OmciClient, type OmciNotification } from '../../src/adapters/driven/telemetry/omci/omci-client.ts';
import { MeClass } from '../../src/protocols/omci/me-defs.ts';
import { RpcTimeoutError } from '../../src/application/ports/olt-driver/errors.ts';

let lab: Lab;
let inv: LabInventory;
let client: OmciClient;

beforeAll(async () => {
  lab = await Lab.start({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'ponctl-omci-lab-')),
    olts: 1,
    pons: 2,
    onts: 4,
  });
  inv = lab.inventory();
  const o = inv.olts[0];
  client = await OmciClient.connect({
    host: o.host,
    port: o.ports.netconf,
    username: o.credentials.username,
    password: o.credentials.password,
    requestTimeoutMs: 300,
  });
});

afterAll(async () => {
  await client?.close();
  await lab?.close();
});

async function fault(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${inv.control}/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

describe('OMCI in the lab', () => {
  it('a PON cut raises one ANI-G alarm per ONT of that PON and silences them; the other PON answers', async () => {
    const olt = inv.olts[0];
    const pon = olt.pons[0];
    const before = await Promise.all(pon.onts.map((o) => client.getOnuState(pon.port, o.id)));
    expect(before.map((s) => s.serial)).toEqual(pon.onts.map((o) => o.serial));

    const events = client.notifications();
    await fault({ kind: 'pon-cut', olt: olt.name, pon: pon.port });
    const alarmed = new Set<number>();
    while (alarmed.size < pon.onts.length) {
      const n = (await events.next()).value as OmciNotification;
      if (n.message.type === 'alarm-notification') {
        expect(n.pon).toBe(pon.port);
        expect(n.message).toMatchObject({ meClass: MeClass.aniG, alarms: [0] });
        alarmed.add(n.onuId);
      }
    }
    await events.return!();
    await expect(client.getOpticalLevels(pon.port, 1)).rejects.toBeInstanceOf(RpcTimeoutError);
    expect((await client.getOpticalLevels(olt.pons[1].port, 1)).rxDbm).toBeLessThan(0);

    await fault({ kind: 'pon-cut', olt: olt.name, pon: pon.port, clear: true });
    expect((await client.getOnuState(pon.port, 1)).operationalState).toBe('enabled');
  });
  it('rx-degrade across the F601 thresholds: ANI-G low received optical power (alarm 0) raised below −28 dBm, not at the −27 dBm warning, cleared on recovery', async () => {
    const o = inv.olts[0];
    const pon = o.pons[1].port;
    const sim = lab.findOlt(o.name)!;
    const base = sim.ont(pon, 3)!.baseRxPowerDbm;
    const levels: (string | null)[] = [];
    const onOptics = (c: OntOpticsChange) => {
      if (c.pon === pon && c.ont.id === 3) levels.push(c.to);
    };
    sim.on('ont-optics', onOptics);
    const events = client.notifications();
    try {
      // −27.5 dBm: below the warning level only; the ONT keeps working, the ANI-G threshold (−28) is not crossed
      await fault({ kind: 'rx-degrade', olt: o.name, pon, ont: 3, value: base + 27.5 });
      expect(await client.getAllAlarms(pon, 3)).toEqual([]);
      expect((await client.getOpticalLevels(pon, 3)).rxDbm).toBeCloseTo(-27.5, 2);
      // −29.5 dBm: below critical → alarm notification; then back to nominal → its clear
      await fault({ kind: 'rx-degrade', olt: o.name, pon, ont: 3, value: base + 29.5 });
      expect(await client.getAllAlarms(pon, 3)).toEqual([
        { classId: MeClass.aniG, instance: 0x8001, alarms: [0] },
      ]);
      await fault({ kind: 'rx-degrade', olt: o.name, pon, ont: 3, clear: true });
      expect(levels).toEqual(['warning', 'critical', 'normal']);
      // a sentinel notification from another ONT: everything ONT 3 caused has arrived before it
      await fault({ kind: 'dying-gasp', olt: o.name, pon, ont: 4 });
      const ours: OmciNotification[] = [];
      for (;;) {
        const n = (await events.next()).value as OmciNotification;
        if (n.onuId === 4) break;
        if (n.pon === pon && n.onuId === 3) ours.push(n);
      }
      expect(ours.map((n) => n.message)).toMatchObject([
        { type: 'alarm-notification', meClass: MeClass.aniG, meInstance: 0x8001, alarms: [0] },
        { type: 'alarm-notification', meClass: MeClass.aniG, meInstance: 0x8001, alarms: [] },
      ]);
      const [raise, clear] = ours.map((n) => n.message);
      expect(
        raise.type === 'alarm-notification' &&
          clear.type === 'alarm-notification' &&
          clear.sequence === raise.sequence + 1,
      ).toBe(true);
    } finally {
      sim.off('ont-optics', onOptics);
      await events.return!();
      await fault({ kind: 'dying-gasp', olt: o.name, pon, ont: 4, clear: true });
    }
  });
});
