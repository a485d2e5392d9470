/**
 * THE contract of the ZXA10 CLI driver (napalm's shared getter suite, `napalm/base/test/getters.py`):
 * one set of tests every target runs — recorded real sessions through the replay transport, the
 * lab's ZXA10 simulator over SSH, and a real OLT when PONCTL_REAL_OLT names one (see
 * zxa10-driver-contract.test.ts). Each test opens and closes its own session, so the tests do not
 * depend on each other's order. A target states the facts of its device the tests may rely on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Zxa10CliDriver } from '../../src/adapters/driven/olt/zxa10-cli/zxa10-driver.ts';
import { CliCommandError } from '../../src/adapters/driven/olt/zxa10-cli/zxa10-session.ts';
import { CommitError } from '../../src/application/ports/olt-driver/errors.ts';
import type { OltConfig, VAni } from '../../src/domain/olt-config/model.ts';
import {
  subscriberTrafficProfiles,
  subscriberVAni,
  vlanPlanFor,
} from '../../src/domain/provisioning/index.ts';

export interface OnuRef {
  pon: string;
  onuId: number;
}

/** One opened driver and the check that the device saw nothing it should not have (replay). */
export interface TargetSession {
  driver: Zxa10CliDriver;
  /** Throws when the target noticed something wrong (a command a recording does not hold, …). */
  finish(): void;
}

export interface ContractTarget {
  name: string;
  profile: 'zxa10-c300' | 'zxa10-c600';
  /** Brings the device up / seeds it (simulator), and takes it down after the suite. */
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  /** A new, not yet connected driver; `purpose` picks the recording for replay targets. */
  open(purpose: 'reads' | 'write'): TargetSession;
  facts: {
    /** A configured ONU (with at least one T-CONT and GEM port). */
    knownOnu: OnuRef;
    /** A PON port whose ONU states can be read. */
    statePon: string;
    /** An ONU whose detail-info can be read. */
    detailOnu: OnuRef;
    /** Commands (typed in this order) the device refuses, and the shape of its error line. */
    refused: { commands: string[]; line: RegExp };
    /** A free ONU slot the suite may configure and remove again (absent: no write test). */
    writable?: OnuRef & { serial: string };
  };
}

async function withDriver<T>(
  t: ContractTarget,
  purpose: 'reads' | 'write',
  f: (d: Zxa10CliDriver) => Promise<T>,
) {
  const s = t.open(purpose);
  try {
    await s.driver.connect();
    return await f(s.driver);
  } finally {
    await s.driver.close();
    s.finish();
  }
}

const onusOf = (cfg: OltConfig) =>
  cfg.channelTerminations.flatMap((ct) => ct.onus.map((o) => ({ port: ct.name, onuId: o.onuId })));

/** The desired configuration with one ponctl subscriber (internet only) at `slot`, beside what is there. */
function withSubscriber(
  actual: OltConfig,
  slot: OnuRef & { serial: string },
): { desired: OltConfig; onu: VAni } {
  const services = { internet: '100/100' } as const;
  const onu = subscriberVAni({
    adapterId: 'A-00009001',
    port: { olt: 'contract', pon: slot.pon, onuId: slot.onuId },
    ontSerial: slot.serial,
    onuType: 'ZXHN-F601',
    services,
    vlans: vlanPlanFor(3010),
    suspended: false,
  });
  const profiles = new Map(actual.trafficProfiles.map((p) => [p.name, p]));
  for (const p of subscriberTrafficProfiles(services)) profiles.set(p.name, p);
  const cts = actual.channelTerminations.filter((c) => c.name !== slot.pon);
  const here = actual.channelTerminations.find((c) => c.name === slot.pon)?.onus ?? [];
  cts.push({ name: slot.pon, onus: [...here.filter((o) => o.onuId !== slot.onuId), onu] });
  return { desired: { trafficProfiles: [...profiles.values()], channelTerminations: cts }, onu };
}

/**
 * The write scenario: authorise a ponctl subscriber (internet only) at a free slot, verify, remove it
 * and verify it gone. Exported so a recording of it can be made (test/fixtures/zxa10-replay/README.md).
 */
export async function subscriberRoundTrip(
  d: Zxa10CliDriver,
  slot: OnuRef & { serial: string },
): Promise<void> {
  const before = await d.readConfig();
  const scope = { onus: [{ port: slot.pon, onuId: slot.onuId }], trafficProfiles: [] };
  const { desired } = withSubscriber(before, slot);
  const add = d.plan(desired, before, scope);
  expect(add.changes.map((c) => `${c.kind} ${c.op}`)).toContain('onu create');
  const r = await d.apply(add, { dryRun: false }).catch((e: unknown) => {
    throw e instanceof CommitError ? new Error(`${e.message}: ${JSON.stringify(e.errors)}`) : e;
  });
  expect(r).toMatchObject({ committed: true, verified: true });
  expect((await d.verify(desired, scope)).ok).toBe(true);
  const gone = d.plan(before, await d.readConfig(), scope);
  expect(gone.changes.map((c) => `${c.kind} ${c.op}`)).toContain('onu delete');
  expect(await d.apply(gone, { dryRun: false })).toMatchObject({ committed: true, verified: true });
}

export function zxa10DriverContract(t: ContractTarget): void {
  describe(`ZXA10 driver contract: ${t.name}`, () => {
    beforeAll(() => t.setup?.());
    afterAll(() => t.teardown?.());
    it('connects through the banner and login notices, in the profile family', async () => {
      await withDriver(t, 'reads', async (d) => {
        expect(d.connected).toBe(true);
        expect(d.capabilities.protocol).toBe('cli');
        if (d.dialect.reads.identity)
          expect(d.identity?.sysObjectID).toMatch(/^1\.3\.6\.1\.4\.1\.3902\.1082\./);
      });
    });

    it('reads the running-config with nothing unknown that matters, T-CONTs and GEM ports included', async () => {
      await withDriver(t, 'reads', async (d) => {
        const cfg = await d.readConfig();
        expect(d.unknownLines).toEqual([]);
        const onu = cfg.channelTerminations
          .find((c) => c.name === t.facts.knownOnu.pon)
          ?.onus.find((o) => o.onuId === t.facts.knownOnu.onuId);
        expect(onu?.tconts.length).toBeGreaterThan(0);
        expect(onu?.gemports.length).toBeGreaterThan(0);
        expect(onu?.expectedSerial).toMatch(/^[A-Z0-9]{4}[0-9A-F]{8}$/);
      });
    });

    it('reconcile against what it read plans no change and sends nothing', async () => {
      await withDriver(t, 'reads', async (d) => {
        const cfg = await d.readConfig();
        const diff = d.plan(cfg, cfg, { onus: onusOf(cfg), trafficProfiles: 'all' });
        expect(diff.changes).toEqual([]);
        const dry = await d.apply(diff, { dryRun: true });
        expect(dry.payloads).toEqual([]);
      });
    });

    it('lists unconfigured ONUs by PON port and serial', async () => {
      await withDriver(t, 'reads', async (d) => {
        const list = await d.readUnconfiguredOnus();
        for (const u of list) {
          expect(u.pon).toMatch(/^\d+\/\d+\/\d+$/);
          expect(u.serial).toMatch(/^[A-Z0-9]{4}[0-9A-F]{8}$/);
        }
      });
    });

    it('reads the ONU states of a PON port in the telemetry vocabulary', async () => {
      await withDriver(t, 'reads', async (d) => {
        const rows = await d.readOnuStates(t.facts.statePon);
        expect(rows.length).toBeGreaterThan(0);
        for (const r of rows) {
          expect(r.pon).toBe(t.facts.statePon);
          expect(['working', 'los', 'dyingGasp', 'offline', 'syncMib', 'logging', 'authFailed']).toContain(
            r.phase,
          );
        }
      });
    });

    it("reads an ONU's detail-info", async () => {
      await withDriver(t, 'reads', async (d) => {
        const det = await d.readOnuDetail(t.facts.detailOnu.pon, t.facts.detailOnu.onuId);
        expect(det.fields['Serial number']).toMatch(/^\S+$/);
        expect(det.fields['Phase state']).toBeTruthy();
      });
    });

    it('a refused command is a typed error carrying the device line', async () => {
      await withDriver(t, 'reads', async (d) => {
        const e = await d.runCommands(t.facts.refused.commands).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(CliCommandError);
        expect((e as CliCommandError).code).toBe('cli-error');
        expect((e as CliCommandError).line).toMatch(t.facts.refused.line);
      });
    });

    const slot = t.facts.writable;
    if (slot)
      it('authorises and configures a subscriber ONU, verifies it, and removes it again', async () => {
        await withDriver(t, 'write', (d) => subscriberRoundTrip(d, slot));
      });
  });
}
