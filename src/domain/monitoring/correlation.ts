/**
 * Root-cause correlation of ONT and OLT observations into incidents (issue 6 §4). Deterministic and
 * free of I/O: the monitoring service feeds it events with their time and persists what it returns.
 *
 * Rules (each tested in test/unit/monitoring-correlation.test.ts):
 * - many ONTs of one PON losing signal within `windowMs` → ONE `pon-fibre-cut` incident;
 * - one ONT losing signal alone (no dying gasp) → a `drop-fibre` incident;
 * - a dying gasp → a `dying-gasp` incident (subscriber power: kept for the NOC, excluded from SLA);
 * - an OLT that answers no protocol and sends nothing → ONE `olt-down` incident for all its ONTs;
 * - the controller losing its path to an OLT while evidence says the OLT works (traps still arrive,
 *   another protocol answers) → `monitoring-blind-spot`, not an outage.
 * A LOS is held for `windowMs` before it is classified, because the first ONT of a fibre cut looks
 * exactly like a drop cut; the NOC sees the incident within `windowMs` plus one tick.
 */
import type { OntState } from './ont-state.ts';
import { SLA_COUNTING_CAUSES, type AffectedOnt, type Incident, type IncidentCause } from './incidents.ts';

export interface CorrelationPolicy {
  /** How long a LOS waits for others on the same PON before it is classified (ms). */
  windowMs: number;
  /** A PON cut needs at least this many ONTs in LOS within the window… */
  ponCutMinOnts: number;
  /** …and at least this fraction of the PON's ONTs that were up. */
  ponCutMinFraction: number;
}

export const DEFAULT_CORRELATION_POLICY: CorrelationPolicy = {
  windowMs: 1500,
  ponCutMinOnts: 2,
  ponCutMinFraction: 0.5,
};

export interface OntRef {
  olt: string;
  pon: string;
  onuId: number;
  adapterId?: string;
}

export type CorrelationEvent =
  | { type: 'ont-state'; at: Date; ont: OntRef; state: OntState }
  /** A poll round of one OLT: which of its protocols answered. */
  | {
      type: 'olt-reachability';
      at: Date;
      olt: string;
      snmp: boolean;
      ssh: boolean;
      otherPollerSeesIt?: boolean;
    }
  | { type: 'trap'; at: Date; olt: string }
  | { type: 'tick'; at: Date };

export type IncidentEffect = { kind: 'opened' | 'updated' | 'resolved'; incident: Incident };

const ontKey = (o: { olt: string; pon: string; onuId: number }) => `${o.olt}|${o.pon}|${o.onuId}`;
const ponKey = (olt: string, pon: string) => `${olt}|${pon}`;

interface PendingLos {
  olt: string;
  pon: string;
  firstAt: number;
  members: Map<string, OntRef>;
}

/** Known ONTs per OLT (from the store: which AdapterID sits where), so an OLT-down names them all. */
export type TopologyLookup = (olt: string) => readonly OntRef[];

export class Correlator {
  private readonly states = new Map<string, { ref: OntRef; state: OntState }>();
  private readonly pending = new Map<string, PendingLos>();
  private readonly open = new Map<string, Incident>();
  /** When each OLT last answered a poll: a trap older than that is no evidence of a blind spot. */
  private seq = 0;

  constructor(
    private readonly topology: TopologyLookup,
    private readonly policy: CorrelationPolicy = DEFAULT_CORRELATION_POLICY,
    private readonly newId: () => string = () => `inc-${++this.seq}`,
  ) {}

  openIncidents(): Incident[] {
    return [...this.open.values()];
  }

  /** Restore open incidents after a restart (the service reloads them from the store). */
  restore(incidents: readonly Incident[]): void {
    for (const i of incidents) if (i.status === 'open') this.open.set(i.id, i);
  }

  /**
   * Takes over one OLT from the store (design §8: its monitoring moves between instances): its open
   * incidents continue with their ids, each ONT starts from its saved state, and an ONT saved in LOS
   * that no open incident covers is held again from when it went down (`since`), so a LOS seen by
   * the previous owner just before it died still becomes its one incident — never lost, never two.
   */
  restoreOlt(
    olt: string,
    incidents: readonly Incident[],
    onts: readonly { ref: OntRef; state: OntState; since: Date }[],
  ): void {
    this.forgetOlt(olt);
    this.restore(incidents.filter((i) => i.olt === olt));
    for (const o of onts) {
      if (o.ref.olt !== olt) continue;
      const key = ontKey(o.ref);
      this.states.set(key, { ref: o.ref, state: o.state });
      if (o.state !== 'los' || this.findOpen((i) => i.affected.some((a) => ontKey(a) === key))) continue;
      const pk = ponKey(olt, o.ref.pon);
      const p = this.pending.get(pk) ?? {
        olt,
        pon: o.ref.pon,
        firstAt: o.since.getTime(),
        members: new Map(),
      };
      p.firstAt = Math.min(p.firstAt, o.since.getTime());
      p.members.set(key, o.ref);
      this.pending.set(pk, p);
    }
  }

  /** Forgets one OLT (another instance watches it now): its ONTs, held LOS groups, open incidents. */
  forgetOlt(olt: string): void {
    for (const [k, v] of this.states) if (v.ref.olt === olt) this.states.delete(k);
    for (const [k, p] of this.pending) if (p.olt === olt) this.pending.delete(k);
    for (const [id, i] of this.open) if (i.olt === olt) this.open.delete(id);
  }

  handle(ev: CorrelationEvent): IncidentEffect[] {
    switch (ev.type) {
      case 'ont-state':
        return this.onOntState(ev.at, ev.ont, ev.state);
      case 'olt-reachability':
        return this.onReachability(ev);
      case 'trap':
        return this.onTrapEvidence(ev.olt, ev.at);
      case 'tick':
        return this.onTick(ev.at);
    }
  }

  private findOpen(pred: (i: Incident) => boolean): Incident | undefined {
    for (const i of this.open.values()) if (pred(i)) return i;
    return undefined;
  }

  private openIncident(
    cause: IncidentCause,
    olt: string,
    pon: string | undefined,
    at: Date,
    affected: AffectedOnt[],
    summary: string,
  ): IncidentEffect {
    const incident: Incident = {
      id: this.newId(),
      cause,
      olt,
      pon,
      start: at.toISOString(),
      status: 'open',
      affected,
      countsForSla: SLA_COUNTING_CAUSES.includes(cause),
      summary,
    };
    this.open.set(incident.id, incident);
    return { kind: 'opened', incident };
  }

  private resolve(i: Incident, at: Date): IncidentEffect {
    const done: Incident = {
      ...i,
      status: 'resolved',
      end: at.toISOString(),
      affected: i.affected.map((a) => (a.recoveredAt ? a : { ...a, recoveredAt: at.toISOString() })),
    };
    this.open.delete(i.id);
    return { kind: 'resolved', incident: done };
  }

  private onOntState(at: Date, ref: OntRef, state: OntState): IncidentEffect[] {
    const key = ontKey(ref);
    const prev = this.states.get(key)?.state ?? 'unknown';
    // a powered-off ONT also stops sending light: the LOS after a dying gasp is the same event
    if (state === 'los' && prev === 'dying-gasp') return [];
    this.states.set(key, { ref, state });
    const effects: IncidentEffect[] = [];
    const pk = ponKey(ref.olt, ref.pon);

    if (state === 'los' || state === 'offline') {
      if (state === 'offline') return effects; // a reboot is neither a cut nor an outage by itself
      // covered by an open OLT-down or PON-cut incident: join it, no new incident
      const covering = this.findOpen(
        (i) =>
          i.status === 'open' &&
          i.olt === ref.olt &&
          (i.cause === 'olt-down' || (i.cause === 'pon-fibre-cut' && i.pon === ref.pon)),
      );
      if (covering) {
        if (!covering.affected.some((a) => ontKey(a) === key)) {
          covering.affected.push({ ...ref });
          effects.push({ kind: 'updated', incident: covering });
        }
        return effects;
      }
      let p = this.pending.get(pk);
      if (!p) {
        p = { olt: ref.olt, pon: ref.pon, firstAt: at.getTime(), members: new Map() };
        this.pending.set(pk, p);
      }
      p.members.set(key, ref);
      return effects;
    }

    if (state === 'dying-gasp') {
      // the ONT lost power: it was not the fibre; take it out of a pending LOS group
      this.pending.get(pk)?.members.delete(key);
      const existing = this.findOpen((i) => i.affected.some((a) => ontKey(a) === key));
      if (existing?.cause === 'drop-fibre') effects.push(this.resolve(existing, at));
      if (!this.findOpen((i) => i.cause === 'dying-gasp' && i.affected.some((a) => ontKey(a) === key))) {
        effects.push(
          this.openIncident(
            'dying-gasp',
            ref.olt,
            ref.pon,
            at,
            [{ ...ref }],
            `Dying gasp: ONT ${ref.pon}:${ref.onuId} lost power (subscriber side)`,
          ),
        );
      }
      return effects;
    }

    if (state === 'working' || state === 'low-optical') {
      this.pending.get(pk)?.members.delete(key);
      if (prev === 'working' || prev === 'low-optical') return effects;
      for (const i of [...this.open.values()]) {
        const a = i.affected.find((x) => ontKey(x) === key);
        if (!a || i.cause === 'olt-down' || i.cause === 'monitoring-blind-spot') continue;
        a.recoveredAt = at.toISOString();
        if (i.affected.every((x) => x.recoveredAt)) effects.push(this.resolve(i, at));
        else effects.push({ kind: 'updated', incident: i });
      }
    }
    return effects;
  }

  private onTick(at: Date): IncidentEffect[] {
    const effects: IncidentEffect[] = [];
    for (const [pk, p] of this.pending) {
      if (p.members.size === 0) {
        this.pending.delete(pk);
        continue;
      }
      const ponOnts = this.knownOntsOnPon(p.olt, p.pon);
      const allDown = ponOnts > 0 && p.members.size >= ponOnts;
      if (at.getTime() - p.firstAt < this.policy.windowMs && !allDown) continue;
      this.pending.delete(pk);
      const members = [...p.members.values()];
      const start = new Date(p.firstAt);
      const isCut =
        members.length >= this.policy.ponCutMinOnts &&
        members.length >= Math.ceil(this.policy.ponCutMinFraction * Math.max(ponOnts, members.length));
      if (isCut) {
        effects.push(
          this.openIncident(
            'pon-fibre-cut',
            p.olt,
            p.pon,
            start,
            members.map((m) => ({ ...m })),
            `PON fibre cut on ${p.olt} ${p.pon}: ${members.length} ONTs lost signal`,
          ),
        );
      } else {
        for (const m of members) {
          effects.push(
            this.openIncident(
              'drop-fibre',
              m.olt,
              m.pon,
              start,
              [{ ...m }],
              `Drop fibre: ONT ${m.pon}:${m.onuId} lost signal without a dying gasp`,
            ),
          );
        }
      }
    }
    return effects;
  }

  private knownOntsOnPon(olt: string, pon: string): number {
    const fromTopology = this.topology(olt).filter((o) => o.pon === pon).length;
    if (fromTopology > 0) return fromTopology;
    let n = 0;
    for (const { ref } of this.states.values()) if (ref.olt === olt && ref.pon === pon) n++;
    return n;
  }

  private onReachability(ev: Extract<CorrelationEvent, { type: 'olt-reachability' }>): IncidentEffect[] {
    const effects: IncidentEffect[] = [];
    const answered = ev.snmp || ev.ssh;
    const down = this.findOpen((i) => i.olt === ev.olt && i.cause === 'olt-down');
    const blind = this.findOpen((i) => i.olt === ev.olt && i.cause === 'monitoring-blind-spot');
    if (answered) {
      if (down) effects.push(this.resolve(down, ev.at));
      if (blind) effects.push(this.resolve(blind, ev.at));
      return effects;
    }
    if (down || blind) return effects;
    // Traps are evidence only when they arrive *after* the controller lost contact (onTrapEvidence
    // then re-classifies the OLT-down below): a trap from before the first failed poll may be the
    // last thing a dying OLT sent, so it proves nothing (issue 6 §4: "traps still arrive").
    if (ev.otherPollerSeesIt) {
      effects.push(
        this.openIncident(
          'monitoring-blind-spot',
          ev.olt,
          undefined,
          ev.at,
          [],
          `Controller cannot reach ${ev.olt}, but another poller sees it: monitoring blind spot, not an outage`,
        ),
      );
      return effects;
    }
    // the OLT answers nothing: one incident for all its ONTs; pending LOS groups of it are subsumed
    for (const [pk, p] of this.pending) if (p.olt === ev.olt) this.pending.delete(pk);
    const affected = this.topology(ev.olt).map((o) => ({ ...o }));
    effects.push(
      this.openIncident(
        'olt-down',
        ev.olt,
        undefined,
        ev.at,
        affected,
        `OLT ${ev.olt} answers no protocol: ${affected.length} subscribers affected`,
      ),
    );
    return effects;
  }

  /**
   * Traps are evidence the OLT is alive: an open OLT-down was the controller's own blindness, so it
   * is re-classified as a blind spot from its start (not an outage, spec §5), and stays open until a
   * poll answers again.
   */
  private onTrapEvidence(olt: string, _at: Date): IncidentEffect[] {
    const down = this.findOpen((i) => i.olt === olt && i.cause === 'olt-down');
    if (!down) return [];
    down.cause = 'monitoring-blind-spot';
    down.countsForSla = false;
    down.affected = [];
    down.summary = `Controller cannot reach ${olt}, but its traps still arrive: monitoring blind spot, not an outage`;
    return [{ kind: 'updated', incident: down }];
  }
}
