/**
 * The store contract's cluster part (issue 16, application/ports/store/cluster.ts): the instances
 * registry, per-OLT leases and the trap relay, on every Store implementation. Expiry runs on the
 * database's clock, so the tests wait for it (polling with a deadline, never a fixed sleep).
 * Where SQLite differs it is by the port's own rule: one process, so one live instance.
 */
import { expect, it } from 'vitest';
import type { SqlStore } from '../../src/adapters/driven/store/index.ts';

/** Polls `fn` until it returns something other than undefined/false, or fails after `ms`. */
async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 5000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const me = (id: string, incarnation = `${id}-1`) => ({ id, incarnation, host: 'h', version: '0.1.0' });

export function clusterContract(store: () => SqlStore): void {
  it('instances: join, heartbeat, live; a restart replaces its earlier incarnation', async () => {
    const s = store();
    const t0 = await s.instances.nowMs();
    expect(await s.instances.join(me('a'), 60_000)).toEqual([]);
    const [a] = await s.instances.live();
    expect(a).toMatchObject({ id: 'a', incarnation: 'a-1', host: 'h', version: '0.1.0' });
    expect(Date.parse(a.expiresAt) - Date.parse(a.heartbeatAt)).toBe(60_000);
    expect(Math.abs(Date.parse(a.startedAt) - t0)).toBeLessThan(5000);
    expect(await s.instances.heartbeat('a', 'a-1', 60_000)).toBe(true);
    expect(await s.instances.heartbeat('a', 'other', 60_000)).toBe(false);
    // the same id started again: the run before is dead, handed back once
    const replaced = await s.instances.join(me('a', 'a-2'), 60_000);
    expect(replaced.map((i) => i.incarnation)).toEqual(['a-1']);
    expect(await s.instances.heartbeat('a', 'a-1', 60_000)).toBe(false);
    expect((await s.instances.live()).map((i) => i.incarnation)).toEqual(['a-2']);
    await s.instances.leave('a', 'a-2');
    expect(await s.instances.live()).toEqual([]);
  });

  it('instances: several live on PostgreSQL, one on SQLite (joining declares the others dead)', async () => {
    const s = store();
    await s.instances.join(me('a'), 60_000);
    const replaced = await s.instances.join(me('b'), 60_000);
    if (s.dialect === 'postgres') {
      expect(replaced).toEqual([]);
      expect((await s.instances.live()).map((i) => i.id)).toEqual(['a', 'b']);
    } else {
      expect(replaced.map((i) => i.id)).toEqual(['a']);
      expect((await s.instances.live()).map((i) => i.id)).toEqual(['b']);
    }
  });

  it('instances: a registration that ran out is reaped once, and its heartbeat then fails', async () => {
    const s = store();
    // live for 60 s while it must be live: a 150 ms registration runs out before the next query
    // whenever the test process waits 150 ms for a CPU (load 15-20 on 2 cores); then a 1 ms heartbeat
    await s.instances.join(me('x'), 60_000);
    expect((await s.instances.live()).map((i) => i.id)).toEqual(['x']);
    expect(await s.instances.reapExpired()).toEqual([]);
    expect(await s.instances.heartbeat('x', 'x-1', 1)).toBe(true);
    const reaped = await until('x to run out', async () => {
      const r = await s.instances.reapExpired();
      return r.length ? r : undefined;
    });
    expect(reaped.map((i) => i.id)).toEqual(['x']);
    expect(await s.instances.reapExpired()).toEqual([]);
    expect(await s.instances.live()).toEqual([]);
    expect(await s.instances.heartbeat('x', 'x-1', 150)).toBe(false);
  });

  it('OLT leases: taken when free, renewed by the owner, epoch grows at each change of owner', async () => {
    const s = store();
    await s.instances.join(me('a'), 60_000);
    const l1 = await s.oltLeases.acquire('olt-1', 'a', 60_000);
    expect(l1).toMatchObject({ olt: 'olt-1', owner: 'a', epoch: 1 });
    expect(l1!.expiresMs - l1!.acquiredMs).toBe(60_000);
    expect((await s.oltLeases.acquire('olt-1', 'a', 60_000))?.epoch).toBe(1);
    await s.oltLeases.acquire('olt-2', 'a', 60_000);
    expect(await s.oltLeases.renewAll('a', 60_000)).toEqual(['olt-1', 'olt-2']);
    await s.oltLeases.release('a', ['olt-1']);
    expect(await s.oltLeases.renewAll('a', 60_000)).toEqual(['olt-2']);
    const free = (await s.oltLeases.list()).find((l) => l.olt === 'olt-1')!;
    expect(free.owner).toBeUndefined();
    expect((await s.oltLeases.acquire('olt-1', 'a', 60_000))?.epoch).toBe(2);
    // a release by someone who does not hold it changes nothing
    await s.oltLeases.release('b', ['olt-2']);
    expect((await s.oltLeases.list()).map((l) => [l.olt, l.owner])).toEqual([
      ['olt-1', 'a'],
      ['olt-2', 'a'],
    ]);
  });

  it('OLT leases: held leases are refused to others until they run out or their owner is dead', async () => {
    const s = store();
    if (s.dialect === 'postgres') {
      await s.instances.join(me('a'), 60_000);
      await s.instances.join(me('b'), 60_000);
      await s.oltLeases.acquire('olt-1', 'a', 60_000);
      expect(await s.oltLeases.acquire('olt-1', 'b', 60_000)).toBeUndefined();
      // two racing for a free OLT: exactly one wins
      const [x, y] = await Promise.all([
        s.oltLeases.acquire('olt-9', 'a', 60_000),
        s.oltLeases.acquire('olt-9', 'b', 60_000),
      ]);
      expect([x, y].filter(Boolean).length).toBe(1);
      // a short lease that runs out is taken over, with a new epoch
      await s.oltLeases.acquire('olt-2', 'a', 100);
      const taken = await until('olt-2 to run out', () => s.oltLeases.acquire('olt-2', 'b', 60_000));
      expect(taken).toMatchObject({ owner: 'b', epoch: 2 });
      expect(await s.oltLeases.renewAll('a', 60_000)).toEqual(x ? ['olt-1', 'olt-9'] : ['olt-1']);
      // its owner left (declared dead): the lease is free at once, however long it had to run
      await s.instances.leave('a', 'a-1');
      expect((await s.oltLeases.acquire('olt-1', 'b', 60_000))?.owner).toBe('b');
    } else {
      // SQLite: the lease of an earlier run's instance is free as soon as this run has joined
      await s.instances.join(me('old'), 60_000);
      await s.oltLeases.acquire('olt-1', 'old', 60_000);
      await s.instances.join(me('new'), 60_000);
      expect(await s.oltLeases.acquire('olt-1', 'new', 60_000)).toMatchObject({ owner: 'new', epoch: 2 });
    }
  });

  it('trap relay: drained per OLT, in relay order, each notification once', async () => {
    const s = store();
    const at = '2026-03-02T08:00:00.000Z';
    await s.relayedTraps.relay({ olt: 'olt-1', receivedBy: 'b', receivedAt: at, body: '{"n":1}' });
    await s.relayedTraps.relay({ olt: 'olt-2', receivedBy: 'b', receivedAt: at, body: '{"n":2}' });
    await s.relayedTraps.relay({ olt: 'olt-1', receivedBy: 'c', receivedAt: at, body: '{"n":3}' });
    expect(await s.relayedTraps.drain([], 10)).toEqual([]);
    const first = await s.relayedTraps.drain(['olt-1', 'olt-3'], 10);
    expect(first.map((t) => [t.olt, t.receivedBy, t.body])).toEqual([
      ['olt-1', 'b', '{"n":1}'],
      ['olt-1', 'c', '{"n":3}'],
    ]);
    expect(first[0].id).toBeLessThan(first[1].id);
    expect(await s.relayedTraps.drain(['olt-1'], 10)).toEqual([]);
    expect((await s.relayedTraps.drain(['olt-2'], 1)).map((t) => t.body)).toEqual(['{"n":2}']);
  });
}
