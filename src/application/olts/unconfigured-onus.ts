/**
 * Unconfigured ONUs (issue 14 item 5): what every OLT of the registry sees on its PON ports but holds
 * no configuration for — ZXA10 `show gpon onu uncfg` / `show pon onu uncfg` (docs/zxa10-dialect.md
 * §4.3), the BBF models' ONU state (an ONU present without a v-ANI, docs/bbf-mapping.md) — read
 * through each OLT's driver, so every family is covered by the driver port's
 * `readUnconfiguredOnus`. Each one is matched to the open order that names its serial (the SP's
 * pending activation, or the serial a technician recorded): that order proceeds through the usual
 * provisioning pass once its field work is done (field-work.ts), so nothing here writes.
 *
 * First seen: the OLT's own instant when it gives one, else the first time this instance listed it
 * (kept while the ONU stays unconfigured; a restart starts the clock again — said in the view).
 */
import type { OltRecord, OrderRecord, Store } from '../ports/store/index.ts';
import type { OltDriver, UnconfiguredOnu } from '../ports/olt-driver/olt-driver.ts';
import { OPEN_ORDER_STATES } from '../ports/store/orders.ts';
import type { Clock } from '../ports/clock.ts';
import { reservedOntSerial } from '../../domain/orders/types.ts';
import { fieldWorkOf } from '../orders/order-detail.ts';
import { awaitingFieldWork } from '../provisioning/field-work.ts';

export interface UnconfiguredOnuView {
  olt: string;
  pon: string;
  serial: string;
  /** ISO instant; `firstSeenBy` says whose. */
  firstSeen: string;
  firstSeenBy: 'olt' | 'controller';
  rxDbm?: number;
  model?: string;
  onuIdHint?: number;
  /** The open order naming this serial, if any. */
  matchedOrder?: {
    id: string;
    spId: string;
    category: string;
    state: string;
    /** False while the order waits for its technician (it proceeds once field work is recorded). */
    fieldWorkDone: boolean;
  };
}

export interface UnconfiguredScan {
  onus: UnconfiguredOnuView[];
  /** Per OLT: whether it could be read, and why not. */
  olts: { olt: string; ok: boolean; count: number; error?: { code: string; message: string } }[];
}

export interface UnconfiguredDeps {
  store: Store;
  clock: Clock;
  /** A connected driver for the OLT (the device pool). */
  driver(olt: string): Promise<OltDriver>;
  /** Runs a device read as the OLT's only user of its session (the OLT's write lock). */
  withOlt<T>(olt: string, fn: () => Promise<T>): Promise<T>;
  /** May the controller talk to this OLT now (trusted host key, not in maintenance)? */
  usable?(o: OltRecord): { ok: true } | { ok: false; code: string; message: string };
}

const errorOf = (e: unknown): { code: string; message: string } => {
  const x = e as { code?: unknown; message?: unknown };
  return { code: typeof x?.code === 'string' ? x.code : 'internal', message: String(x?.message ?? e) };
};

/** Open orders by the ONT serial they name (the SP's, or the one recorded at the visit). */
function ordersBySerial(orders: readonly OrderRecord[]): Map<string, OrderRecord> {
  const out = new Map<string, OrderRecord>();
  for (const o of orders) {
    for (const s of [reservedOntSerial(o.input), fieldWorkOf(o)?.ontSerial])
      if (s && !out.has(s.toUpperCase())) out.set(s.toUpperCase(), o);
  }
  return out;
}

export class UnconfiguredOnus {
  /** `olt|serial` → first seen by this instance. */
  private readonly seen = new Map<string, string>();

  constructor(private readonly d: UnconfiguredDeps) {}

  async scan(only?: string): Promise<UnconfiguredScan> {
    const olts = (await this.d.store.olts.list()).filter((o) => !only || o.name === only);
    const per = await Promise.all(olts.map((o) => this.readOlt(o)));
    const open = ordersBySerial(await this.d.store.orders.list({ states: OPEN_ORDER_STATES }));
    const now = this.d.clock.now().toISOString();
    const onus: UnconfiguredOnuView[] = [];
    const present = new Set<string>();
    for (const [i, r] of per.entries()) {
      const olt = olts[i].name;
      for (const u of r.onus ?? []) {
        const k = `${olt}|${u.serial}`;
        present.add(k);
        if (!this.seen.has(k)) this.seen.set(k, now);
        onus.push(this.view(olt, u, this.seen.get(k) ?? now, open.get(u.serial.toUpperCase())));
      }
    }
    // forget ONUs gone from an OLT that answered (configured or unplugged); keep the others
    const answered = new Set(per.flatMap((r, i) => (r.onus ? [olts[i].name] : [])));
    for (const k of this.seen.keys())
      if (answered.has(k.split('|')[0]) && !present.has(k)) this.seen.delete(k);
    onus.sort(
      (a, b) => a.olt.localeCompare(b.olt) || a.pon.localeCompare(b.pon) || a.serial.localeCompare(b.serial),
    );
    return {
      onus,
      olts: per.map((r, i) => ({
        olt: olts[i].name,
        ok: !!r.onus,
        count: r.onus?.length ?? 0,
        ...(r.error ? { error: r.error } : {}),
      })),
    };
  }

  private async readOlt(
    o: OltRecord,
  ): Promise<{ onus?: UnconfiguredOnu[]; error?: { code: string; message: string } }> {
    const usable = this.d.usable?.(o) ?? { ok: true };
    if (!usable.ok) return { error: { code: usable.code, message: usable.message } };
    try {
      const onus = await this.d.withOlt(o.name, async () =>
        (await this.d.driver(o.name)).readUnconfiguredOnus(),
      );
      return { onus };
    } catch (e) {
      return { error: errorOf(e) };
    }
  }

  private view(olt: string, u: UnconfiguredOnu, seen: string, order?: OrderRecord): UnconfiguredOnuView {
    return {
      olt,
      pon: u.pon,
      serial: u.serial,
      firstSeen: u.firstSeen ?? seen,
      firstSeenBy: u.firstSeen ? 'olt' : 'controller',
      ...(u.rxDbm !== undefined ? { rxDbm: u.rxDbm } : {}),
      ...(u.model ? { model: u.model } : {}),
      ...(u.onuIdHint !== undefined ? { onuIdHint: u.onuIdHint } : {}),
      ...(order
        ? {
            matchedOrder: {
              id: order.id,
              spId: order.spId,
              category: order.category,
              state: order.state,
              fieldWorkDone: !awaitingFieldWork(order),
            },
          }
        : {}),
    };
  }
}
