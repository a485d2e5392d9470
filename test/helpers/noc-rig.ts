/**
 * The NOC's browser tests' rig (issue 15 "What must be shown"): `npm start`'s lab (olt-1 the BBF
 * TR-385 NETCONF OLT, olt-2 a ZXA10 C300; 2 PONs × 16 ONTs each), a controller composed as `npm start` composes it (createLabController: OLT registry,
 * device drivers, demo seed, provisioning run once so the seeded accesses are configured) with
 * monitoring on fast intervals, and headless Debian Chromium through playwright-core. Screenshots go
 * to test-results/noc/ (the CI artefact folder; see src/adapters/driving/web/README.md).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Lab } from '../../simulators/lab/index.ts';
import { authoriseZxa10Onts } from './lab.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';
import { loadConfig } from '../../src/main/config.ts';
import { openStore } from '../../src/adapters/driven/store/index.ts';
import type { Store } from '../../src/application/ports/store/index.ts';
import type { Controller } from '../../src/main/controller.ts';
import { demoKeys, seedDemo, type SeededAddress } from '../../src/main/demo-seed.ts';
import { MonitoringEvents } from '../../src/application/monitoring/index.ts';
import { createLabController, targetsFromInventory } from '../../src/main/lab.ts';
import { createApiKey } from '../../src/application/access/api-keys.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SHOTS = path.resolve('test-results/noc');
/** The poll interval the rig's monitoring runs with (ms): "within one poll interval" is measured on it. */
export const POLL_MS = 500;
/** The name on the operator key the page logs in with. */
export const OPERATOR_NAME = 'Ana Horvat';

export interface NocRig {
  lab: Lab;
  inv: LabInventory;
  store: Store;
  controller: Controller;
  url: string;
  keys: { operator: string; sps: Record<string, string> };
  addresses: SeededAddress[];
  browser: Browser;
  page: Page;
  pageErrors: string[];
  close(): Promise<void>;
}

export async function until(
  cond: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startNocRig(o: { width?: number } = {}): Promise<NocRig> {
  const lab = await Lab.start({ olts: 2, pons: 2, onts: 16 });
  authoriseZxa10Onts(lab); // in service: every ONU configured, so the ZXA10's tables have its row
  const inv = lab.inventory();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ponctl-noc-'));
  const config = loadConfig(
    { PONCTL_DATA_DIR: dataDir, PONCTL_LISTEN: '127.0.0.1:0', PONCTL_LAB: '0' },
    dataDir,
  );
  const store = await openStore(config.store);
  const seed = await seedDemo(store, { at: new Date(), inventory: inv });
  const keys = await demoKeys(store, dataDir, new Date());
  // the night-shift operator's own key, named (ponctl keys create --operator --name "Ana Horvat")
  keys.operator = (await createApiKey(store, { role: 'operator', name: OPERATOR_NAME, at: new Date() })).key;
  const controller = await createLabController({
    config,
    store,
    inventory: inv,
    provisioning: { driftCheckMs: 0 },
    monitoring: {
      targets: targetsFromInventory(inv.olts, { timeoutMs: 300 }),
      events: new MonitoringEvents(),
      pollMs: POLL_MS,
      tickMs: 50,
      correlation: { windowMs: 600 },
      traps: { port: 0 },
    },
  });
  const url = await controller.listen();
  const mon = controller.services.monitoring;
  for (const olt of inv.olts)
    lab.addTrapReceiver(
      { host: '127.0.0.1', port: mon.trapSource!.port, version: 'v2c', community: 'public' },
      olt.name,
    );
  // the seeded active accesses configured on the OLTs (their ONTs leave the unconfigured list)
  await controller.services.provisioning.runOnce();
  // the ZXA10 reports every ONT that ranges; the BBF OLT's ONU state lists the configured ones (the
  // others are in GET /v1/onts/unconfigured)
  const zte = inv.olts[1];
  const configured = seed.addresses.filter((a) => a.active && a.olt === inv.olts[0].name).length;
  await until(
    () => {
      const known = [...mon.onts.values()];
      return (
        known.every((x) => x.state === 'working') &&
        known.filter((x) => x.olt === zte.name).length === zte.pons.length * zte.pons[0].onts.length &&
        known.filter((x) => x.olt === inv.olts[0].name).length === configured
      );
    },
    20_000,
    'every ONT polled and working',
  ).catch((e: Error) => {
    const c: Record<string, number> = {};
    for (const x of mon.onts.values()) c[`${x.olt} ${x.state}`] = (c[`${x.olt} ${x.state}`] ?? 0) + 1;
    throw new Error(`${e.message}: ${JSON.stringify(c)}, configured on ${inv.olts[0].name}: ${configured}`);
  });

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({
    viewport: { width: o.width ?? 1440, height: 900 },
    timezoneId: 'America/New_York',
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  mkdirSync(SHOTS, { recursive: true });
  return {
    lab,
    inv,
    store,
    controller,
    url,
    keys,
    addresses: seed.addresses,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await controller.close();
      await store.close();
      await lab.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens /noc with the operator key and waits for the live stream and the inventory. */
export async function login(r: NocRig): Promise<void> {
  await r.page.goto(r.url + '/noc');
  await r.page.waitForSelector('#login[open]');
  await r.page.fill('#login-key', r.keys.operator);
  await r.page.click('#login button[type=submit]');
  await r.page.waitForSelector('#conn[data-state="live"]', { timeout: 5000 });
  await r.page.waitForSelector('#inventory tr.olt', { timeout: 5000 });
}

export const shot = (r: NocRig, name: string) => r.page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
