/**
 * Shared setup of the issue-8 lab tests: a simulated lab, a real controller on 127.0.0.1:0 with the
 * demo seed mapped onto the lab, provisioning against the lab OLTs (workAhead: field work at once),
 * a ManualClock, and webhook receivers that verify signatures.
 */
import { loadSecretBox } from '../../src/adapters/driven/secrets/secret-key.ts';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/adapters/driven/store/index.ts';
import type { Store } from '../../src/application/ports/store/index.ts';
import { CredentialVault } from '../../src/adapters/driven/olt/credential-vault.ts';
import { createDriver } from '../../src/adapters/driven/olt/registry.ts';
import { HttpWebhookSender } from '../../src/adapters/driven/http/http-webhook-sender.ts';
import { WebhookAddressGuard } from '../../src/adapters/driven/http/webhook-address-guard.ts';

/** The lab's receivers listen on loopback: allowed explicitly, as a lab does (issue 17 item 3). */
const fetchWebhookSender = new HttpWebhookSender(new WebhookAddressGuard({ allow: ['127.0.0.1/32'] }));
import { nodeScheduler } from '../../src/adapters/driven/time/node-scheduler.ts';
import type { OltDriver } from '../../src/application/ports/olt-driver/olt-driver.ts';
import { loadConfig } from '../../src/main/config.ts';
import { verifySignature, SIGNATURE_HEADER } from '../../src/domain/notifications/webhooks.ts';
import { ManualClock } from '../../src/adapters/driven/time/manual-time.ts';
import type { Controller } from '../../src/main/controller.ts';
import { demoKeys, seedDemo, type DemoSeed } from '../../src/main/demo-seed.ts';
import { WebhookDeliveryWorker } from '../../src/application/notifications/delivery-worker.ts';
import { createLabController, LAB_CREDENTIALS_REF } from '../../src/main/lab.ts';
import { startLab, type Lab } from '../helpers/lab.ts';

export interface Received {
  event: string;
  body: any;
  raw: string;
  valid: boolean;
  delivery: string;
}

export interface Receiver {
  url: string;
  secret?: string;
  got: Received[];
  /** Answer 503 while down. */
  down: boolean;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const r: Receiver = { url: '', got: [], down: false, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req
      .setEncoding('utf8')
      .on('data', (d: string) => {
        raw += d;
      })
      .on('end', () => {
        if (r.down) {
          res.statusCode = 503;
          res.end();
          return;
        }
        const sig = String(req.headers[SIGNATURE_HEADER.toLowerCase()] ?? '');
        const valid = !!r.secret && verifySignature(r.secret, raw, sig, Math.floor(Date.now() / 1000));
        r.got.push({
          event: String(req.headers['x-ponctl-event']),
          body: JSON.parse(raw),
          raw,
          valid,
          delivery: String(req.headers['x-ponctl-delivery']),
        });
        res.statusCode = 204;
        res.end();
      });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  r.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  r.close = () => new Promise<void>((ok) => server.close(() => ok()));
  return r;
}

export interface LabWorld {
  lab: Lab;
  store: Store;
  controller: Controller;
  clock: ManualClock;
  seed: DemoSeed;
  url: string;
  keys: { operator: string; alpha: string; beta: string; gamma: string };
  delivery: WebhookDeliveryWorker;
  call(
    method: string,
    p: string,
    key: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; text: string }>;
  /** A driver of its own (independent session) to read what the device holds. */
  reader(olt: string): Promise<OltDriver>;
  close(): Promise<void>;
}

export async function startLabWorld(o: { now?: string; disputeWindowDays?: number } = {}): Promise<LabWorld> {
  const lab = await startLab({ olts: 2, pons: 1, onts: 16 });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ponctl-issue8-'));
  const config = loadConfig(
    {
      PONCTL_DATA_DIR: dataDir,
      PONCTL_LISTEN: '127.0.0.1:0',
      PONCTL_LAB: '0',
      PONCTL_WEBHOOK_ALLOW: '127.0.0.1',
    },
    dataDir,
  );
  const store = await openStore(config.store);
  const clock = new ManualClock(o.now ?? '2026-03-02T08:00:00.000Z');
  const inv = lab.inventory();
  const seed = await seedDemo(store, { at: clock.now(), inventory: inv });
  const k = await demoKeys(store, dataDir, clock.now());
  if (o.disputeWindowDays !== undefined) config.disputeWindowDays = o.disputeWindowDays;
  const controller = await createLabController({
    config,
    store,
    clock,
    inventory: inv,
    workers: false,
    fieldWork: false,
    provisioning: { options: { workAhead: true } },
  });
  const url = await controller.listen();
  const delivery = new WebhookDeliveryWorker({
    store,
    sender: fetchWebhookSender,
    scheduler: nodeScheduler,
    owner: 'test',
    // the endpoints' secrets are sealed by the controller's key (issue 17 item 7)
    secrets: loadSecretBox(config.secrets),
    timeoutMs: 5000,
    retry: { baseMs: 50, maxDelayMs: 1000, maxAttempts: 5 },
  });
  const readers: OltDriver[] = [];
  return {
    lab,
    store,
    controller,
    clock,
    seed,
    url,
    delivery,
    keys: {
      operator: k.operator,
      alpha: k.sps['sp-alpha'],
      beta: k.sps['sp-beta'],
      gamma: k.sps['sp-gamma'],
    },
    async call(method, p, key, body) {
      const res = await fetch(url + p, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: res.status, body: parsed as any, text };
    },
    async reader(name) {
      const rec = (await store.olts.get(name))!;
      const { credentials } = inv.olts.find((x) => x.name === name)!;
      const v = new CredentialVault();
      v.set(LAB_CREDENTIALS_REF, { username: credentials.username, password: credentials.password });
      const d = createDriver(rec, v);
      await d.connect();
      readers.push(d);
      return d;
    },
    async close() {
      for (const d of readers) await d.close().catch(() => undefined);
      await controller.close();
      await store.close();
      await lab.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A BSNA activation body for a seeded address, with an ONT serial from `spId`'s stock. */
export function activationBody(
  seed: DemoSeed,
  address: DemoSeed['addresses'][number],
  serial: string,
  o: { forced?: boolean; services?: Record<string, unknown> } = {},
) {
  return {
    form: 'BSNA',
    category: 'activation',
    address: address.address,
    contact: { name: 'Iva Ivić', phone: '+385 1 555 0199' },
    ownerInstallsHome: false,
    ontSerial: serial,
    accessLevel: 'regional',
    services: o.services ?? { internet: '300/150', iptv: 50, voip: '1/1', management: true },
    ...(o.forced ? { forced: true } : {}),
  };
}

/** Serial of a free address whose ONT is in `spId`'s stock (optionally not at `exceptOnu`). */
export function stockSerial(seed: DemoSeed, spId: string, skip = 0): string {
  return seed.addresses.filter((a) => a.stockOf === spId)[skip].serial;
}
