import { describe, expect, it } from 'vitest';
import { Correlator, type OntRef, type IncidentEffect } from '../../src/domain/monitoring/index.ts';

const t0 = Date.parse('2026-03-02T08:00:00Z');
const at = (ms: number) => new Date(t0 + ms);
const pon1: OntRef[] = Array.from({ length: 8 }, (_, i) => ({
  olt: 'olt1',
  pon: '1/1/1',
  onuId: i + 1,
  adapterId: `A-${i + 1}`,
}));
const pon2: OntRef[] = Array.from({ length: 8 }, (_, i) => ({
  olt: 'olt1',
  pon: '1/1/2',
  onuId: i + 1,
  adapterId: `B-${i + 1}`,
}));
const topology = (olt: string) => (olt === 'olt1' ? [...pon1, ...pon2] : []);

function fresh() {
  const c = new Correlator(topology);
  for (const o of [...pon1, ...pon2]) c.handle({ type: 'ont-state', at: at(0), ont: o, state: 'working' });
  return c;
}
const opened = (effects: IncidentEffect[]) =>
  effects.filter((e) => e.kind === 'opened').map((e) => e.incident);

describe('correlation rules (issue 6 §4)', () => {
  it('many ONTs of one PON losing signal within the window → exactly one PON fibre-cut incident', () => {
    const c = fresh();
    const effects: IncidentEffect[] = [];
    pon1
      .slice(0, 6)
      .forEach((o, i) =>
        effects.push(...c.handle({ type: 'ont-state', at: at(1000 + i * 50), ont: o, state: 'los' })),
      );
    effects.push(...c.handle({ type: 'tick', at: at(1200) }));
    expect(opened(effects)).toHaveLength(0); // still inside the window
    effects.push(...c.handle({ type: 'tick', at: at(3000) }));
    const inc = opened(effects);
    expect(inc).toHaveLength(1);
    expect(inc[0].cause).toBe('pon-fibre-cut');
    expect(inc[0].countsForSla).toBe(true);
    expect(inc[0].affected.map((a) => a.adapterId).sort()).toEqual([
      'A-1',
      'A-2',
      'A-3',
      'A-4',
      'A-5',
      'A-6',
    ]);
    // a late straggler joins the same incident
    const late = c.handle({ type: 'ont-state', at: at(3500), ont: pon1[6], state: 'los' });
    expect(late.map((e) => e.kind)).toEqual(['updated']);
    expect(c.openIncidents()).toHaveLength(1);
  });

  it('clears the fibre-cut incident when every affected ONT is back, with the end time', () => {
    const c = fresh();
    pon1.slice(0, 4).forEach((o) => c.handle({ type: 'ont-state', at: at(1000), ont: o, state: 'los' }));
    c.handle({ type: 'tick', at: at(5000) });
    const back = pon1
      .slice(0, 4)
      .flatMap((o, i) => c.handle({ type: 'ont-state', at: at(60_000 + i), ont: o, state: 'working' }));
    const resolved = back.filter((e) => e.kind === 'resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0].incident.end).toBe(at(60_003).toISOString());
    expect(c.openIncidents()).toHaveLength(0);
  });

  it('one ONT LOS without dying gasp → drop-fibre incident', () => {
    const c = fresh();
    c.handle({ type: 'ont-state', at: at(1000), ont: pon2[3], state: 'los' });
    const inc = opened(c.handle({ type: 'tick', at: at(4000) }));
    expect(inc.map((i) => [i.cause, i.affected[0].adapterId, i.countsForSla])).toEqual([
      ['drop-fibre', 'B-4', true],
    ]);
  });

  it('dying gasp → subscriber power, excluded from SLA, even when LOS follows', () => {
    const c = fresh();
    const e1 = c.handle({ type: 'ont-state', at: at(1000), ont: pon2[0], state: 'dying-gasp' });
    c.handle({ type: 'ont-state', at: at(1100), ont: pon2[0], state: 'los' });
    const e2 = c.handle({ type: 'tick', at: at(5000) });
    const all = opened([...e1, ...e2]);
    expect(all.map((i) => i.cause)).toEqual(['dying-gasp']);
    expect(all[0].countsForSla).toBe(false);
  });

  it('an OLT answering no protocol → one OLT-down incident for all its subscribers', () => {
    const c = fresh();
    const inc = opened(
      c.handle({ type: 'olt-reachability', at: at(1000), olt: 'olt1', snmp: false, ssh: false }),
    );
    expect(inc).toHaveLength(1);
    expect(inc[0].cause).toBe('olt-down');
    expect(inc[0].affected).toHaveLength(16);
    // LOS reports while it is down join it rather than making new incidents
    c.handle({ type: 'ont-state', at: at(1100), ont: pon1[0], state: 'los' });
    expect(opened(c.handle({ type: 'tick', at: at(9000) }))).toHaveLength(0);
    const back = c.handle({ type: 'olt-reachability', at: at(20_000), olt: 'olt1', snmp: true, ssh: true });
    expect(back.map((e) => e.kind)).toEqual(['resolved']);
  });

  it('lost path while traps still arrive → monitoring blind spot, not an outage', () => {
    const c = fresh();
    const first = opened(
      c.handle({ type: 'olt-reachability', at: at(1000), olt: 'olt1', snmp: false, ssh: false }),
    );
    expect(first.map((i) => i.cause)).toEqual(['olt-down']);
    const upd = c.handle({ type: 'trap', at: at(1500), olt: 'olt1' });
    expect(upd.map((e) => [e.kind, e.incident.id, e.incident.cause, e.incident.countsForSla])).toEqual([
      ['updated', first[0].id, 'monitoring-blind-spot', false],
    ]);
    // further failed polls open nothing new; the first answer resolves it
    expect(
      c.handle({ type: 'olt-reachability', at: at(2000), olt: 'olt1', snmp: false, ssh: false }),
    ).toEqual([]);
    const back = c.handle({ type: 'olt-reachability', at: at(9000), olt: 'olt1', snmp: true, ssh: false });
    expect(back.map((e) => [e.kind, e.incident.cause])).toEqual([['resolved', 'monitoring-blind-spot']]);
  });

  it('an OLT-down re-classified as blind spot when a trap arrives from it', () => {
    const c = fresh();
    c.handle({ type: 'olt-reachability', at: at(1000), olt: 'olt1', snmp: false, ssh: false });
    const upd = c.handle({ type: 'trap', at: at(2000), olt: 'olt1' });
    expect(upd[0].incident.cause).toBe('monitoring-blind-spot');
    expect(upd[0].incident.countsForSla).toBe(false);
  });

  it('another poller seeing the OLT also makes it a blind spot', () => {
    const c = fresh();
    const inc = opened(
      c.handle({
        type: 'olt-reachability',
        at: at(1000),
        olt: 'olt1',
        snmp: false,
        ssh: false,
        otherPollerSeesIt: true,
      }),
    );
    expect(inc[0].cause).toBe('monitoring-blind-spot');
  });

  it('a trap from before the loss of contact is no evidence: the OLT going silent afterwards is OLT-down', () => {
    const c = fresh();
    c.handle({ type: 'trap', at: at(500), olt: 'olt1' });
    c.handle({ type: 'olt-reachability', at: at(1000), olt: 'olt1', snmp: true, ssh: true });
    const inc = opened(
      c.handle({ type: 'olt-reachability', at: at(2000), olt: 'olt1', snmp: false, ssh: false }),
    );
    expect(inc.map((i) => [i.cause, i.countsForSla])).toEqual([['olt-down', true]]);
    // a trap after the loss of contact re-classifies it
    expect(c.handle({ type: 'trap', at: at(2500), olt: 'olt1' })[0].incident.cause).toBe(
      'monitoring-blind-spot',
    );
  });
});

describe('taking an OLT over from the store (design §8: its monitoring moves between instances)', () => {
  const saved = (refs: OntRef[], state: 'working' | 'los', sinceMs: number) =>
    refs.map((ref) => ({ ref, state, since: at(sinceMs) }));

  it('a LOS the previous owner saw but had not classified becomes ONE incident from when it began', () => {
    const c = new Correlator(topology);
    c.restoreOlt(
      'olt1',
      [],
      [...saved(pon1.slice(0, 6), 'los', 1000), ...saved(pon1.slice(6), 'working', 0)],
    );
    const effects = c.handle({ type: 'tick', at: at(60_000) });
    const inc = opened(effects);
    expect(inc).toHaveLength(1);
    expect(inc[0]).toMatchObject({ cause: 'pon-fibre-cut', pon: '1/1/1', start: at(1000).toISOString() });
    // the new owner's first poll sees the same LOS: no transition, nothing new
    for (const o of pon1.slice(0, 6))
      expect(c.handle({ type: 'ont-state', at: at(61_000), ont: o, state: 'los' })).toEqual([]);
    expect(opened(c.handle({ type: 'tick', at: at(70_000) }))).toEqual([]);
  });

  it('an open incident continues with its id: covered ONTs are not held again, recovery resolves it', () => {
    const first = fresh();
    pon1.forEach((o) => first.handle({ type: 'ont-state', at: at(1000), ont: o, state: 'los' }));
    const [inc] = opened(first.handle({ type: 'tick', at: at(5000) }));
    const next = new Correlator(topology);
    next.restoreOlt('olt1', [structuredClone(inc)], saved(pon1, 'los', 1000));
    expect(opened(next.handle({ type: 'tick', at: at(60_000) }))).toEqual([]);
    const effects = pon1.flatMap((o) =>
      next.handle({ type: 'ont-state', at: at(61_000), ont: o, state: 'working' }),
    );
    const resolved = effects.filter((e) => e.kind === 'resolved').map((e) => e.incident);
    expect(resolved.map((i) => [i.id, i.end])).toEqual([[inc.id, at(61_000).toISOString()]]);
  });

  it('forgetOlt drops the OLT’s held LOS and open incidents, and nothing of other OLTs', () => {
    const c = fresh();
    pon1.forEach((o) => c.handle({ type: 'ont-state', at: at(1000), ont: o, state: 'los' }));
    c.restore([
      {
        id: 'other',
        cause: 'drop-fibre',
        olt: 'olt2',
        start: at(0).toISOString(),
        status: 'open',
        affected: [],
        countsForSla: true,
        summary: '',
      },
    ]);
    c.forgetOlt('olt1');
    expect(opened(c.handle({ type: 'tick', at: at(60_000) }))).toEqual([]);
    expect(c.openIncidents().map((i) => i.id)).toEqual(['other']);
  });
});
