/**
 * End to end (issue 12 "What must be shown"): a newcomer's activation on `npm start` ends with BBF
 * data on `olt-1`. `ponctl start --json` runs as a child process exactly as `npm start` runs it (the
 * composition root's lab, store, demo seed and controller, real sockets); the activation is the one
 * README's "Your first order" places (sp-alpha, its free demo address with an existing drop); the
 * OLT's running configuration is then read by ncclient (Debian's python3-ncclient, no one here wrote
 * it) and validated by yanglint against ../shared/standards: the ONT serial is a v-ANI's
 * expected-serial-number and the four vlan-sub-interfaces carry write-pbit 0, 0, 5 and 2 (spec §2).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDemo } from '../../src/main/demo-seed.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';
import { interfaceEntry, ncclientRunningValid, writePbits } from '../helpers/bbf-yang.ts';
import {
  childControllerScratch,
  exited,
  freePort,
  startChildController,
  type ChildController,
} from '../helpers/child-controller.ts';

const scratch = childControllerScratch('ponctl-newcomer-bbf-');
let ctl: ChildController;
let inventory: LabInventory;

beforeAll(async () => {
  ctl = await startChildController({
    dataDir: scratch.dataDir,
    port: await freePort(),
    // `npm start` as a newcomer runs it: the lab on (the helper's default is off), a Tuesday morning
    env: { PONCTL_LAB: '1', PONCTL_CLOCK: '2026-03-10T07:00:00Z' },
    children: scratch.children,
  });
  inventory = JSON.parse(readFileSync(path.join(scratch.dataDir, 'lab.json'), 'utf8')) as LabInventory;
}, 120_000);

afterAll(async () => {
  if (ctl && ctl.child.exitCode === null) {
    ctl.child.kill('SIGTERM');
    await exited(ctl.child);
  }
  scratch.cleanup();
});

async function api(method: string, p: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(ctl.url + p, {
    method,
    headers: {
      authorization: `Bearer ${ctl.keys.sps['sp-alpha']}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('a newcomer on npm start', () => {
  it("olt-1 is the lab's BBF OLT; the first order ends as BBF data on it, read back by ncclient and valid for yanglint", async () => {
    const olt1 = inventory.olts.find((o) => o.name === 'olt-1')!;
    expect(olt1.profile).toBe('bbf-tr385');
    // the address `npm start` suggests: sp-alpha's stock, an existing drop (src/main/start.ts)
    const free = planDemo(inventory).find((a) => a.stockOf === 'sp-alpha' && a.installation === 'existing')!;
    expect(free.olt).toBe('olt-1');
    const placed = await api('POST', '/v1/orders', {
      form: 'BSNA',
      category: 'activation',
      address: free.address,
      contact: { name: 'Ana Anić', phone: '+385 1 555 0101' },
      ownerInstallsHome: false,
      ontSerial: free.serial,
      accessLevel: 'regional',
      services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
    });
    expect(placed.status, JSON.stringify(placed.json)).toBe(202);
    const { id, adapterId } = placed.json as { id: string; adapterId: string };

    // README: "completed within seconds" (lab field work is done at once, the worker works ahead)
    let order: any;
    const until = Date.now() + 60_000;
    do {
      await new Promise((r) => setTimeout(r, 250));
      order = (await api('GET', `/v1/orders/${id}`)).json;
    } while (order.status !== 'completed' && order.status !== 'failed' && Date.now() < until);
    expect(order.status, JSON.stringify(order.history)).toBe('completed');

    const { errors, running } = await ncclientRunningValid({
      port: olt1.ports.netconf,
      username: olt1.credentials.username,
      password: olt1.credentials.password,
    });
    expect(errors).toEqual([]);
    // the v-ANI of this AdapterID (docs/bbf-mapping.md naming) expects the ordered ONT's serial
    const vani = interfaceEntry(running, `vani-${adapterId}`);
    expect(vani).toMatch(/<type[^>]*>[\w-]+:v-ani<\/type>/);
    expect(/<expected-serial-number>([^<]+)<\/expected-serial-number>/.exec(vani ?? '')?.[1]).toBe(
      free.serial,
    );
    // four vlan-sub-interfaces (bbf-if-type) pushing the SP VLAN with write-pbit 0, 0, 5, 2 (spec §2)
    for (const ch of ['internet', 'management', 'voip', 'iptv'])
      expect(interfaceEntry(running, `vsi-${adapterId}-${ch}`)).toMatch(
        /<type[^>]*>[\w-]+:vlan-sub-interface<\/type>/,
      );
    expect(writePbits(running, adapterId)).toEqual([0, 0, 5, 2]);
  }, 180_000);
});
