/**
 * NetconfOltDriver against the simulated OLT's NETCONF server over real SSH on 127.0.0.1, with its
 * fault injection (issue 5 item 7): a failing commit, a connection dropped mid-change, a lock held
 * by another session. The device must end as it was, with a typed error.
 */
import { describe, it, expect, afterEach } from 'vitest';
import {
  startNetconfSim,
  sampleOltConfig,
  SIM_CREDENTIALS,
  type NetconfSim,
} from '../helpers/netconf-sim.ts';
import { NetconfOltDriver } from '../../src/adapters/driven/olt/netconf/netconf-driver.ts';
import { NetconfSession } from '../../src/adapters/driven/olt/netconf/session.ts';
import { NetconfOperations } from '../../src/adapters/driven/olt/netconf/operations.ts';
import {
  CommitError,
  ConnectionLostError,
  LockError,
  DriverError,
} from '../../src/application/ports/olt-driver/errors.ts';
import type { OltConfig } from '../../src/domain/olt-config/model.ts';

let sim: NetconfSim | undefined;
const drivers: NetconfOltDriver[] = [];
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.close().catch(() => undefined);
  await sim?.close();
  sim = undefined;
});

async function setup(initial?: OltConfig) {
  sim = await startNetconfSim({ config: initial });
  const d = new NetconfOltDriver({
    host: '127.0.0.1',
    port: sim.port,
    ...SIM_CREDENTIALS,
    rpcTimeoutMs: 10_000,
    profile: { name: 'ponctl-sim-netconf', capabilities: { rates2000: false } },
  });
  drivers.push(d);
  await d.connect();
  return d;
}

describe('NetconfOltDriver on the simulated OLT', () => {
  it('applies a batch in one locked, validated, confirmed commit and the simulator holds it', async () => {
    const d = await setup();
    expect(d.deviceHooks.name).toBe('default');
    expect(d.capabilities).toMatchObject({
      candidate: true,
      confirmedCommit: true,
      validate: true,
      atomicApply: true,
    });
    const desired = sampleOltConfig(2, 8);
    const diff = d.plan(desired, await d.readConfig());
    const res = await d.apply(diff, { dryRun: false });
    expect(res).toMatchObject({ committed: true, verified: true });
    expect(res.payloads).toHaveLength(1); // one edit-config for the whole batch
    expect(Object.keys(res.timingsMs)).toEqual(
      expect.arrayContaining([
        'lock',
        'precheck',
        'edit',
        'validate',
        'commit',
        'verify',
        'confirm',
        'unlock',
      ]),
    );
    expect(sim!.olt.config.running.channelTerminations.flatMap((c) => c.onus)).toHaveLength(16);
    expect(sim!.olt.config.lockHolder('candidate')).toBeUndefined();
    expect((await d.verify(desired)).ok).toBe(true);
  });

  it('splits a large batch into pipelined edit-configs when the device hooks say so', async () => {
    sim = await startNetconfSim();
    const d = new NetconfOltDriver({
      host: '127.0.0.1',
      port: sim.port,
      ...SIM_CREDENTIALS,
      hooks: { maxChangesPerEdit: 3 },
    });
    drivers.push(d);
    await d.connect();
    const desired = sampleOltConfig(1, 10);
    const res = await d.apply(d.plan(desired, await d.readConfig()), { dryRun: false });
    expect(res.payloads.length).toBeGreaterThan(3);
    expect((await d.verify(desired)).ok).toBe(true);
  });

  it('a commit failing on the device (injected) leaves running as it was and nothing locked', async () => {
    const initial = sampleOltConfig(1, 2);
    const d = await setup(initial);
    const before = structuredClone(sim!.olt.config.running);
    const diff = d.plan(sampleOltConfig(2, 4), await d.readConfig());
    // config operations counted by the simulator: edit-config is 1, commit is 2
    sim!.olt.faults.failOnOp = 2;
    const err = await d.apply(diff, { dryRun: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommitError);
    expect((err as CommitError).rolledBack).toBe(true);
    expect((err as CommitError).errors[0]?.appTag).toBe('fail-commit');
    expect(sim!.olt.config.running).toEqual(before);
    expect(sim!.olt.config.candidateDirty).toBe(false);
    expect(sim!.olt.config.lockHolder('candidate')).toBeUndefined();
    expect(sim!.olt.config.lockHolder('running')).toBeUndefined();
    // the same driver goes on working
    const ok = await d.apply(d.plan(sampleOltConfig(2, 4), await d.readConfig()), { dryRun: false });
    expect(ok.verified).toBe(true);
  });

  it('a connection dropped mid-change is ConnectionLostError and the device ends as it was', async () => {
    const d = await setup(sampleOltConfig(1, 2));
    const before = structuredClone(sim!.olt.config.running);
    const diff = d.plan(sampleOltConfig(2, 4), await d.readConfig());
    sim!.olt.faults.dropAfterOps = 1; // the edit goes through, the commit never answers
    const err = await d.apply(diff, { dryRun: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionLostError);
    expect(d.connected).toBe(false);
    expect(sim!.olt.config.running).toEqual(before);
    // reconnect: the session's candidate edits and locks died with it
    await d.connect();
    expect(await d.readConfig()).toEqual(before);
    expect((await d.apply(d.plan(sampleOltConfig(2, 4)), { dryRun: false })).verified).toBe(true);
  });

  it('a datastore locked by another session is LockError, and nothing is changed', async () => {
    const d = await setup();
    const other = await NetconfSession.connect({ host: '127.0.0.1', port: sim!.port, ...SIM_CREDENTIALS });
    try {
      await new NetconfOperations(other).lock('running');
      const err = await d
        .apply(d.plan(sampleOltConfig(1, 1), await d.readConfig()), { dryRun: false })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockError);
      expect((err as LockError).heldBySession).toBe(other.sessionId);
      expect(sim!.olt.config.running.channelTerminations).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('a dry run returns the edit payloads and touches nothing', async () => {
    const d = await setup();
    const res = await d.apply(d.plan(sampleOltConfig(1, 1), await d.readConfig()), { dryRun: true });
    expect(res).toMatchObject({ dryRun: true, committed: false, verified: false });
    expect(res.payloads[0]).toContain('<v-ani nc:operation="create">');
    expect(sim!.olt.config.running.channelTerminations).toEqual([]);
    await expect(
      Promise.resolve(d.plan(sampleOltConfig(1, 1), undefined).changes.length),
    ).resolves.toBeGreaterThan(0);
    expect(() =>
      new NetconfOltDriver({ host: 'x', port: 1, username: 'u' }).plan(sampleOltConfig(1, 1)),
    ).toThrow(DriverError);
  });
});
