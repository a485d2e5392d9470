/**
 * A controller wired to a simulated lab for provisioning tests (the composition root's
 * createLabController: OLT registry from the lab, the lab's field-work stand-in), demo seed on the
 * lab inventory, workers off (tests drive `runOnce`), and readers of what the OLT holds: CLI
 * `show running-config` on the ZXA10 OLT (the real dialect's reader); on the BBF OLT (olt-1, bbf-tr385) the driver's NETCONF
 * read-back and ncclient + yanglint on its running configuration.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lab } from '../../simulators/lab/index.ts';
import { bbfOltOf, isBbfProfile } from '../../simulators/bbf-olt/index.ts';
import { XmlWriter } from '../../simulators/yang/serialize.ts';
import { loadConfig } from '../../src/main/config.ts';
import { openStore, type SqlStore } from '../../src/adapters/driven/store/index.ts';
import type { Controller } from '../../src/main/controller.ts';
import { createLabController, LAB_CREDENTIALS_REF, type LabInventory } from '../../src/main/lab.ts';
import { CredentialVault } from '../../src/adapters/driven/olt/credential-vault.ts';
import { createDriver, driverFactory, type DriverTarget } from '../../src/adapters/driven/olt/registry.ts';
import type { OltDriver, OltDriverFactory } from '../../src/application/ports/olt-driver/olt-driver.ts';
import { seedDemo, demoKeys, type SeededAddress } from '../../src/main/demo-seed.ts';
import { c300RunningConfig, c600RunningConfig } from '../../simulators/zxa10/config/render.ts';
import { ncclientRunningValid } from '../helpers/bbf-yang.ts';
import type { OltConfig, VAni } from '../../src/domain/olt-config/model.ts';
import type { StoreConfig } from '../../src/main/config.ts';
import type { Clock } from '../../src/application/ports/clock.ts';

export interface ProvisioningEnv {
  lab: Lab;
  store: SqlStore;
  controller: Controller;
  keys: { operator: string; sps: Record<string, string> };
  addresses: SeededAddress[];
  /** POST /v1/orders as the SP; returns the 202 body or throws with the error. */
  order(
    spId: string,
    body: Record<string, unknown>,
  ): Promise<{ id: string; adapterId: string; status: string }>;
  getOrder(id: string): Promise<{
    status: string;
    history: { status: string; from?: string; reason: string; details?: Record<string, unknown> }[];
  }>;
  /**
   * The OLT's configuration as its driver reads it back: NETCONF get-config in the BBF models on the
   * BBF OLT (`bbf` reads it independently of the driver's codec), CLI show running-config on a ZXA10.
   */
  views(olt: string): Promise<OltConfig[]>;
  /** Is this OLT the lab's BBF OLT (device profile bbf-tr385)? */
  isBbf(olt: string): boolean;
  /**
   * A BBF OLT's running configuration read by ncclient and validated by yanglint against
   * ../shared/standards (libyang's errors; empty = valid) — no code of ours reads it.
   */
  bbf(olt: string): Promise<{ errors: string[]; running: string }>;
  /**
   * What the OLT holds, read from the simulator itself (no session, so also while it is "down"), as a
   * string to compare: a BBF OLT's running datastore as XML, a ZXA10 OLT's configuration sorted.
   */
  deviceState(olt: string): string;
  close(): Promise<void>;
}

export function findOnu(cfg: OltConfig, pon: string, onuId: number): VAni | undefined {
  return cfg.channelTerminations.find((c) => c.name === pon)?.onus.find((o) => o.onuId === onuId);
}

export interface EnvOptions {
  lab?: Lab;
  storeConfig?: StoreConfig;
  instanceId?: string;
  seed?: boolean;
  /** Retries go on at least this long after the first failure (default: the controller's, 1 h). */
  retryWindowMs?: number;
  /** The controller's clock (default: the wall clock). */
  clock?: Clock;
  /** Provisioning tuning (OLTs at once, orders per pass). */
  oltConcurrency?: number;
  claimLimit?: number;
  /** Wraps every driver the controller makes (tests watching what reaches the devices). */
  wrapDriver?: (d: OltDriver, olt: string) => OltDriver;
  /** The cluster's lease period (PONCTL_LEASE_MS; provisioning's order leases too). */
  leaseMs?: number;
}

/** The driver factory the controller would use for the lab's OLTs (registry.ts, the lab's credentials). */
function labDriverOptions(inv: LabInventory) {
  const vault = new CredentialVault();
  const c = inv.olts[0].credentials;
  vault.set(LAB_CREDENTIALS_REF, { username: c.username, password: c.password });
  return { vault, options: { connectTimeoutMs: 10_000, rpcTimeoutMs: 60_000 } };
}

/** The drivers the controller would make for the lab's OLTs, each wrapped. */
function wrappedLabDrivers(
  inv: LabInventory,
  wrap: (d: OltDriver, olt: string) => OltDriver,
): OltDriverFactory {
  const { vault, options } = labDriverOptions(inv);
  const make = driverFactory(vault, options);
  return (olt) => wrap(make(olt), olt.name);
}

/** A driver for one of the lab's OLTs, as the controller makes it. */
function labDriver(inv: LabInventory): (t: DriverTarget) => OltDriver {
  const { vault, options } = labDriverOptions(inv);
  return (t) => createDriver(t, vault, options);
}

export async function startProvisioningEnv(o: EnvOptions = {}): Promise<ProvisioningEnv> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-prov-'));
  const ownLab = !o.lab;
  const lab = o.lab ?? (await Lab.start({ olts: 2, profiles: ['bbf-tr385', 'zxa10-c300'] }));
  const inv = lab.inventory();
  const viewDriver = labDriver(inv);
  const env: NodeJS.ProcessEnv = {
    PONCTL_DATA_DIR: dir,
    PONCTL_LISTEN: '127.0.0.1:0',
    PONCTL_INSTANCE: o.instanceId ?? 'test-1',
  };
  if (o.storeConfig?.kind === 'postgres') env.PONCTL_STORE = o.storeConfig.url;
  if (o.leaseMs !== undefined) env.PONCTL_LEASE_MS = String(o.leaseMs);
  const config = loadConfig(env, dir);
  if (o.storeConfig) config.store = o.storeConfig;
  const store = await openStore(config.store);
  const now = o.clock?.now() ?? new Date();
  const seed = await seedDemo(store, { at: now, inventory: inv });
  const keys = await demoKeys(store, dir, now);
  const controller = await createLabController({
    config,
    store,
    clock: o.clock,
    inventory: inv,
    workers: false,
    ...(o.wrapDriver ? { adapters: { drivers: wrappedLabDrivers(inv, o.wrapDriver) } } : {}),
    provisioning: {
      driftCheckMs: 0,
      options: {
        ...(o.oltConcurrency !== undefined ? { oltConcurrency: o.oltConcurrency } : {}),
        ...(o.claimLimit !== undefined ? { claimLimit: o.claimLimit } : {}),
        workAhead: true,
        retryBaseMs: 30,
        retryMaxMs: 100,
        ...(o.retryWindowMs !== undefined ? { retryWindowMs: o.retryWindowMs } : {}),
      },
    },
  });
  await controller.app.ready();
  const auth = (k: string) => ({ authorization: `Bearer ${k}` });
  return {
    lab,
    store,
    controller,
    keys,
    addresses: seed.addresses,
    async order(spId, body) {
      const r = await controller.app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: auth(keys.sps[spId]),
        payload: body,
      });
      if (r.statusCode !== 202) throw new Error(`order rejected ${r.statusCode}: ${r.body}`);
      return r.json();
    },
    async getOrder(id) {
      const r = await controller.app.inject({
        method: 'GET',
        url: `/v1/orders/${id}`,
        headers: auth(keys.operator),
      });
      return r.json();
    },
    async views(name) {
      // the driver the controller makes for this OLT (registry.ts): on a ZXA10 the real dialect's
      // Zxa10CliDriver, reading `show running-config` over SSH and parsing it with its own reader;
      // on the BBF OLT NETCONF get-config in the BBF models
      const olt = inv.olts.find((x) => x.name === name)!;
      const d = viewDriver({
        name: olt.name,
        profile: olt.profile,
        host: olt.host,
        ports: olt.ports,
        credentialsRef: LAB_CREDENTIALS_REF,
        hostKey: { pinned: olt.hostKey },
      });
      await d.connect();
      try {
        return [await d.readConfig()];
      } finally {
        await d.close();
      }
    },
    isBbf(name) {
      return isBbfProfile(inv.olts.find((x) => x.name === name)!.profile);
    },
    deviceState(name) {
      const sim = lab.findOlt(name)!;
      if (isBbfProfile(sim.profile)) {
        const b = bbfOltOf(sim);
        return new XmlWriter(b.schema).document(b.ds.running);
      }
      // a ZXA10: the independent simulator's own running configuration, as it renders it
      const z = lab.labOlt(name)!.zxa10!;
      return (z.fam.id === 'c600' ? c600RunningConfig : c300RunningConfig)(z.fam, z.cfg).join('\n');
    },
    async bbf(name) {
      const olt = inv.olts.find((x) => x.name === name)!;
      const c = olt.credentials;
      return ncclientRunningValid({ port: olt.ports.netconf, username: c.username, password: c.password });
    },
    async close() {
      await controller.close();
      await store.close();
      if (ownLab) await lab.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A free demo address on `olt` whose ONT is in some SP's stock (existing installation: no visit). */
export function freeAddresses(env: ProvisioningEnv, olt: string, spId?: string): SeededAddress[] {
  return env.addresses.filter(
    (a) => a.olt === olt && a.stockOf && a.installation === 'existing' && (!spId || a.stockOf === spId),
  );
}

export const FULL = { internet: '300/150', iptv: 50, voip: '1/1', management: true };

export function activationBody(
  a: SeededAddress,
  services: Record<string, unknown> = FULL,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    form: 'BSNA',
    category: 'activation',
    address: a.address,
    contact: { name: 'Test Subscriber', phone: '+385 1 555 0100' },
    ownerInstallsHome: false,
    ontSerial: a.serial,
    accessLevel: 'regional',
    services,
    ...extra,
  };
}
