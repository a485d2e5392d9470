/**
 * The reports SPs pull (spec §8; design §4): coverage by area, availability of a port (what blocks
 * it — SP name and service kinds only, port-unblocking.md step 4 — and whether a forced order is
 * possible), and the report by AdapterID. Live measurements (optical levels, MACs, ONT state) come
 * from monitoring through `SubscriberLiveSource` once it exists.
 */
import {
  OPEN_ORDER_STATES,
  type AccessRecord,
  type CoverageRecord,
  type Store,
} from '../ports/store/index.ts';
import { activeChannels } from '../../domain/catalogue/catalogue.ts';
import { DomainError } from '../../domain/errors.ts';
import { canSee, notFound, type Principal } from '../access/principal.ts';
import { decodeCursor, pageLimit, toPage, type Page, type PageRequest } from '../pagination.ts';

export interface CoverageEntry {
  address: { street: string; number: string; city: string; county: string; flat?: string };
  node: string;
  technology: string;
  status: 'free' | 'taken';
}

export interface Availability {
  address?: CoverageEntry['address'];
  adapterId?: string;
  covered: boolean;
  node?: string;
  technology?: string;
  status: 'not-covered' | 'free' | 'taken';
  /** Services on the port: SP name and service kinds only — no subscriber data (port-unblocking.md §4). */
  blocking: { sp: string; services: string[]; state: string }[];
  /** port-unblocking.md step 7: a forced order may take over active services of another SP. */
  forcedOrderPossible: boolean;
}

/** Live state of an access, provided by monitoring (SNMP/OMCI). */
export interface SubscriberLiveSource {
  live(
    access: AccessRecord,
  ): Promise<{ ontState?: string; optical?: Record<string, number>; macs?: string[] } | undefined>;
}

export interface SubscriberReport {
  adapterId: string;
  sp: string;
  spName?: string;
  state: string;
  technology: string;
  accessLevel: string;
  services: AccessRecord['services'];
  channels: string[];
  ontSerial?: string;
  node?: string;
  address?: CoverageEntry['address'];
  port: { olt: string; pon: string; onuId: number };
  ontState?: string;
  optical?: Record<string, number>;
  macs: string[];
  /** Open orders on the access, oldest first, at most MAX_OPEN_ORDERS_SHOWN (issue 17 item 4). */
  openOrders: string[];
  /** How many are open in all (more than `openOrders` lists when it was cut). */
  openOrdersTotal: number;
  /** When more are open: the page of GET /v1/orders that continues the list after `openOrders`. */
  openOrdersNext?: string;
}

/**
 * A subscriber report stays small whatever an SP does (issue 17 item 4: 10 312 ids made it 217 KB):
 * the first open orders inline, read as one page (never the whole list), the rest a link away in the
 * paginated order list. The priority rule and FAULT_ALREADY_OPEN already keep an access to a handful
 * of open orders; the cap holds for data stored before those rules.
 */
export const MAX_OPEN_ORDERS_SHOWN = 50;

const addressOf = (c: CoverageRecord): CoverageEntry['address'] => ({
  street: c.street,
  number: c.number,
  city: c.city,
  county: c.county,
  ...(c.flat ? { flat: c.flat } : {}),
});

/** `Ilica 12, Zagreb` (or `Ilica 12, Zagreb, flat 3`) → parts. */
export function parseAddressQuery(q: string): {
  street: string;
  number: string;
  city: string;
  flat?: string;
} {
  const parts = q
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const m = /^(.*\S)\s+(\d+\s*[a-zA-Z]?)$/.exec(parts[0] ?? '');
  if (!m || !parts[1])
    throw new DomainError('INVALID_REQUEST', 'address must read "Street Number, City"', 'address');
  const flat = parts[2]?.replace(/^(flat|stan)\s*/i, '');
  return { street: m[1], number: m[2].replace(/\s+/g, ''), city: parts[1], ...(flat ? { flat } : {}) };
}

export class ReportService {
  constructor(
    private readonly store: Store,
    private readonly liveSource?: SubscriberLiveSource,
  ) {}

  /**
   * Covered addresses by city and street prefix, a page at a time. Pages follow the normalised
   * address key; within a page house numbers are in natural order (2 before 10).
   */
  async coverage(q: { city?: string; street?: string } & PageRequest): Promise<Page<CoverageEntry>> {
    const limit = pageLimit(q, { defaultLimit: 1000, maxLimit: 10_000 });
    const after = decodeCursor(q.cursor, 1) as [string] | undefined;
    const found = await this.store.coverage.search({
      city: q.city,
      street: q.street,
      after,
      limit: limit + 1,
    });
    // the cursor follows the SQL order (address key), taken before the natural sort of the page
    const byKey = [...found].sort((a, b) => (a.addressKey < b.addressKey ? -1 : 1));
    const cut = toPage(byKey, limit, (c) => [c.addressKey]);
    const rows = found.filter((c) => cut.items.includes(c));
    const taken = new Set(
      (await this.store.accesses.liveAtAddresses(rows.map((r) => r.addressKey))).map(
        (a) => `${a.olt}|${a.pon}|${a.onuId}`,
      ),
    );
    const items = rows.map((c): CoverageEntry => ({
      address: addressOf(c),
      node: c.node,
      technology: c.technology,
      status: taken.has(`${c.olt}|${c.pon}|${c.onuId}`) ? 'taken' : 'free',
    }));
    return { items, ...(cut.next ? { next: cut.next } : {}) };
  }

  async availability(p: Principal, q: { address?: string; adapterId?: string }): Promise<Availability> {
    let cov: CoverageRecord | undefined;
    let adapterId: string | undefined;
    if (q.adapterId) {
      const a = await this.store.accesses.get(q.adapterId);
      if (!a || !canSee(p, a.spId)) throw notFound(`access ${q.adapterId}`);
      adapterId = a.adapterId;
      cov = await this.store.coverage.findByPort(a.olt, a.pon, a.onuId);
      if (!cov) cov = await this.store.coverage.get(a.addressKey);
    } else if (q.address) {
      cov = await this.store.coverage.findByAddress(parseAddressQuery(q.address));
    } else {
      throw new DomainError('INVALID_REQUEST', 'give address or adapterId', 'address');
    }
    if (!cov)
      return {
        covered: false,
        status: 'not-covered',
        blocking: [],
        forcedOrderPossible: false,
        ...(adapterId ? { adapterId } : {}),
      };
    const live = await this.store.accesses.liveAtPort(cov.olt, cov.pon, cov.onuId);
    const blocking = live
      ? [
          {
            sp: (await this.store.sps.get(live.spId))?.name ?? live.spId,
            services: activeChannels(live.services),
            state: live.state,
          },
        ]
      : [];
    const mine = live && p.role === 'sp' && live.spId === p.spId;
    return {
      address: addressOf(cov),
      ...(adapterId ? { adapterId } : {}),
      covered: true,
      node: cov.node,
      technology: cov.technology,
      status: live ? 'taken' : 'free',
      blocking,
      forcedOrderPossible:
        !!live && !mine && (live.state === 'active' || live.state === 'temporarily-disconnected'),
    };
  }

  async subscriber(p: Principal, adapterId: string): Promise<SubscriberReport> {
    const a = await this.store.accesses.get(adapterId);
    if (!a || !canSee(p, a.spId)) throw notFound(`access ${adapterId}`);
    const [cov, sp, open, live] = await Promise.all([
      this.store.coverage.get(a.addressKey),
      this.store.sps.get(a.spId),
      this.store.orders.list({
        adapterId: a.adapterId,
        states: OPEN_ORDER_STATES,
        limit: MAX_OPEN_ORDERS_SHOWN + 1,
      }),
      this.liveSource?.live(a).catch(() => undefined),
    ]);
    const r: SubscriberReport = {
      adapterId: a.adapterId,
      sp: a.spId,
      spName: sp?.name,
      state: a.state,
      technology: a.technology,
      accessLevel: a.accessLevel,
      services: a.services,
      channels: activeChannels(a.services),
      ontSerial: a.ontSerial,
      node: cov?.node,
      address: cov && addressOf(cov),
      port: { olt: a.olt, pon: a.pon, onuId: a.onuId },
      macs: live?.macs ?? [],
      openOrders: open.slice(0, MAX_OPEN_ORDERS_SHOWN).map((o) => o.id),
      openOrdersTotal: open.length,
    };
    const page = toPage(open, MAX_OPEN_ORDERS_SHOWN, (o) => [o.receivedAt, o.id]);
    if (page.next) {
      // counted only when the page was cut: an index-only count of the access's open orders
      r.openOrdersTotal = await this.store.orders.countOpenOnAdapter(a.adapterId);
      // GET /v1/orders walks the same order (received_at, id): its cursor continues after the last shown
      const q = new URLSearchParams({ adapterId: a.adapterId, open: 'true', cursor: page.next });
      if (p.role === 'operator') q.set('sp', a.spId);
      r.openOrdersNext = `/v1/orders?${q.toString()}`;
    }
    if (live?.ontState) r.ontState = live.ontState;
    if (live?.optical) r.optical = live.optical;
    return r;
  }
}
