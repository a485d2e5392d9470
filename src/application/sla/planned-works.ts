/**
 * Planned works (spec §5: "not outages: planned works announced at least 3 working days ahead";
 * issue 7). The operator announces works with a scope (AdapterIDs, an OLT, or one PON of an OLT);
 * the controller records the announcement time from ITS clock — never from the request — and
 * resolves the scope to AdapterIDs at that moment, so the SLA engine later knows exactly whom the
 * announcement covered. Whether the notice was long enough is the domain's rule (announcedInTime).
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../ports/store/index.ts';
import type { PlannedWorksRecord, PlannedWorksScope } from '../ports/store/index.ts';
import { DomainError } from '../../domain/errors.ts';
import { announcedInTime, earliestExcludedStartDate } from '../../domain/sla/planned-works.ts';
import type { PlannedWork } from '../../domain/sla/incidents.ts';
import type { Clock } from '../ports/clock.ts';
import { requireOperator, type Principal } from '../access/principal.ts';
import { decodeCursor, mapPage, pageLimit, toPage, type Page, type PageRequest } from '../pagination.ts';

export interface AnnounceWorksInput {
  scope: PlannedWorksScope;
  start: string;
  end: string;
  description: string;
}

export interface PlannedWorksView extends PlannedWorksRecord {
  /** Announced at least 3 working days ahead (spec §5): its time will not count as outage time. */
  inTime: boolean;
  /** The first Zagreb date works announced at `announcedAt` may start on and still be excluded. */
  earliestExcludedStartDate: string;
}

function toView(r: PlannedWorksRecord): PlannedWorksView {
  const announced = new Date(r.announcedAt);
  return {
    ...r,
    inTime: announcedInTime(announced, new Date(r.start)),
    earliestExcludedStartDate: earliestExcludedStartDate(announced),
  };
}

function instant(v: string, field: string): string {
  const ms = Date.parse(v);
  // an instant must say its offset: a bare local time would be read in the server's zone
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(v) || Number.isNaN(ms))
    throw new DomainError(
      'INVALID_INTERVAL',
      `${field} must be an ISO-8601 instant with an offset, got "${v}"`,
      field,
    );
  return new Date(ms).toISOString();
}

/** The SLA engine's shape (design §7 `plannedWorks`). */
export const toSlaPlannedWork = (r: PlannedWorksRecord): PlannedWork => ({
  id: r.id,
  scope: { adapterIds: r.adapterIds },
  start: r.start,
  end: r.end,
  announcedAt: r.announcedAt,
});

export class PlannedWorksService {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  async announce(p: Principal, input: AnnounceWorksInput): Promise<PlannedWorksView> {
    requireOperator(p, 'planned works');
    const start = instant(input.start, 'start');
    const end = instant(input.end, 'end');
    if (end <= start) throw new DomainError('INVALID_INTERVAL', 'end must be after start', 'end');
    const adapterIds = await this.resolve(input.scope);
    const now = this.deps.clock.now().toISOString();
    const rec: PlannedWorksRecord = {
      id: `pw_${randomBytes(8).toString('base64url')}`,
      scope: input.scope,
      adapterIds,
      start,
      end,
      announcedAt: now,
      description: input.description,
      createdBy: p.keyId,
      createdAt: now,
    };
    await this.deps.store.plannedWorks.insert(rec);
    return toView(rec);
  }

  /** Scope → AdapterIDs: named ones (each must exist) plus the live accesses of the OLT / PON. */
  private async resolve(scope: PlannedWorksScope): Promise<string[]> {
    const { adapterIds = [], olt, pon } = scope;
    if (pon !== undefined && olt === undefined)
      throw new DomainError('PLANNED_WORKS_SCOPE_EMPTY', 'a PON needs its OLT', 'scope.olt');
    const ids = new Set<string>();
    if (adapterIds.length) {
      const known = await this.deps.store.slaAccesses.existing(adapterIds);
      const unknown = adapterIds.find((id) => !known.has(id));
      if (unknown) throw new DomainError('ADAPTER_ID_UNKNOWN', `no access ${unknown}`, 'scope.adapterIds');
      for (const id of adapterIds) ids.add(id);
    }
    if (olt !== undefined) for (const id of await this.deps.store.slaAccesses.liveOn(olt, pon)) ids.add(id);
    if (ids.size === 0) {
      throw new DomainError(
        'PLANNED_WORKS_SCOPE_EMPTY',
        'the scope names no access (give adapterIds, or an OLT [and PON] with live accesses)',
        'scope',
      );
    }
    return [...ids].sort();
  }

  async list(
    p: Principal,
    q: { from?: string; to?: string } & PageRequest = {},
  ): Promise<Page<PlannedWorksView>> {
    requireOperator(p, 'planned works');
    const from = q.from ? instant(q.from, 'from') : undefined;
    const to = q.to ? instant(q.to, 'to') : undefined;
    const limit = pageLimit(q, { defaultLimit: 1000, maxLimit: 10_000 });
    const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
    const rows = await this.deps.store.plannedWorks.list({ from, to, after, limit: limit + 1 });
    return mapPage(
      toPage(rows, limit, (r) => [r.start, r.id]),
      toView,
    );
  }
}
