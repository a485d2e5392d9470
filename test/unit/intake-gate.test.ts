/**
 * The fair intake gate's rules (adapters/driving/api/intake-gate.ts, docs/fairness.md), without
 * sockets: who is admitted, who waits and for what. The clock is injected (an SP's recent activity
 * counts for ACTIVE_MS); admission of waiting orders runs in a setImmediate, so each step lets one
 * event-loop turn pass before reading the state — no timing.
 */
import { describe, expect, it } from 'vitest';
import { ACTIVE_MS, IntakeGate, type Release } from '../../src/adapters/driving/api/intake-gate.ts';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function gate(concurrency: number, perSp: number, queuePerSp = 16) {
  let now = 0;
  const g = new IntakeGate({ concurrency, perSp, queuePerSp, yieldMs: 250 }, () => now);
  const admitted: string[] = [];
  const slots = new Map<string, Release>();
  /** `name` is `<sp>:<n>`; resolves once admitted */
  const ask = (name: string) => {
    const p = g.acquire(name.split(':')[0]);
    if (!p) return false;
    void p.then((release) => {
      admitted.push(name);
      slots.set(name, release);
    });
    return true;
  };
  const done = async (name: string) => {
    slots.get(name)!();
    await turn();
    await turn();
  };
  const state = () => g.snapshot();
  return { g, ask, done, state, admitted, advance: (ms: number) => (now += ms) };
}

describe('intake gate', () => {
  it('an SP alone gets its perSp slots; while another SP is in intake, one', async () => {
    const t = gate(4, 2);
    t.ask('A:1');
    t.ask('A:2');
    t.ask('A:3');
    await turn();
    expect(t.admitted).toEqual(['A:1', 'A:2']);
    t.ask('B:1');
    await turn();
    expect(t.admitted).toEqual(['A:1', 'A:2', 'B:1']);
    // B has an order running: A's freed slot is not refilled while A already holds one
    await t.done('A:1');
    expect(t.state()).toEqual({ A: { running: 1, waiting: 1 }, B: { running: 1, waiting: 0 } });
  });

  it('a backlog yields to the orders of an SP without one that were running when its turn came', async () => {
    const t = gate(4, 2);
    t.ask('A:1');
    t.ask('A:2');
    t.ask('A:3');
    t.ask('B:1');
    await turn();
    await t.done('A:1');
    await t.done('A:2');
    // two free slots and A has nothing running, yet A:3 waits for B:1
    expect(t.state()).toEqual({ A: { running: 0, waiting: 1 }, B: { running: 1, waiting: 0 } });
    await t.done('B:1');
    expect(t.admitted).toEqual(['A:1', 'A:2', 'B:1', 'A:3']);
  });

  it('the yield is bounded: orders of other SPs that start later do not hold the backlog back', async () => {
    const t = gate(4, 2);
    t.ask('A:1');
    t.ask('A:2');
    t.ask('A:3');
    await turn();
    t.ask('B:1');
    await turn();
    await t.done('A:1');
    await t.done('A:2'); // A:3's turn: it waits for B:1, running then
    t.ask('C:1'); // C has no backlog: it starts at once, beside B:1
    await turn();
    expect(t.admitted).toEqual(['A:1', 'A:2', 'B:1', 'C:1']);
    await t.done('B:1');
    // C:1 is still running, but it started after A:3's turn came: A:3 goes
    expect(t.admitted).toEqual(['A:1', 'A:2', 'B:1', 'C:1', 'A:3']);
  });

  it('an intake running longer than yieldMs holds nobody back (a body sent slowly cannot stall a flood)', async () => {
    const t = gate(4, 2);
    t.ask('A:1');
    t.ask('A:2');
    t.ask('A:3');
    await turn();
    t.ask('B:1'); // B's client then sends its body slowly
    await turn();
    await t.done('A:1');
    await t.done('A:2');
    expect(t.admitted).toEqual(['A:1', 'A:2', 'B:1']);
    t.advance(251);
    t.ask('C:1'); // any admission pass (or the gate's own timer) now lets A:3 go
    await turn();
    await t.done('C:1');
    expect(t.admitted).toEqual(['A:1', 'A:2', 'B:1', 'C:1', 'A:3']);
  });

  it('two floods share round-robin, one order each in flight', async () => {
    const t = gate(4, 2);
    for (let i = 1; i <= 3; i++) t.ask(`A:${i}`);
    await turn();
    for (let i = 1; i <= 3; i++) t.ask(`B:${i}`);
    await turn();
    expect(t.admitted).toEqual(['A:1', 'A:2', 'B:1']);
    await t.done('A:1');
    await t.done('A:2');
    // both have a backlog, so neither yields: one each
    expect(t.admitted).toEqual(['A:1', 'A:2', 'B:1', 'A:3']);
    expect(t.state()).toEqual({ B: { running: 1, waiting: 2 }, A: { running: 1, waiting: 0 } });
  });

  it('another SP counts as in intake for ACTIVE_MS after its last order, then A has its perSp again', async () => {
    const t = gate(4, 2);
    t.ask('B:1');
    await turn();
    await t.done('B:1');
    for (let i = 1; i <= 3; i++) t.ask(`A:${i}`);
    await turn();
    expect(t.admitted).toEqual(['B:1', 'A:1']);
    t.advance(ACTIVE_MS + 1);
    await t.done('A:1');
    expect(t.admitted).toEqual(['B:1', 'A:1', 'A:2', 'A:3']);
  });

  it('work-conserving: with nobody else in intake every slot goes to the backlog', async () => {
    const t = gate(2, 2);
    for (let i = 1; i <= 4; i++) t.ask(`A:${i}`);
    await turn();
    await t.done('A:1');
    expect(t.state()).toEqual({ A: { running: 2, waiting: 1 } });
  });

  it('beyond queuePerSp an SP is refused at once', async () => {
    const t = gate(1, 1, 1);
    expect(t.ask('A:1')).toBe(true);
    expect(t.ask('A:2')).toBe(true);
    expect(t.ask('A:3')).toBe(false);
    expect(t.ask('B:1')).toBe(true);
  });
});
