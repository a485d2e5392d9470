/**
 * ONE driver contract suite (style.md: napalm's shared getters suite) run against every OltDriver
 * over the simulators: the NETCONF driver and the ZXA10 CLI driver in C300 and C600 naming. The
 * same scenarios, the same expectations; only the factory differs. Each scenario stands alone: it
 * gets a fresh driver and a device reset to the configuration the lab started with, and arranges
 * what it needs itself, so scenarios can run alone or in any order (`it.only`, `--sequence.shuffle`).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OltDriver } from '../../src/application/ports/olt-driver/olt-driver.ts';
import {
  CommitError,
  ConnectionLostError,
  DriverError,
} from '../../src/application/ports/olt-driver/errors.ts';
import { desiredOltConfig, vlanPlanFor, type SubscriberIntent } from '../../src/domain/provisioning/index.ts';
import type { OltConfig } from '../../src/domain/olt-config/model.ts';

/** What the suite needs to see of the device besides the driver (its own view, not the driver's). */
export interface ContractDevice {
  driver: () => OltDriver;
  protocol: 'netconf' | 'cli';
  serials: string[];
  /** The device's running configuration, as the device holds it (compared before/after). */
  snapshot(): Promise<string> | string;
  /** The ONU ids configured on PON 1/1/1, as the device holds them. */
  onuIds(): Promise<number[]> | number[];
  /** Back to the configuration the device started with (each scenario stands alone). */
  reset(): Promise<void> | void;
  /** Make the device fail the change about to be sent (NETCONF: an edit; CLI: a command midway). */
  failNextChange(): void;
  clearFailure(): void;
  /** Checked after every scenario (BBF: ncclient reads running, yanglint validates it). */
  afterScenario?(): Promise<void>;
  teardown(): Promise<void>;
}

export interface ContractTarget {
  name: string;
  /** A fresh device and an unconnected driver for it. */
  setup(): Promise<ContractDevice>;
}

const intent = (
  onuId: number,
  serial: string,
  services: SubscriberIntent['services'] = { internet: '300/150', voip: '1/1', iptv: 50, management: true },
): SubscriberIntent => ({
  adapterId: `A-${String(onuId).padStart(8, '0')}`,
  port: { olt: 'x', pon: '1/1/1', onuId },
  ontSerial: serial,
  onuType: 'ZXHN-F601',
  services,
  vlans: vlanPlanFor(1000),
  suspended: false,
});

export function driverContract(t: ContractTarget): void {
  describe(`OltDriver contract: ${t.name}`, () => {
    let env: ContractDevice;
    let d: OltDriver;
    const scope = { onus: [1, 2, 3].map((onuId) => ({ port: '1/1/1', onuId })) };
    const two = () => desiredOltConfig([intent(1, env.serials[0]), intent(2, env.serials[1])]);

    /** A connected driver on a device that already holds `desired` (arranged through the driver). */
    async function holding(desired: OltConfig): Promise<void> {
      await d.connect();
      const r = await d.apply(d.plan(desired, await d.readConfig(), scope), { dryRun: false });
      expect(r.verified).toBe(true);
    }

    beforeAll(async () => {
      env = await t.setup();
    }, 30_000);
    afterAll(async () => {
      await env?.teardown();
    });
    beforeEach(async () => {
      env.clearFailure();
      await env.reset();
      d = env.driver();
    });
    afterEach(async () => {
      env.clearFailure();
      await d.close();
      await env.afterScenario?.();
    });

    it('plan() before any read is refused with a typed error', () => {
      expect(() => d.plan(desiredOltConfig([]))).toThrow(DriverError);
    });

    it('connects and declares its capabilities', async () => {
      await d.connect();
      expect(d.connected).toBe(true);
      expect(d.capabilities.protocol).toBe(env.protocol);
      expect(d.capabilities.atomicApply).toBe(true);
    });

    it('a dry run returns what would be sent and changes nothing', async () => {
      await d.connect();
      const before = await env.snapshot();
      const desired = desiredOltConfig([intent(1, env.serials[0])]);
      const diff = d.plan(desired, await d.readConfig(), scope);
      expect(diff.counts.create).toBeGreaterThan(4);
      const r = await d.apply(diff, { dryRun: true });
      expect(r.committed).toBe(false);
      expect(r.payloads.length).toBeGreaterThan(0);
      expect(await env.snapshot()).toBe(before);
    });

    it('apply commits and verifies; a second plan is empty; verify() agrees', async () => {
      await d.connect();
      const desired = two();
      const diff = d.plan(desired, await d.readConfig(), scope);
      const r = await d.apply(diff, { dryRun: false });
      expect(r.committed && r.verified).toBe(true);
      expect(d.plan(desired, await d.readConfig(), scope).changes).toHaveLength(0);
      expect((await d.verify(desired, scope)).ok).toBe(true);
    });

    it('an update is minimal: one speed change touches only the internet channel', async () => {
      await holding(two());
      const desired = desiredOltConfig([
        intent(1, env.serials[0], { internet: '500/250', voip: '1/1', iptv: 50, management: true }),
        intent(2, env.serials[1]),
      ]);
      const diff = d.plan(desired, await d.readConfig(), scope);
      const nonProfile = diff.changes.filter((c) => c.kind !== 'traffic-profile');
      // the internet VLAN's rate limits, and the upstream T-CONT of ONU 1: nothing of ONU 2, no other channel
      expect(nonProfile.every((c) => c.onuId === 1)).toBe(true);
      expect(nonProfile.filter((c) => c.kind === 'vlan')).toMatchObject([
        { op: 'update', channel: 'internet' },
      ]);
      expect(nonProfile.filter((c) => c.kind === 'onu').flatMap((c) => c.fields)).toEqual(['tconts']);
      expect((await d.apply(diff, { dryRun: false })).verified).toBe(true);
    });

    it('a device failure mid-change leaves the device as it was (CommitError, rolled back)', async () => {
      await holding(two());
      const before = await env.snapshot();
      env.failNextChange();
      const desired = desiredOltConfig([
        intent(1, env.serials[0], { internet: '500/250', voip: '1/1', iptv: 50, management: true }),
        intent(2, env.serials[1]),
        intent(3, env.serials[2]),
      ]);
      const diff = d.plan(desired, await d.readConfig(), scope);
      const err = await d.apply(diff, { dryRun: false }).catch((e: unknown) => e);
      env.clearFailure();
      // a typed device error (not a lost session), and whatever was done is undone
      expect(err).toBeInstanceOf(DriverError);
      expect(err).not.toBeInstanceOf(ConnectionLostError);
      if (err instanceof CommitError) expect(err.rolledBack).toBe(true);
      expect(await env.snapshot()).toBe(before);
    });

    it('deleting an ONU removes it', async () => {
      await holding(two());
      const desired = desiredOltConfig([intent(2, env.serials[1])]);
      const r = await d.apply(d.plan(desired, await d.readConfig(), scope), { dryRun: false });
      expect(r.verified).toBe(true);
      expect(await env.onuIds()).toEqual([2]);
    });

    it('close() ends the session', async () => {
      await d.connect();
      await d.close();
      expect(d.connected).toBe(false);
    });
  });
}
