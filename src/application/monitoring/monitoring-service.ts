/**
 * The monitoring service as routes, the CLI and the dashboard see it: the core (monitoring-core.ts)
 * plus operator actions (acknowledge, shelve — RFC 8632 operator-state) and reads (alarms with
 * filters, incidents by time, an ONT with its optical history, counts per OLT and PON, SLA outages).
 * Reads go to the store when there is one (history survives restarts), else to memory.
 */
import { DomainError } from '../../domain/errors.ts';
import { requireOperator, type Principal } from '../access/principal.ts';
import { acknowledgeAlarm, isVisible, shelveAlarm, type Alarm } from '../../domain/monitoring/alarms.ts';
import type { Incident } from '../../domain/monitoring/incidents.ts';
import type { AlarmQuery } from '../ports/store/index.ts';
import type { IncidentQuery } from '../ports/store/index.ts';
import type { OpticalSample } from '../ports/store/index.ts';
import type { ReadingSource } from '../ports/store/ont-monitoring.ts';
import type { Outage } from '../../domain/sla/incidents.ts';
import { WatchedOlts } from './watched-olts.ts';
import { ontResource } from './alarm-book.ts';
import { incidentToOutages } from './sla-outage.ts';
import { bucketOf, ontTruth, unreadable, type OntTruth } from './ont-truth.ts';
import { decodeCursor, pageLimit, pageOf, toPage, type Page, type PageRequest } from '../pagination.ts';

export interface AlarmListQuery extends AlarmQuery {
  /** Only what the NOC should see now (RFC 8632: not cleared-and-closed, not shelved). */
  visible?: boolean;
}

export interface OntDetail extends OntTruth {
  olt: string;
  pon: string;
  onuId: number;
  adapterId?: string;
  serial?: string;
  rxDbm?: number | null;
  /** Where state and RX level were last read (SNMP, OMCI, NETCONF). */
  source?: ReadingSource;
  thresholds: { rxWarningDbm: number; rxCriticalDbm: number };
  history: OpticalSample[];
  alarms: Alarm[];
}

/**
 * ONT counts of a PON or OLT. Each ONT is in one of online / lowOptical / offline / unknown (issue 15
 * item 2); `down` = offline (kept: design §4 names it). An unreachable OLT's ONTs are all `unknown`:
 * their last known states are not counted as current (issue 15 item 1).
 */
interface OntCounts {
  onts: number;
  online: number;
  down: number;
  lowOptical: number;
  unknown: number;
}
export interface PonSummary extends OntCounts {
  pon: string;
  openAlarms: number;
}
export interface OltSummary extends OntCounts {
  olt: string;
  /** Whether its latest poll round read it (null: not polled yet). */
  reachable: boolean | null;
  snmp: boolean | null;
  ssh: boolean | null;
  lastPollAt?: string;
  openAlarms: number;
  openIncidents: number;
  pons: PonSummary[];
}

const zero = (): OntCounts => ({ onts: 0, online: 0, down: 0, lowOptical: 0, unknown: 0 });

function matches(a: Alarm, q: AlarmQuery): boolean {
  return (
    (!q.olt || a.olt === q.olt) &&
    (!q.pon || a.pon === q.pon) &&
    (!q.severity || a.severity === q.severity) &&
    (!q.type || a.type === q.type) &&
    (q.cleared === undefined || a.isCleared === q.cleared) &&
    (!q.adapterId || a.adapterId === q.adapterId) &&
    (!q.from || a.lastChangedAt >= q.from) &&
    (!q.to || a.lastChangedAt < q.to)
  );
}

export class MonitoringService extends WatchedOlts {
  /** Design §8: whether this instance watches OLTs (each OLT is watched by one instance; alone, by this one). */
  isLeader(): boolean {
    return this.pollers.size > 0;
  }

  // The NOC's reads and actions are the network owner's (design §4): an SP's key is told there is
  // no such thing (requireOperator answers NOT_FOUND, as for another SP's resource).

  async listAlarms(p: Principal, q: AlarmListQuery = {}): Promise<Alarm[]> {
    requireOperator(p, 'alarms');
    const now = this.now();
    const base = this.store
      ? await this.store.alarms.list(q)
      : this.alarms
          .all()
          .filter((a) => matches(a, q))
          .sort((a, b) => b.lastChangedAt.localeCompare(a.lastChangedAt))
          .slice(0, q.limit ?? 1000);
    return q.visible ? base.filter((a) => isVisible(a, now)) : base;
  }

  /** GET /v1/alarms: a page of alarms, newest change first (application/pagination.ts). */
  async alarmsPage(p: Principal, q: AlarmListQuery & PageRequest = {}): Promise<Page<Alarm>> {
    requireOperator(p, 'alarms');
    const limit = pageLimit(q, { defaultLimit: 1000, maxLimit: 10_000 });
    const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
    const keyOf = (a: Alarm) => [a.lastChangedAt, a.id];
    const page = this.store
      ? toPage(await this.store.alarms.list({ ...q, after, limit: limit + 1 }), limit, keyOf)
      : pageOf(
          this.alarms.all().filter((a) => matches(a, q)),
          { limit, cursor: q.cursor },
          keyOf,
          { descending: true, maxLimit: 10_000 },
        );
    if (!q.visible) return page;
    // visibility depends on now: filtered after the cut, so a page may hold fewer than `limit`
    const now = this.now();
    return { ...page, items: page.items.filter((a) => isVisible(a, now)) };
  }

  /** GET /v1/incidents: a page of incidents overlapping [from, to), newest start first. */
  async incidentsPage(p: Principal, q: IncidentQuery & PageRequest = {}): Promise<Page<Incident>> {
    requireOperator(p, 'incidents');
    const limit = pageLimit(q, { defaultLimit: 1000, maxLimit: 10_000 });
    const keyOf = (i: Incident) => [i.start, i.id];
    if (this.store) {
      const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
      return toPage(await this.store.incidents.list({ ...q, after, limit: limit + 1 }), limit, keyOf);
    }
    return pageOf(await this.incidents(q), { limit, cursor: q.cursor }, keyOf, {
      descending: true,
      maxLimit: 10_000,
    });
  }

  private async alarm(id: string): Promise<Alarm> {
    const a = this.alarms.get(id) ?? (await this.store?.alarms.get(id));
    if (!a) throw new DomainError('NOT_FOUND', `alarm ${id} not found`);
    return a;
  }

  /** RFC 8632 operator-state `ack`, by the operator whose key this is. */
  acknowledge(p: Principal, id: string, text?: string): Promise<Alarm> {
    requireOperator(p, 'alarm');
    return this.serial(async () => {
      const a = acknowledgeAlarm(await this.alarm(id), await this.operatorName(p), this.now(), text);
      return this.operatorChange(a, 'acknowledged');
    });
  }

  /** RFC 8632 shelving: hidden from the NOC until `until` (default one hour). */
  shelve(p: Principal, id: string, until?: Date, text?: string): Promise<Alarm> {
    requireOperator(p, 'alarm');
    return this.serial(async () => {
      const now = this.now();
      const end = until ?? new Date(now.getTime() + 3_600_000);
      if (end <= now) throw new DomainError('INVALID_STATE', 'shelve until must be in the future', 'until');
      return this.operatorChange(
        shelveAlarm(await this.alarm(id), await this.operatorName(p), now, end, text),
        'shelved',
      );
    });
  }

  /**
   * Who acknowledged or shelved an alarm (RFC 8632 operator-state `operator`): the name the key was
   * created with (`ponctl keys create --operator --name "…"`) and the key, never its secret; a key
   * without a name is recorded as the key alone.
   */
  private async operatorName(p: Principal): Promise<string> {
    const name = (await this.store?.keys?.get(p.keyId))?.name?.trim();
    return name ? `${name} (key:${p.keyId})` : `key:${p.keyId}`;
  }

  private async operatorChange(a: Alarm, action: 'acknowledged' | 'shelved'): Promise<Alarm> {
    if (this.alarms.get(a.id)) this.alarms.put(a);
    await this.store?.alarms.save(a);
    this.events.publish({ type: 'alarm', action, alarm: a });
    return a;
  }

  listIncidents(p: Principal, q: IncidentQuery = {}): Promise<Incident[]> {
    requireOperator(p, 'incidents');
    return this.incidents(q);
  }

  private async incidents(q: IncidentQuery): Promise<Incident[]> {
    if (this.store) return this.store.incidents.list(q);
    return this.correlator
      .openIncidents()
      .filter(
        (i) =>
          (!q.status || i.status === q.status) &&
          (!q.cause || i.cause === q.cause) &&
          (!q.olt || i.olt === q.olt),
      );
  }

  async getIncident(p: Principal, id: string): Promise<Incident> {
    requireOperator(p, 'incident');
    const i =
      this.correlator.openIncidents().find((x) => x.id === id) ?? (await this.store?.incidents.get(id));
    if (!i) throw new DomainError('NOT_FOUND', `incident ${id} not found`);
    return i;
  }

  /** One ONT: state, RX level, thresholds, optical history and its alarms (the dashboard's ONT view). */
  async ontDetail(
    p: Principal,
    olt: string,
    pon: string,
    onuId: number,
    q: { from?: string; to?: string; limit?: number } = {},
  ): Promise<OntDetail> {
    requireOperator(p, 'ONT');
    const live = this.onts.get(`${olt}|${pon}|${onuId}`);
    const stored = live ? undefined : await this.store?.onts.status(olt, pon, onuId);
    if (!live && !stored) throw new DomainError('NOT_FOUND', `ONT ${olt} ${pon}:${onuId} not found`);
    const resource = ontResource({ olt, pon, onuId });
    const seen = live ?? { state: stored!.state, seenAt: stored!.updatedAt };
    return {
      olt,
      pon,
      onuId,
      adapterId: live?.adapterId ?? stored?.adapterId,
      serial: live?.serial ?? stored?.serial,
      ...ontTruth(seen, this.reachable.get(olt)),
      rxDbm: live ? (live.rxDbm ?? null) : (stored?.rxDbm ?? null),
      source: live?.source ?? stored?.source,
      thresholds: { ...this.thresholds },
      history: (await this.store?.onts.optics(olt, pon, onuId, q)) ?? [],
      alarms: this.alarms.all().filter((a) => a.resource === resource),
    };
  }

  /** Counts per OLT and PON (the dashboard's overview). */
  summary(p: Principal): OltSummary[] {
    requireOperator(p, 'monitoring');
    const out = new Map<string, OltSummary>();
    const pons = new Map<string, PonSummary>();
    for (const name of this.pollers.keys()) {
      const r = this.reachable.get(name);
      out.set(name, {
        olt: name,
        reachable: r ? r.snmp : null,
        snmp: r?.snmp ?? null,
        ssh: r?.ssh ?? null,
        lastPollAt: r?.at,
        ...zero(),
        openAlarms: 0,
        openIncidents: 0,
        pons: [],
      });
    }
    const pon = (olt: string, p: string) => {
      const k = `${olt}|${p}`;
      let s = pons.get(k);
      if (!s) {
        s = { pon: p, ...zero(), openAlarms: 0 };
        pons.set(k, s);
        out.get(olt)?.pons.push(s);
      }
      return s;
    };
    for (const o of this.onts.values()) {
      const olt = out.get(o.olt);
      if (!olt) continue;
      const p = pon(o.olt, o.pon);
      const b = bucketOf(unreadable(this.reachable.get(o.olt)) ? 'unknown' : o.state);
      const field = b === 'offline' ? 'down' : b;
      for (const c of [olt, p]) {
        c.onts++;
        c[field]++;
      }
    }
    for (const a of this.alarms.all()) {
      if (a.isCleared) continue;
      const olt = out.get(a.olt);
      if (!olt) continue;
      olt.openAlarms++;
      if (a.pon) pon(a.olt, a.pon).openAlarms++;
    }
    for (const i of this.correlator.openIncidents()) {
      const olt = out.get(i.olt);
      if (olt) olt.openIncidents++;
    }
    for (const s of out.values()) s.pons.sort((a, b) => a.pon.localeCompare(b.pon, 'en', { numeric: true }));
    return [...out.values()];
  }

  /** SLA outages (design §7 shape) of the incidents overlapping [from, to); open ones end at now. */
  async outages(q: { from?: string; to?: string } = {}): Promise<Outage[]> {
    const now = this.now();
    return (await this.incidents({ ...q, limit: 100_000 })).flatMap((i) => incidentToOutages(i, now));
  }

  /** Per OLT: reachable by its last poll, unreachable, or unknown (not polled here yet) — GET /readyz. */
  oltReachability(
    names: readonly string[],
  ): { olt: string; reachable: 'reachable' | 'unreachable' | 'unknown'; at?: string }[] {
    return names.map((olt) => {
      const r = this.reachable.get(olt);
      return r
        ? { olt, reachable: r.snmp || r.ssh ? 'reachable' : 'unreachable', at: r.at }
        : { olt, reachable: 'unknown' };
    });
  }
}
