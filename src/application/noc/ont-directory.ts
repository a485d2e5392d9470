/**
 * The NOC's directory of ONTs (issue 15 items 2–4): the ONTs monitoring knows joined with what the
 * store says about the access on each port — AdapterID, SP, address, services — so one search box
 * finds an ONT by serial, AdapterID, address, SP or OLT/PON/ONU position, the inventory drills down
 * OLT → PON → ONT, and the ONT page shows its customer side (services with VLANs and rates, orders,
 * incident history). An SP key searches only its own accesses (design §4).
 */
import { channelRates } from '../../domain/catalogue/catalogue.ts';
import { vlanPlanFor, vlanBaseForSpIndex } from '../../domain/provisioning/vlan-plan.ts';
import type { Channel } from '../../domain/olt-config/model.ts';
import { requireOperator, type Principal } from '../access/principal.ts';
import type { MonitoringService } from '../monitoring/monitoring-service.ts';
import { ontTruth } from '../monitoring/ont-truth.ts';
import { pageOf, type Page, type PageRequest } from '../pagination.ts';
import type { AccessRecord, Store } from '../ports/store/index.ts';

export interface OntRow {
  olt: string;
  pon: string;
  onuId: number;
  adapterId?: string;
  serial?: string;
  sp?: string;
  /** `street number[, flat], city` of the access on this port. */
  address?: string;
  /** Shown state: `unknown` when the OLT cannot be read now (ont-truth.ts). */
  state: string;
  stale: boolean;
  lastSeenAt?: string;
  rxDbm?: number | null;
  /** What the search matched (serial, adapterId, address, sp, position); absent on a plain list. */
  matched?: string;
}

export interface OntQuery extends PageRequest {
  /** Free text: serial, AdapterID, address, SP, or a position (`olt-1 1/1/2:5`, `1/1/2 5`). */
  q?: string;
  olt?: string;
  pon?: string;
}

export interface ServiceLine {
  channel: Channel;
  vlan: number;
  downMbps: number;
  upMbps: number;
}

export interface OntContext {
  access?: {
    adapterId: string;
    sp: string;
    spName?: string;
    state: string;
    address: string;
    services: ServiceLine[];
  };
  orders: { id: string; state: string; category: string; receivedAt: string; plannedDate?: string }[];
  incidents: { id: string; cause: string; status: string; start: string; end?: string; summary?: string }[];
}

/** `city|street|number[|flat]` → `street number[, flat], city`. */
export function addressText(key: string): string {
  const [city, street, number, flat] = key.split('|');
  const title = (s = '') =>
    s.replace(/(^|[\s-])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase());
  return `${title(street)} ${number ?? ''}${flat ? `, ${flat}` : ''}, ${title(city)}`;
}

const norm = (s: string) =>
  s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[,\s]+/g, ' ')
    .trim();
const posKey = (olt: string, pon: string, onuId: number) => `${olt}|${pon}|${onuId}`;
/** `[olt ]r/s/p[:| ]onu` */
const POSITION = /^(?:(\S+)\s+)?(\d+\/\d+\/\d+)(?:[:\s]+(\d+))?$/;

export class OntDirectory {
  constructor(
    private readonly store: Store,
    private readonly monitoring: MonitoringService,
  ) {}

  /** GET /v1/onts: ONTs by free text or place, a page at a time, ordered by position. */
  async list(p: Principal, q: OntQuery): Promise<Page<OntRow>> {
    const accesses =
      p.role === 'sp'
        ? await this.store.accesses.listBySp(p.spId, 1_000_000)
        : await this.store.accesses.list({ limit: 1_000_000 });
    const live = accesses.filter((a) => a.state !== 'deactivated');
    const byPort = new Map(live.map((a) => [posKey(a.olt, a.pon, a.onuId), a]));
    const rows = new Map<string, OntRow>();
    // an SP sees the ports of its own accesses only; an operator every ONT monitoring knows as well
    if (p.role === 'operator')
      for (const [k, o] of this.monitoring.onts) rows.set(k, this.row(o.olt, o.pon, o.onuId, byPort.get(k)));
    for (const [k, a] of byPort) if (!rows.has(k)) rows.set(k, this.row(a.olt, a.pon, a.onuId, a));
    let list = [...rows.values()].filter((r) => (!q.olt || r.olt === q.olt) && (!q.pon || r.pon === q.pon));
    if (q.q?.trim()) list = list.flatMap((r) => matchOf(r, q.q!.trim()));
    return pageOf(list, q, (r) => [r.olt, r.pon, r.onuId], { defaultLimit: 100, maxLimit: 1000 });
  }

  private row(olt: string, pon: string, onuId: number, a: AccessRecord | undefined): OntRow {
    const o = this.monitoring.onts.get(posKey(olt, pon, onuId));
    const truth = o ? ontTruth(o, this.monitoring.reachable.get(olt)) : undefined;
    return {
      olt,
      pon,
      onuId,
      adapterId: a?.adapterId ?? o?.adapterId,
      serial: o?.serial ?? a?.ontSerial,
      sp: a?.spId,
      address: a ? addressText(a.addressKey) : undefined,
      state: truth?.state ?? 'unknown',
      stale: truth?.stale ?? false,
      lastSeenAt: truth?.lastSeenAt,
      rxDbm: o?.rxDbm ?? null,
    };
  }

  /** The address as the coverage register writes it (the key is lower case), else from the key. */
  private async addressOf(key: string): Promise<string> {
    const c = await this.store.coverage.get(key);
    return c ? `${c.street} ${c.number}${c.flat ? `, ${c.flat}` : ''}, ${c.city}` : addressText(key);
  }

  /** The customer side of the ONT on a port: its access, services with VLANs and rates, orders, incidents. */
  async context(p: Principal, olt: string, pon: string, onuId: number): Promise<OntContext> {
    requireOperator(p, 'ONT');
    const a = await this.store.accesses.liveAtPort(olt, pon, onuId);
    let access: OntContext['access'];
    if (a) {
      const sp = await this.store.sps.get(a.spId);
      // the SP's VLAN base was allocated when its first access was provisioned (order-plan.ts)
      const vlans = vlanPlanFor(
        await this.store.provisioning.vlanBase(a.spId, new Date().toISOString(), vlanBaseForSpIndex),
      );
      const rates = channelRates(a.services);
      access = {
        adapterId: a.adapterId,
        sp: a.spId,
        spName: sp?.name,
        state: a.state,
        address: await this.addressOf(a.addressKey),
        services: (Object.keys(rates) as Channel[]).map((c) => ({
          channel: c,
          vlan: vlans[c],
          ...rates[c]!,
        })),
      };
    }
    const orders = a ? await this.store.orders.list({ adapterId: a.adapterId, limit: 50 }) : [];
    const incidents = (await this.store.incidents.list({ olt, limit: 500 })).filter((i) =>
      i.affected.some((x) => x.pon === pon && x.onuId === onuId),
    );
    return {
      access,
      orders: orders.map((o) => ({
        id: o.id,
        state: o.state,
        category: o.category,
        receivedAt: o.receivedAt,
        plannedDate: o.plannedDate,
      })),
      incidents: incidents.slice(0, 50).map((i) => ({
        id: i.id,
        cause: i.cause,
        status: i.status,
        start: i.start,
        end: i.end,
        summary: i.summary,
      })),
    };
  }
}

/** The row when the text matches it (with what matched), else nothing. */
function matchOf(r: OntRow, text: string): OntRow[] {
  const t = norm(text);
  const pos = POSITION.exec(text.trim());
  if (pos && (!pos[1] || pos[1] === r.olt) && pos[2] === r.pon && (!pos[3] || Number(pos[3]) === r.onuId))
    return [{ ...r, matched: 'position' }];
  if (r.serial && r.serial.toLowerCase() === t) return [{ ...r, matched: 'serial' }];
  if (r.adapterId && r.adapterId.toLowerCase().startsWith(t)) return [{ ...r, matched: 'adapterId' }];
  if (r.sp && r.sp.toLowerCase() === t) return [{ ...r, matched: 'sp' }];
  if (r.address) {
    const addr = norm(r.address);
    // every word typed is in the address, the house number as a whole word
    if (t.split(' ').every((w) => (/^\d/.test(w) ? addr.split(' ').includes(w) : addr.includes(w))))
      return [{ ...r, matched: 'address' }];
  }
  return [];
}
