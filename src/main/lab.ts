/**
 * The simulated lab as the composition root plugs it in (design §3: `npm start` is the controller and
 * a lab of 2 OLTs): the lab is started from simulators/ (when the checkout has them), its OLTs fill
 * the OLT registry — the first driven over NETCONF, the second over the ZXA10 CLI, as each device
 * profile prefers — and become monitoring targets; field work is done at once through its control
 * endpoint, and its OLTs send their traps to the controller's receiver.
 */
import { existsSync, readFileSync } from 'node:fs';
import { LabFieldWork } from '../adapters/driven/lab/lab-field-work.ts';
import { CredentialVault } from '../adapters/driven/olt/credential-vault.ts';
import type { OltTarget } from '../application/ports/telemetry.ts';
import type { Store } from '../application/ports/store/index.ts';
import type { LabInventory, LabInventoryOlt } from '../../simulators/lab/inventory.ts';
import type { Config } from './config.ts';
import { createController, type Controller, type ControllerOptions } from './controller.ts';

export type { LabInventory } from '../../simulators/lab/inventory.ts';

/** The lab's OLTs share one login; the registry stores only this reference to it. */
export const LAB_CREDENTIALS_REF = 'lab';

export interface RunningLab {
  inventory(): LabInventory;
  close(): Promise<void>;
}

const LAB_MODULE = new URL('../../simulators/lab/index.ts', import.meta.url);

/**
 * Starts the lab of design §3 unless the configuration says not to (`PONCTL_LAB=0`) or there is none;
 * with `PONCTL_LAB_INVENTORY` the lab runs in its own process and is only reached (never closed here).
 */
export async function startLab(config: Config): Promise<RunningLab | undefined> {
  if (config.labInventory) {
    const inv = readLabInventory(config.labInventory);
    return { inventory: () => inv, close: async () => undefined };
  }
  if (!config.lab || !existsSync(LAB_MODULE)) return undefined;
  const { Lab } = (await import(LAB_MODULE.href)) as {
    Lab: { start(o: { dataDir: string }): Promise<RunningLab> };
  };
  return Lab.start({ dataDir: config.dataDir });
}

/** A lab inventory file (design §3's JSON object: `lab.json`, or `ponctl lab --json`'s first line). */
export function readLabInventory(file: string): LabInventory {
  let inv: LabInventory;
  try {
    inv = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]) as LabInventory;
  } catch (e) {
    throw new Error(`cannot read the lab inventory ${file}: ${(e as Error).message}`);
  }
  if (typeof inv?.control !== 'string' || !Array.isArray(inv.olts))
    throw new Error(`${file} is not a lab inventory (no control URL or OLT list)`);
  return inv;
}

/**
 * Fills the OLT registry from the lab's inventory. A freshly started lab holds no configuration, and
 * a lab in its own process holds whatever it held when the controller stopped (or was killed), so
 * every OLT is flagged for reconciliation: the first provisioning pass reads it back and brings it
 * to what the store knows (demo seed, completed orders).
 */
export async function registerLabOlts(
  store: Store,
  vault: CredentialVault,
  inv: Pick<LabInventory, 'olts'>,
  at: string,
): Promise<string[]> {
  for (const o of inv.olts) {
    vault.set(LAB_CREDENTIALS_REF, { username: o.credentials.username, password: o.credentials.password });
    await store.olts.upsert(
      { name: o.name, profile: o.profile, host: o.host, ports: o.ports, credentialsRef: LAB_CREDENTIALS_REF },
      at,
    );
    // issue 14 item 2: the lab's OLTs are pinned automatically (their key is in the inventory)
    if (o.hostKey) await store.olts.setHostKey(o.name, { pinned: o.hostKey }, at);
    await store.olts.setNeedsReconciliation(
      o.name,
      'controller started: the simulated OLT is read back and brought to intent',
      at,
    );
  }
  return inv.olts.map((o) => o.name);
}

/** Monitoring targets for every OLT of a lab inventory. */
export function targetsFromInventory(
  olts: readonly LabInventoryOlt[],
  opts: { version?: 'v2c' | 'v3'; omci?: boolean; timeoutMs?: number } = {},
): OltTarget[] {
  return olts.map((o) => ({
    name: o.name,
    profile: o.profile,
    host: o.host,
    // issue 14 item 2: monitoring's SSH reads verify the same pinned key as provisioning
    hostKey: o.hostKey,
    snmp: {
      port: o.ports.snmp,
      version: opts.version ?? 'v2c',
      community: o.credentials.community,
      timeoutMs: opts.timeoutMs,
      v3: {
        user: o.snmpV3.user,
        authKey: o.snmpV3.authKey,
        privKey: o.snmpV3.privKey,
        authProtocol: o.snmpV3.authProtocol,
        privProtocol: o.snmpV3.privProtocol,
      },
    },
    ssh: { port: o.ports.netconf, username: o.credentials.username, password: o.credentials.password },
    netconf: { port: o.ports.netconf, username: o.credentials.username, password: o.credentials.password },
    // the OLT's OMCI endpoint and, per PON, the channel termination that addresses it (design §3)
    omci: opts.omci
      ? {
          port: o.ports.omci,
          channelTerminations: o.pons.map((p) => ({
            pon: p.port,
            name: p.channelTermination,
            ...(p.omciMic && p.ponTag ? { mic: { ponTag: p.ponTag } } : {}),
          })),
        }
      : undefined,
    engineID: o.snmpV3.engineID,
  }));
}

/** Asks the lab to send its OLTs' v2c traps to `port` on this host (the controller's receiver). */
export async function sendLabTrapsTo(inv: LabInventory, port: number): Promise<void> {
  const community = inv.olts[0]?.credentials.community ?? 'public';
  await fetch(`${inv.control}/trap-receivers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ host: '127.0.0.1', port, version: 'v2c', community }),
  }).catch(() => undefined);
}

export interface LabControllerOptions extends Omit<ControllerOptions, 'oltProfiles' | 'provisioning'> {
  /** The running lab; its OLTs are registered and driven. */
  inventory: LabInventory;
  store: Store;
  /** Field work done at once through the lab's control endpoint (design §3; default true). */
  fieldWork?: boolean;
  provisioning?: Omit<NonNullable<ControllerOptions['provisioning']>, 'vault' | 'fieldWork'>;
}

/**
 * A controller that drives the lab's OLTs: the OLT registry filled from the inventory (credentials in
 * a vault of its own), device profiles per OLT, field work at once unless turned off.
 */
export async function createLabController(o: LabControllerOptions): Promise<Controller> {
  const { inventory, fieldWork, provisioning, ...rest } = o;
  const vault = new CredentialVault();
  const at = (o.clock?.now() ?? new Date()).toISOString();
  await registerLabOlts(o.store, vault, inventory, at);
  // a lab spread over several processes: each OLT's field work goes to its own process
  const controls = new Map(inventory.olts.flatMap((x) => (x.control ? [[x.name, x.control]] : [])));
  return createController({
    ...rest,
    oltProfiles: new Map(inventory.olts.map((x) => [x.name, x.profile])),
    provisioning: {
      ...provisioning,
      vault,
      fieldWork:
        fieldWork === false ? undefined : new LabFieldWork(inventory.control, (olt) => controls.get(olt)),
    },
  });
}
