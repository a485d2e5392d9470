/**
 * What carrying out one order means for the devices and for the store (issue 5 item 10): the ONU
 * positions it touches with the subscriber intent each must hold afterwards (null = no v-ANI), and
 * the store changes that follow once the device configuration is verified. Read-only until then:
 * `commit` runs in the completing transaction, after verification (an order completes ONLY then).
 *
 * Categories (spec §3): activation, move, add/remove service, speed change, SL reactivation,
 * technology change (BSNA); permanent and temporary (SL) deactivation (BSND). Temporary
 * disconnection keeps the channels and suspends them (adminState 'suspended'), never deletes them.
 * Of the SBSN faults only the ONT replacement touches the device (spec §4): the new serial is
 * authorised in place of the old one; the other faults are field work on their ticket.
 */
import type { AccessPatch, AccessRecord, OrderRecord, Store } from '../ports/store/index.ts';
import { addressKey } from '../ports/store/index.ts';
import {
  REFERENCE_ONT_PROFILE,
  type DeviceCatalogue,
  type DeviceProfile,
} from '../ports/device-catalogue.ts';
import { DomainError } from '../../domain/errors.ts';
import { MULTI_GIG_RATE, type ServiceSelection } from '../../domain/catalogue/catalogue.ts';
import {
  type OrderInput,
  type Category,
  BSNA_CATEGORIES,
  BSND_CATEGORIES,
} from '../../domain/orders/types.ts';
import { vlanPlanFor, vlanBaseForSpIndex, type SubscriberIntent } from '../../domain/provisioning/index.ts';
import { applyOrderToServices } from '../../domain/subscribers/services.ts';
import { openOntReturn } from '../lifecycle/ont-returns.ts';
import { closeTicketAfterDeviceWork } from '../sla/fault-tickets.ts';
import { fieldWorkOf, servicesAfterOf, slEndsOnOf } from '../orders/order-detail.ts';

/**
 * Categories provisioning carries to the device. SBSN fault tickets are field work, not config —
 * except the ONT replacement (spec §4), whose new serial must be authorised on the OLT.
 */
export const PROVISIONED_CATEGORIES: readonly Category[] = [
  ...BSNA_CATEGORIES,
  ...BSND_CATEGORIES,
  'ont-replacement',
];

export interface OnuTarget {
  olt: string;
  pon: string;
  onuId: number;
  /** What the ONU must carry afterwards; null = nothing (v-ANI deleted). */
  intent: SubscriberIntent | null;
}

export type { FieldWorkRecord } from '../ports/store/index.ts';

/**
 * Store changes of an order that are rows alike across orders (an activation's): commitPlans writes
 * those of a whole batch with one statement each; `commit` writes the same for one order.
 */
export interface PlanEffects {
  access: { adapterId: string; patch: AccessPatch };
  /** The stock record of the installed ONT moves to 'installed' (spec §7), when it is the SP's stock. */
  install?: { serial: string; adapterId: string };
}

export interface OrderPlan {
  order: OrderRecord;
  targets: OnuTarget[];
  /** The physical ONT the order needs at a position (lab stand-in installs it; elsewhere a technician). */
  ont?: { olt: string; pon: string; onuId: number; serial?: string };
  /** Store changes after verification (same transaction as the completion). */
  commit(tx: Store, at: string): Promise<void>;
  /** When set, `commit` writes exactly these (commitPlans batches them). */
  effects?: PlanEffects;
  /** Words for the completion event. */
  summary: string;
}

/** OLT-side ONT type name of the reference ONT profile (design §6: ZTE ZXHN F601). */
export function onuTypeOf(devices: DeviceCatalogue, ontProfile = REFERENCE_ONT_PROFILE): string {
  return (devices.profile(ontProfile)?.model ?? 'ZXHN F601').replace(/\s+/g, '-');
}

/** What planning reads of the devices: an OLT's profile (capabilities) and the ONT type OLTs authorise. */
export interface PlanDevices {
  /** The device profile of an OLT of the registry; undefined when unknown. */
  oltProfile(olt: string): DeviceProfile | undefined;
  /** OLT-side type name of the reference ONT (onuTypeOf). */
  readonly onuType: string;
}

export { fieldWorkOf };

/** VLAN bases never change once allocated: remembered per store (a transaction's store is its own). */
const vlanBases = new WeakMap<Store, Map<string, number>>();

async function vlanBaseOf(store: Store, spId: string, at: string): Promise<number> {
  const key = store;
  let m = vlanBases.get(key);
  if (!m) {
    m = new Map();
    vlanBases.set(key, m);
  }
  let b = m.get(spId);
  if (b === undefined) {
    b = await store.provisioning.vlanBase(spId, at, vlanBaseForSpIndex);
    m.set(spId, b);
  }
  return b;
}

/** The subscriber intent of an access (with the services / state given). */
export async function intentOf(
  store: Store,
  onuType: string,
  a: Pick<AccessRecord, 'adapterId' | 'spId' | 'olt' | 'pon' | 'onuId' | 'ontSerial'>,
  services: ServiceSelection,
  suspended: boolean,
  at: string,
): Promise<SubscriberIntent> {
  if (!a.ontSerial)
    throw new DomainError(
      'ONT_SERIAL_REQUIRED',
      `${a.adapterId}: no ONT serial known (field work not recorded)`,
    );
  const base = await vlanBaseOf(store, a.spId, at);
  return {
    adapterId: a.adapterId,
    port: { olt: a.olt, pon: a.pon, onuId: a.onuId },
    ontSerial: a.ontSerial.toUpperCase(),
    onuType,
    services,
    vlans: vlanPlanFor(base),
    suspended,
  };
}

/** spec §2 footnote: 2000/1000 only on migrated OLTs (device profile capability), checked before planning. */
export function checkCapabilities(
  services: ServiceSelection,
  olt: string,
  profile: DeviceProfile | undefined,
): void {
  if (services.internet !== MULTI_GIG_RATE) return;
  if (profile?.capabilities?.rates2000 !== true) {
    throw new DomainError(
      'RATE_NOT_SUPPORTED_BY_OLT',
      `${olt} (${profile?.name ?? 'unknown profile'}) cannot carry ${MULTI_GIG_RATE}`,
      'services.internet',
    );
  }
}

/**
 * Accesses read for a whole pass at once (provisioning-service.ts): planning looks there first and
 * reads the store only for an access not in it.
 */
export type KnownAccesses = ReadonlyMap<string, AccessRecord>;

async function accessOf(
  store: Store,
  adapterId: string | undefined,
  known?: KnownAccesses,
): Promise<AccessRecord> {
  const a = adapterId ? (known?.get(adapterId) ?? (await store.accesses.get(adapterId))) : undefined;
  if (!a) throw new DomainError('ADAPTER_ID_UNKNOWN', `no access ${adapterId ?? '(none)'}`);
  return a;
}

function servicesAfter(order: OrderRecord, current: ServiceSelection): ServiceSelection {
  const fromIntake = servicesAfterOf(order);
  if (fromIntake) return fromIntake;
  const v = applyOrderToServices(current, order.input);
  if (!v.ok) throw new DomainError(v.code, v.message, v.field);
  return v.value;
}

function serialOf(input: OrderInput): string | undefined {
  return 'ontSerial' in input && input.ontSerial ? input.ontSerial.toUpperCase() : undefined;
}

/** The stock record of an installed ONT moves to 'installed' (spec §7), when the SP drew it from stock. */
async function installStock(
  tx: Store,
  serial: string | undefined,
  adapterId: string,
  at: string,
): Promise<void> {
  if (!serial) return;
  const s = await tx.stock.get(serial);
  if (s && s.state !== 'installed') await tx.stock.setState(serial, 'installed', at, { adapterId });
}

async function applyEffects(tx: Store, effects: readonly PlanEffects[], at: string): Promise<void> {
  if (!effects.length) return;
  await tx.accesses.updateMany(
    effects.map((e) => e.access),
    at,
  );
  const installs = effects.flatMap((e) => (e.install ? [e.install] : []));
  if (installs.length) await tx.stock.setStateMany(installs, 'installed', at);
}

/**
 * The store changes of verified plans, in the completing transaction: plans with `effects` together
 * (one statement per kind of row, issue 16 item 3), the others each by its `commit`.
 */
export async function commitPlans(tx: Store, plans: readonly OrderPlan[], at: string): Promise<void> {
  await applyEffects(
    tx,
    plans.flatMap((p) => (p.effects ? [p.effects] : [])),
    at,
  );
  for (const p of plans) if (!p.effects) await p.commit(tx, at);
}

/**
 * The plan of one order. Throws DomainError when the order cannot be carried out as stored (the
 * access vanished, a capability is missing): that is a permanent failure, not a device error.
 */
export async function planOrder(
  store: Store,
  order: OrderRecord,
  devices: PlanDevices,
  at: string,
  known?: KnownAccesses,
): Promise<OrderPlan> {
  const input = order.input;
  const fw = fieldWorkOf(order);
  switch (input.category) {
    case 'activation': {
      const a = await accessOf(store, order.adapterId, known);
      const serial = a.ontSerial ?? fw?.ontSerial;
      checkCapabilities(a.services, a.olt, devices.oltProfile(a.olt));
      const intent = serial
        ? await intentOf(store, devices.onuType, { ...a, ontSerial: serial }, a.services, false, at)
        : null;
      const effects: PlanEffects = {
        access: { adapterId: a.adapterId, patch: { state: 'active', ontSerial: serial } },
        ...(serial ? { install: { serial, adapterId: a.adapterId } } : {}),
      };
      return {
        order,
        targets: intent ? [{ olt: a.olt, pon: a.pon, onuId: a.onuId, intent }] : [],
        ont: { olt: a.olt, pon: a.pon, onuId: a.onuId, serial: a.ontSerial },
        summary: `activated ${a.adapterId} on ${a.olt} ${a.pon}:${a.onuId}`,
        effects,
        commit: (tx, t) => applyEffects(tx, [effects], t),
      };
    }
    case 'move':
    case 'technology-change': {
      const old = await accessOf(store, input.adapterId, known);
      const newId = order.adapterId ?? old.adapterId;
      const cov = input.category === 'move' ? await store.coverage.findByAddress(input.address) : undefined;
      if (input.category === 'move' && !cov)
        throw new DomainError('ADDRESS_NOT_COVERED', 'the new address is not covered', 'address');
      const port = cov
        ? { olt: cov.olt, pon: cov.pon, onuId: cov.onuId }
        : { olt: old.olt, pon: old.pon, onuId: old.onuId };
      const services = input.services ? { ...input.services } : old.services;
      const serial =
        serialOf(input) ?? fw?.ontSerial ?? (input.category === 'move' ? undefined : old.ontSerial);
      checkCapabilities(services, port.olt, devices.oltProfile(port.olt));
      const samePort = port.olt === old.olt && port.pon === old.pon && port.onuId === old.onuId;
      const targets: OnuTarget[] = [];
      if (!samePort) targets.push({ olt: old.olt, pon: old.pon, onuId: old.onuId, intent: null });
      if (serial) {
        targets.push({
          ...port,
          intent: await intentOf(
            store,
            devices.onuType,
            { adapterId: newId, spId: old.spId, ...port, ontSerial: serial },
            services,
            false,
            at,
          ),
        });
      }
      const technology = input.category === 'technology-change' ? input.technology : old.technology;
      return {
        order,
        targets,
        ont: { ...port, serial: serialOf(input) },
        summary: `${input.category} of ${old.adapterId}${newId !== old.adapterId ? ` → ${newId}` : ''} to ${port.olt} ${port.pon}:${port.onuId}`,
        async commit(tx, t) {
          if (newId === old.adapterId) {
            if (cov)
              await tx.provisioning.moveAccess(
                old.adapterId,
                {
                  ...port,
                  addressKey: cov.addressKey ?? addressKey(input.category === 'move' ? input.address : cov),
                },
                t,
              );
            await tx.accesses.update(old.adapterId, { state: 'active', services, ontSerial: serial }, t);
          } else {
            // spec §3: a new AdapterID — the old access ends, a new one carries the services
            await tx.accesses.update(old.adapterId, { state: 'deactivated' }, t);
            await tx.accesses.insert({
              adapterId: newId,
              spId: old.spId,
              addressKey: cov?.addressKey ?? old.addressKey,
              ...port,
              technology,
              state: 'active',
              services,
              accessLevel: old.accessLevel,
              ontSerial: serial,
              slStarts: old.slStarts,
              orderId: order.id,
              createdAt: t,
              updatedAt: t,
            });
          }
          await installStock(tx, serial, newId, t);
        },
      };
    }
    case 'add-service':
    case 'remove-service':
    case 'speed-change':
    case 'sl-reactivation': {
      const a = await accessOf(store, input.adapterId, known);
      const services = servicesAfter(order, a.services);
      checkCapabilities(services, a.olt, devices.oltProfile(a.olt));
      // spec §3: an order on a line in SL is treated as on an active one; afterwards it is active
      const intent = await intentOf(store, devices.onuType, a, services, false, at);
      return {
        order,
        targets: [{ olt: a.olt, pon: a.pon, onuId: a.onuId, intent }],
        summary: `${input.category} on ${a.adapterId}`,
        async commit(tx, t) {
          await tx.accesses.update(
            a.adapterId,
            {
              state: 'active',
              services,
              ...(a.state === 'temporarily-disconnected' ? { slUntil: undefined } : {}),
            },
            t,
          );
        },
      };
    }
    case 'permanent': {
      const a = await accessOf(store, input.adapterId, known);
      return {
        order,
        targets: [{ olt: a.olt, pon: a.pon, onuId: a.onuId, intent: null }],
        summary: `permanent deactivation of ${a.adapterId}: v-ANI removed`,
        async commit(tx, t) {
          await tx.accesses.update(a.adapterId, { state: 'deactivated' }, t);
        },
      };
    }
    case 'temporary-3m':
    case 'temporary-6m': {
      const a = await accessOf(store, input.adapterId, known);
      const intent = await intentOf(store, devices.onuType, a, a.services, true, at);
      const slEndsOn = slEndsOnOf(order);
      return {
        order,
        targets: [{ olt: a.olt, pon: a.pon, onuId: a.onuId, intent }],
        summary: `temporary disconnection of ${a.adapterId}: channels suspended${slEndsOn ? ` until ${slEndsOn}` : ''}`,
        async commit(tx, t) {
          await tx.accesses.update(
            a.adapterId,
            {
              state: 'temporarily-disconnected',
              slStarts: [...a.slStarts, order.plannedDate ?? t.slice(0, 10)],
              slUntil: slEndsOn,
            },
            t,
          );
        },
      };
    }
    case 'ont-replacement': {
      // spec §4: the SP installs the new ONT and sends its serial (validated against its stock at
      // intake, spec §7); the v-ANI keeps its position and services, only the expected serial changes
      const a = await accessOf(store, input.adapterId, known);
      const serial = input.newOntSerial?.toUpperCase() ?? fw?.ontSerial;
      if (!serial)
        throw new DomainError(
          'ONT_SERIAL_REQUIRED',
          'an ONT replacement carries the new ONT serial',
          'newOntSerial',
        );
      const old = a.ontSerial?.toUpperCase();
      const pos = { olt: a.olt, pon: a.pon, onuId: a.onuId };
      const intent = await intentOf(
        store,
        devices.onuType,
        { ...a, ontSerial: serial },
        a.services,
        a.state === 'temporarily-disconnected',
        at,
      );
      return {
        order,
        targets: [{ ...pos, intent }],
        ont: { ...pos, serial },
        summary: `ONT of ${a.adapterId} replaced on ${a.olt} ${a.pon}:${a.onuId}: ${old ?? '(none)'} → ${serial}`,
        async commit(tx, t) {
          await tx.accesses.update(a.adapterId, { ontSerial: serial }, t);
          await installStock(tx, serial, a.adapterId, t);
          // spec §7: the replaced ONT goes back to the warehouse within 90 days (return-due, notices)
          if (old && old !== serial)
            await openOntReturn(
              tx,
              { serial: old, spId: a.spId, adapterId: a.adapterId, reason: 'replaced' },
              t,
            );
          // the order completes with this transaction; the ticket's close does not move it (order-follows-ticket.ts)
          await closeTicketAfterDeviceWork(
            tx,
            order,
            t,
            `ONT ${serial} authorised on ${a.olt} ${a.pon}:${a.onuId} in place of ${old ?? '(none)'}; configuration read back and verified`,
          );
        },
      };
    }
    default:
      throw new DomainError('INVALID_STATE', `category ${input.category} is not carried out by provisioning`);
  }
}
