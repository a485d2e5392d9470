/**
 * `ponctl apply` (POST /v1/olts/:id/apply, convergence.ts) when the device fails mid-change, over
 * real sockets: the controller's HTTP API on an ephemeral port, the lab's OLTs over SSH. As for an
 * order (provisioning-faults.test.ts): a change that failed and was not verifiably rolled back flags
 * the OLT for reconciliation, and the answer says so; a change the device refused and the driver
 * rolled back leaves the OLT unflagged. The drift apply repairs is made by hand, as an operator
 * would: `no onu` on the ZXA10's CLI, a MAC limit set with ncclient on the BBF OLT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOnu, startProvisioningEnv, type ProvisioningEnv } from './provisioning-env.ts';
import { CliClient } from '../helpers/cli-sim.ts';
import { ncclientProvision } from '../helpers/bbf-yang.ts';
import type { OltConfig, VAni } from '../../src/domain/olt-config/model.ts';

let env: ProvisioningEnv;
let url: string;

beforeAll(async () => {
  env = await startProvisioningEnv();
  // the lab starts empty: the first pass reconciles the demo's active services onto both OLTs
  await env.controller.services.provisioning.runOnce();
  url = await env.controller.listen();
}, 60_000);
afterAll(async () => {
  await env?.close();
});

interface Answer {
  error?: { code: string; message: string };
  changes?: string[];
  verified?: boolean;
}

async function post(path: string): Promise<{ status: number; body: Answer }> {
  const r = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.keys.operator}` },
  });
  return { status: r.status, body: (await r.json()) as Answer };
}

const flagged = async (olt: string) => (await env.store.olts.get(olt))?.needsReconciliation;

/** A managed ONU with services on `olt`, as the driver reads it back. */
function managedOnu(cfg: OltConfig): { pon: string; onu: VAni } {
  return cfg.channelTerminations
    .flatMap((c) => c.onus.map((onu) => ({ pon: c.name, onu })))
    .find((x) => x.onu.vlans.length && x.onu.description)!;
}

describe('apply on the ZXA10 CLI OLT (olt-2)', () => {
  it('a change the device half took and the driver could not undo flags the OLT, and the answer says so; reconcile repairs it', async () => {
    const olt = 'olt-2';
    const inv = env.lab.inventory().olts.find((o) => o.name === olt)!;
    expect(await flagged(olt)).toBe(false);
    const victim = managedOnu((await env.views(olt))[0]);
    // someone removes a managed subscriber's ONU by hand on the OLT's CLI
    const c = new CliClient();
    await c.connect(inv.ports.cli, { rows: 24, cols: 80 }, inv.credentials);
    for (const l of [
      'configure terminal',
      `interface gpon-olt_${victim.pon}`,
      `no onu ${victim.onu.onuId}`,
      'end',
    ]) {
      const out = await c.cmd(l);
      expect(out).not.toMatch(/^%(Error|Code)/m);
    }
    c.close();
    expect(findOnu((await env.views(olt))[0], victim.pon, victim.onu.onuId)).toBeUndefined();

    // the device takes 2 configuration commands of the repair, then refuses every one (its undo too)
    env.lab.findOlt(olt)!.faults.failAfterOps = 2;
    try {
      const r = await post(`/v1/olts/${olt}/apply`);
      expect(r.status).toBe(502);
      expect(r.body.error!.code).toBe('DEVICE_COMMIT');
      expect(r.body.error!.message).toMatch(/NOT undone/);
      expect(await flagged(olt)).toBe(true);
      expect(r.body.error!.message).toMatch(/olt-2 is flagged for reconciliation/);
    } finally {
      env.lab.findOlt(olt)!.faults.clear();
    }
    const rec = await post(`/v1/olts/${olt}/reconcile`);
    expect(rec.status).toBe(200);
    expect(rec.body.verified).toBe(true);
    expect(await flagged(olt)).toBe(false);
    const back = findOnu((await env.views(olt))[0], victim.pon, victim.onu.onuId)!;
    expect(back.expectedSerial).toBe(victim.onu.expectedSerial);
    expect(back.vlans).toHaveLength(victim.onu.vlans.length);
  });
});

describe('apply on the BBF NETCONF OLT (olt-1)', () => {
  const olt = 'olt-1';
  /** Sets a managed subscriber's MAC limit to 77 by hand (ncclient, bbf-l2-forwarding); returns where. */
  async function macLimitByHand(): Promise<{ pon: string; onuId: number; channel: string }> {
    const inv = env.lab.inventory().olts.find((o) => o.name === olt)!;
    const victim = managedOnu((await env.views(olt))[0]);
    const vlan = victim.onu.vlans[0];
    const byHand = await ncclientProvision(
      { port: inv.ports.netconf, ...inv.credentials },
      `<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface>` +
        `<name>vsi-${victim.onu.description}-${vlan.channel}</name>` +
        `<mac-learning xmlns="urn:bbf:yang:bbf-l2-forwarding"><max-number-mac-addresses>77</max-number-mac-addresses></mac-learning>` +
        `</interface></interfaces>`,
    );
    expect(byHand.ok).toBe(true);
    return { pon: victim.pon, onuId: victim.onu.onuId, channel: vlan.channel };
  }
  const macLimit = async (at: { pon: string; onuId: number; channel: string }) =>
    findOnu((await env.views(olt))[0], at.pon, at.onuId)!.vlans.find((v) => v.channel === at.channel)!
      .macLimit;

  it('a commit the device refused and the driver rolled back leaves the OLT unflagged', async () => {
    expect(await flagged(olt)).toBe(false);
    const at = await macLimitByHand();
    const before = env.deviceState(olt);
    env.lab.findOlt(olt)!.faults.failOnOp = 2; // the edit is taken, the commit refused
    try {
      const r = await post(`/v1/olts/${olt}/apply`);
      expect(r.status).toBe(502);
      expect(r.body.error!.code).toBe('DEVICE_COMMIT');
      expect(r.body.error!.message).not.toMatch(/flagged/);
    } finally {
      env.lab.findOlt(olt)!.faults.clear();
    }
    expect(env.deviceState(olt)).toBe(before);
    expect(await flagged(olt)).toBe(false);
    expect(await macLimit(at)).toBe(77);
    const ok = await post(`/v1/olts/${olt}/apply`);
    expect(ok.status).toBe(200);
    expect(ok.body.verified).toBe(true);
    expect(await macLimit(at)).not.toBe(77);
  });

  it('a session lost mid-change flags the OLT, and the answer says so; the next apply reconciles it first', async () => {
    expect(await flagged(olt)).toBe(false);
    const at = await macLimitByHand();
    env.lab.findOlt(olt)!.faults.dropAfterOps = 1; // the edit is taken, the session drops at the commit
    try {
      const r = await post(`/v1/olts/${olt}/apply`);
      expect(r.status).toBe(502);
      expect(r.body.error!.code).toBe('DEVICE_CONNECTION_LOST');
      expect(await flagged(olt)).toBe(true);
      expect(r.body.error!.message).toMatch(/olt-1 is flagged for reconciliation/);
    } finally {
      env.lab.findOlt(olt)!.faults.clear();
    }
    // apply's provisioning pass reconciles a flagged OLT first, then apply finds nothing left to do
    const ok = await post(`/v1/olts/${olt}/apply`);
    expect(ok.status).toBe(200);
    expect(ok.body.changes).toEqual([]);
    expect(await flagged(olt)).toBe(false);
    expect(await macLimit(at)).not.toBe(77);
  });
});
