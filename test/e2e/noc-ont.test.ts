/**
 * The NOC's ONT page, search and work queues in headless Debian Chromium (issue 15 "What must be
 * shown"): search by serial, by AdapterID and by address lands on the right ONT page, whose chart
 * states and uses Europe/Zagreb time (the browser runs in New York to tell them apart); an
 * unconfigured ONU injected in the lab appears in its queue matched to the pending order naming its
 * serial; the page is usable at 1024 px and 1920 px (no horizontal scroll of the main table).
 * Screenshots go to test-results/noc/; with PONCTL_REFRESH_DOCS=1 the 1920 px one also refreshes
 * docs/img/noc.png (the README's screenshot), so an ordinary test run leaves the work tree clean.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, shot, startNocRig, type NocRig } from '../helpers/noc-rig.ts';
import { CliClient } from '../helpers/cli-sim.ts';
import { activationRecord } from '../helpers/order-record.ts';

let r: NocRig;
const README_SHOT = path.resolve('docs/img/noc.png');

beforeAll(async () => {
  r = await startNocRig();
  await login(r);
}, 90_000);

afterAll(async () => {
  await r?.close();
});

async function search(q: string): Promise<void> {
  await r.page.goto(`${r.url}/noc#/`);
  await r.page.fill('#search-q', q);
  await r.page.press('#search-q', 'Enter');
}

describe('NOC: search, ONT page, work queues, layout', () => {
  const taken = () =>
    r.addresses.find(
      // an ONT of the ZXA10 (read over SNMP); the BBF OLT's are read over NETCONF
      (a) => a.active && a.olt === r.inv.olts[1].name && a.pon === r.inv.olts[1].pons[1].port,
    )!;

  it('search by serial lands on the ONT page: SP, AdapterID, address, services with VLANs, state with its source', async () => {
    const a = taken();
    await search(a.serial);
    await expect
      .poll(() => r.page.evaluate(() => location.hash))
      .toBe(`#/ont/${a.olt}/${a.pon.replace(/\//g, '-')}/${a.onuId}`);
    await expect.poll(() => r.page.textContent('#ont-state')).toBe('working');
    expect(await r.page.textContent('#ont-title')).toBe(`${a.olt} ${a.pon}:${a.onuId}`);
    expect(await r.page.textContent('#ont-adapter')).toBe(a.active!.adapterId);
    expect(await r.page.textContent('#ont-sp')).toContain(`(${a.active!.spId})`);
    expect(await r.page.textContent('#ont-address')).toContain(a.address.street);
    expect(await r.page.textContent('#ont-source')).toBe('SNMP');
    expect(await r.page.locator('#ont-services-t tbody tr').count()).toBeGreaterThan(0);
    const vlan = Number(await r.page.locator('#ont-services-t tbody tr td').nth(1).textContent());
    expect(vlan).toBeGreaterThanOrEqual(1000);
  });

  it('search by AdapterID and by address land on the same ONT page', async () => {
    const a = taken();
    const hash = `#/ont/${a.olt}/${a.pon.replace(/\//g, '-')}/${a.onuId}`;
    await search(a.active!.adapterId);
    await expect.poll(() => r.page.evaluate(() => location.hash)).toBe(hash);
    await search(`${a.address.street} ${a.address.number}, ${a.address.city}`);
    await expect.poll(() => r.page.evaluate(() => location.hash)).toBe(hash);
    await expect.poll(() => r.page.textContent('#ont-adapter')).toBe(a.active!.adapterId);
    // several hits (an SP): a list to pick from, with what matched
    await r.page.goto(`${r.url}/noc#/`);
    await r.page.fill('#search-q', a.active!.spId);
    await r.page.press('#search-q', 'Enter');
    const hits = r.page.locator('#search-results button.hit');
    await expect.poll(() => hits.count()).toBeGreaterThan(1);
    expect(await hits.first().getAttribute('data-matched')).toBe('sp');
  });

  it('the chart: RX history with thresholds, unit, legend and Europe/Zagreb time stated and used', async () => {
    const a = taken();
    await r.page.goto(`${r.url}/noc#/ont/${a.olt}/${a.pon.replace(/\//g, '-')}/${a.onuId}`);
    await r.page.click('#ont-range button[data-range="1h"]');
    await r.page.waitForSelector('#ont-chart .uplot canvas');
    expect(await r.page.getAttribute('#ont-chart', 'data-zone')).toBe('Europe/Zagreb');
    expect(Number(await r.page.getAttribute('#ont-chart', 'data-points'))).toBeGreaterThan(0);
    const legend = await r.page.textContent('#ont-chart .u-legend');
    expect(legend).toContain('RX');
    expect(legend).toMatch(/RX warning -?\d+ dBm/);
    expect(legend).toMatch(/RX critical -?\d+ dBm/);
    // axis titles are drawn on the canvas: the caption above states unit and zone
    expect(await r.page.textContent('#ont-page h3')).toBe('Optical level dBm, times Europe/Zagreb');
    expect(await r.page.textContent('#tz')).toBe('times: Europe/Zagreb');
    // the axis ticks are Zagreb wall-clock times, not the browser's (New York) nor UTC: each lies in the
    // last hour as a Zagreb clock shows it (UTC is an hour behind in winter, New York six)
    const zagreb = (ms: number) => {
      const [h, m] = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Zagreb',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .format(new Date(ms))
        .split(':')
        .map(Number);
      return h * 60 + m;
    };
    const end = zagreb(Date.now());
    await expect.poll(() => r.page.getAttribute('#ont-chart', 'data-xticks')).toBeTruthy();
    const ticks = (await r.page.getAttribute('#ont-chart', 'data-xticks'))!.split(' ');
    expect(ticks.length).toBeGreaterThan(1);
    for (const t of ticks) {
      expect(t).toMatch(/^\d\d:\d\d$/);
      const [h, m] = t.split(':').map(Number);
      const ago = (end - (h * 60 + m) + 1440) % 1440; // minutes before now on a Zagreb clock
      expect(ago, `tick ${t}`).toBeLessThanOrEqual(61);
    }
    const zagrebHour = String(Math.floor(end / 60)).padStart(2, '0');
    expect(await r.page.textContent('#clock')).toMatch(new RegExp(`^${zagrebHour}:`));
    await shot(r, 'ont-page');
  });

  it('an unconfigured ONU injected in the lab appears in its queue, matched to the pending order with its serial', async () => {
    const free = r.addresses.find(
      (a) => a.stockOf && a.olt === r.inv.olts[0].name && a.installation === 'existing',
    )!;
    const serial = 'ZTEGC0FFEE15';
    // the SP drew a new ONT from the warehouse; its technician plugs it in at the free address
    await r.store.stock.add(free.stockOf!, [serial], new Date().toISOString());
    r.lab.installOnt(free.olt, free.pon, free.onuId, serial);
    const res = await fetch(r.url + '/v1/orders', {
      method: 'POST',
      headers: { authorization: `Bearer ${r.keys.sps[free.stockOf!]}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        form: 'BSNA',
        category: 'activation',
        address: { ...free.address, flat: '1', floor: '0' },
        contact: { name: 'Ana Anić', phone: '+385 1 555 0101' },
        ownerInstallsHome: false,
        ontSerial: serial,
        accessLevel: 'regional',
        services: { internet: '300/150' },
      }),
    });
    const order = (await res.json()) as { id: string };
    expect(res.status, JSON.stringify(order)).toBe(202);
    await r.page.goto(`${r.url}/noc#/queues`);
    const row = r.page.locator(`#unconf-t tr[data-serial="${serial}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute('data-olt')).toBe(free.olt);
    expect(await row.getAttribute('data-pon')).toBe(free.pon);
    expect(await row.getAttribute('data-order')).toBe(order.id);
    expect(await row.locator('td.match').textContent()).toContain(order.id);
    // the other unconfigured ONUs (free addresses' stock ONTs) have no order naming them
    expect(await r.page.locator('#unconf-t tr[data-order=""]').count()).toBeGreaterThan(0);
    await shot(r, 'queues');
  });

  it('order queue as the API has it; an OLT with out-of-band drift: dry-run diff, reconciled only when confirmed', async () => {
    const olt = r.inv.olts[1].name;
    // an engineer changed a managed ONU on the device's CLI: its description (the AdapterID ponctl
    // writes there), typed at the ZXA10's shell as an operator would (the dialect's `description …`)
    const o = r.inv.olts[1];
    const z = r.lab.labOlt(olt)!.zxa10!;
    const onu = [...z.cfg.pons.values()]
      .flatMap((p) => [...p.onus.values()])
      .find((e) => e.iface.get('description'))!;
    const description = () => z.cfg.onu(onu.pon, onu.id)?.iface.get('description');
    const was = description()!;
    const cli = new CliClient();
    await cli.connect(o.ports.cli, { rows: 24, cols: 80 }, o.credentials);
    for (const l of [
      'configure terminal',
      `interface ${z.fam.onu(onu.pon, onu.id)}`,
      'description BY-HAND',
      'end',
    ])
      await cli.cmd(l);
    cli.close();
    expect(description()).toBe('description BY-HAND');
    await r.controller.services.provisioning.driftCheckAll();
    await r.page.goto(`${r.url}/noc#/`);
    await r.page.goto(`${r.url}/noc#/queues`);
    const row = r.page.locator(`#recon-t tr[data-olt="${olt}"]`);
    await row.waitFor({ timeout: 5000 });
    expect(await row.locator('td').nth(2).textContent()).toMatch(/description/i);
    await row.locator('button.plan').click();
    const diff = r.page.locator(`#recon-t tr[data-olt="${olt}"] + tr pre.diff`);
    await expect.poll(() => diff.textContent(), { timeout: 5000 }).toMatch(/description/i);
    expect(description()).toBe('description BY-HAND'); // a dry run changes nothing
    // dismissing the confirmation applies nothing; accepting it reconciles
    r.page.once('dialog', (d) => void d.dismiss());
    await row.locator('button.reconcile').click();
    await r.page.waitForTimeout(300);
    expect(description()).toBe('description BY-HAND');
    r.page.once('dialog', (d) => void d.accept());
    await row.locator('button.reconcile').click();
    await expect.poll(() => diff.textContent(), { timeout: 10_000 }).toMatch(/^reconciled/);
    expect(description()).toBe(was);
    // the order queue: the lists the API gives, with their counts
    for (const [id, status] of [
      ['orders-running', 'in-progress'],
      ['orders-failed', 'failed'],
    ] as const) {
      const res = await fetch(`${r.url}/v1/orders?status=${status}`, {
        headers: { authorization: `Bearer ${r.keys.operator}` },
      });
      const n = ((await res.json()) as { orders: unknown[] }).orders.length;
      expect(await r.page.locator(`#${id} tbody tr`).count()).toBe(n);
    }
    await shot(r, 'queues-reconcile');
  });

  it('a failed order is in the order queue with its reason: the last device error, attempts, why it failed', async () => {
    // stored as provisioning settles an order that failed for good (order-settlement.ts); a real one
    // waits for its deadline to pass, which order-failures.test.ts drives with a manual clock
    const id = 'ord_noc_failed';
    const at = new Date().toISOString();
    const lastError = 'connect-timeout: olt-2 did not answer within 10000 ms';
    await r.store.orders.insert(
      activationRecord(id, {
        spId: Object.keys(r.keys.sps)[0],
        state: 'failed',
        receivedAt: at,
        plannedDate: at.slice(0, 10),
        deadline: at.slice(0, 10),
        detail: {
          form: 'BSNA',
          installation: 'existing',
          capacityExtensionDays: 0,
          provisioning: {
            attempts: 7,
            lastError,
            at,
            since: at,
            olt: 'olt-2',
            failedBecause: 'deadline-passed',
          },
        },
      }),
    );
    await r.page.goto(`${r.url}/noc#/`);
    await r.page.goto(`${r.url}/noc#/queues`);
    const row = r.page.locator(`#orders-failed tr[data-id="${id}"]`);
    await row.waitFor({ timeout: 5000 });
    expect(await row.getAttribute('data-status')).toBe('failed');
    expect(await row.locator('td.reason').textContent()).toBe(`${lastError} (7×, deadline-passed)`);
  });

  for (const width of [1024, 1920])
    it(`usable at ${width} px: no horizontal scroll of the page or the main table`, async () => {
      await r.page.setViewportSize({ width, height: 900 });
      await r.page.goto(`${r.url}/noc#/`);
      await r.page.waitForSelector('#inventory tr.olt');
      r.lab.fault({ kind: 'pon-cut', olt: r.inv.olts[1].name, pon: r.inv.olts[1].pons[1].port });
      const inc = r.page.locator('#alarms tr.incident[data-status="open"]').first();
      await inc.waitFor({ timeout: 5000 });
      await inc.click();
      await r.page.locator('#alarms tr.alarm.child').first().waitFor();
      const m = await r.page.evaluate(() => {
        const t = document.querySelector('#alarms')!;
        const panel = t.closest('section')!;
        return {
          doc: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          table: t.getBoundingClientRect().right - panel.getBoundingClientRect().right,
          tableScroll: t.scrollWidth - t.clientWidth,
        };
      });
      expect(m.doc).toBeLessThanOrEqual(0);
      expect(m.table).toBeLessThanOrEqual(1);
      expect(m.tableScroll).toBeLessThanOrEqual(0);
      await shot(r, `layout-${width}`);
      if (width === 1920 && process.env.PONCTL_REFRESH_DOCS === '1') {
        mkdirSync(path.dirname(README_SHOT), { recursive: true });
        await r.page.screenshot({ path: README_SHOT });
      }
      r.lab.fault({ kind: 'pon-cut', olt: r.inv.olts[1].name, pon: r.inv.olts[1].pons[1].port, clear: true });
      await r.page
        .locator('#alarms tr.incident[data-status="open"]')
        .waitFor({ state: 'detached', timeout: 6000 });
      expect(r.pageErrors).toEqual([]);
    });
});
