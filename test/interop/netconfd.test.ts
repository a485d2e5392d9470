/**
 * Our NETCONF client and driver against yuma123 `netconfd` (Debian) with yang/ponctl-olt.yang
 * loaded, reached through a private OpenSSH sshd (design §9, issue 5 "What must be shown").
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import { startNetconfd, type NetconfdLab } from '../helpers/netconfd.ts';
import { NetconfSession } from '../../src/adapters/driven/olt/netconf/session.ts';
import { NetconfOperations } from '../../src/adapters/driven/olt/netconf/operations.ts';
import { NetconfOltDriver } from '../../src/adapters/driven/olt/netconf/netconf-driver.ts';
import {
  editToXml,
  oltConfigFromXml,
  oltConfigToXml,
  OLT_NS,
} from '../../src/adapters/driven/olt/netconf/olt-config-xml.ts';
import {
  ConnectAuthError,
  LockError,
  RpcError,
  StalePlanError,
  DriverError,
  MissingCapabilityError,
} from '../../src/application/ports/olt-driver/errors.ts';
import { diffOltConfig } from '../../src/domain/olt-config/diff.ts';
import { config, onu } from '../unit/netconf-client-fixtures.ts';
import ssh2 from 'ssh2';

const YANG = fileURLToPath(new URL('../../yang/ponctl-olt.yang', import.meta.url));
let lab: NetconfdLab;
const conn = () => ({
  host: lab.host,
  port: lab.port,
  username: lab.username,
  privateKey: lab.privateKey,
  connectTimeoutMs: 10_000,
  rpcTimeoutMs: 20_000,
});
const filter = { type: 'subtree' as const, xml: `<olt xmlns="${OLT_NS}"/>` };

beforeAll(async () => {
  lab = await startNetconfd({ modules: [YANG] });
}, 30_000);
afterAll(async () => {
  await lab?.stop();
});

describe('NETCONF client against netconfd (yuma123)', () => {
  it('connects with a key, exchanges hellos, negotiates base:1.1 chunked framing and sees our module', async () => {
    const s = await NetconfSession.connect(conn());
    try {
      expect(s.sessionId).toBeGreaterThan(0);
      expect(s.base).toBe('1.1');
      expect(s.hasCapability(':candidate')).toBe(true);
      expect(s.hasCapability(':confirmed-commit:1.1')).toBe(true);
      expect(s.modules().get('ponctl-olt')?.namespace).toBe(OLT_NS);
    } finally {
      await s.close();
    }
    expect(s.closed).toBe(true);
  });

  it('falls back to end-of-message framing when we offer only base:1.0', async () => {
    const s = await NetconfSession.connect({ ...conn(), offerBase11: false });
    try {
      expect(s.base).toBe('1.0');
      const ops = new NetconfOperations(s);
      expect(await ops.getConfig('running', filter)).toBeTypeOf('string');
    } finally {
      await s.close();
    }
  });

  it('edits the candidate, commits, and get-config reads the same configuration back', async () => {
    const s = await NetconfSession.connect(conn());
    const ops = new NetconfOperations(s);
    try {
      const desired = config([
        { port: '1/1/1', onus: [onu(1), onu(2, { channels: ['internet', 'management', 'voip', 'iptv'] })] },
      ]);
      await ops.lock('candidate');
      await ops.editConfig({
        target: 'candidate',
        config: oltConfigToXml(desired),
        defaultOperation: 'merge',
      });
      await ops.commit();
      await ops.unlock('candidate');
      const back = oltConfigFromXml(`<data>${await ops.getConfig('running', filter)}</data>`);
      expect(diffOltConfig(back, desired).changes).toEqual([]);
      expect(back.channelTerminations[0].onus.map((o) => o.onuId).sort()).toEqual([1, 2]);
    } finally {
      await s.close();
    }
  });

  it('parses netconfd rpc-errors into typed RpcError (create of an existing entry → data-exists)', async () => {
    const s = await NetconfSession.connect(conn());
    const ops = new NetconfOperations(s);
    try {
      const existing = config([{ port: '1/1/2', onus: [onu(7)] }]);
      await ops.editConfig({ target: 'candidate', config: oltConfigToXml(existing) });
      await ops.commit();
      const err = await ops
        .editConfig({
          target: 'candidate',
          config: editToXml([{ op: 'create', kind: 'v-ani', ct: '1/1/2', value: onu(7) }]),
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RpcError);
      const r = err as RpcError;
      expect(r.code).toBe('rpc-error');
      expect(r.tag).toBe('data-exists');
      expect(r.errors[0].type).toBe('application');
      expect(r.errors[0].severity).toBe('error');
      expect(r.errors[0].path).toContain('v-ani');
      // the session stays usable after an rpc-error
      await ops.discardChanges();
      expect(await ops.getConfig('running', filter)).toContain('ZTEG');
    } finally {
      await s.close();
    }
  });

  it('a lock held by another session is a LockError naming the holder', async () => {
    const a = await NetconfSession.connect(conn());
    const b = await NetconfSession.connect(conn());
    try {
      await new NetconfOperations(a).lock('candidate');
      const err = await new NetconfOperations(b).lock('candidate').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockError);
      expect((err as LockError).code).toBe('lock');
      expect((err as LockError).tag).toBe('lock-denied');
      expect((err as LockError).heldBySession).toBe(a.sessionId);
      await new NetconfOperations(a).unlock('candidate');
      await new NetconfOperations(b).lock('candidate'); // released: now it works
      await new NetconfOperations(b).unlock('candidate');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('pipelines many RPCs in flight and matches every reply by message-id', async () => {
    const s = await NetconfSession.connect(conn());
    const ops = new NetconfOperations(s);
    try {
      const replies = await Promise.all([
        ...Array.from({ length: 40 }, () => ops.getConfig('running', filter)),
        ops.lock('running'),
        ops.unlock('running'),
      ]);
      expect(replies.slice(0, 40).every((r) => typeof r === 'string' && r === replies[0])).toBe(true);
      expect(s.inFlight).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('fails early with MissingCapabilityError for an operation the device did not announce', async () => {
    const s = await NetconfSession.connect(conn());
    try {
      // netconfd runs without --with-startup: no :startup
      await expect(new NetconfOperations(s).getConfig('startup')).rejects.toBeInstanceOf(
        MissingCapabilityError,
      );
      expect(s.inFlight).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('rejects a key the server does not know with ConnectAuthError', async () => {
    const other = ssh2.utils.generateKeyPairSync('ed25519').private;
    const err = await NetconfSession.connect({ ...conn(), privateKey: other }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectAuthError);
    expect((err as ConnectAuthError).code).toBe('connect-auth');
  });
});

describe('NetconfOltDriver against netconfd (yuma123)', () => {
  it('plans, applies with a confirmed commit, verifies; a second plan is empty; updates and deletes', async () => {
    const d = new NetconfOltDriver({ ...conn(), profile: { capabilities: { maxOnusPerPon: 128 } } });
    await d.connect();
    try {
      expect(d.deviceHooks.name).toBe('yuma123');
      expect(d.capabilities).toMatchObject({
        protocol: 'netconf',
        candidate: true,
        confirmedCommit: true,
        netconfBase: '1.1',
        profile: { maxOnusPerPon: 128 },
      });
      const scope = { ports: ['2/1/1'] };
      await d.readConfig();
      const desired = config([
        {
          port: '2/1/1',
          onus: [onu(1), onu(2), onu(3, { channels: ['internet', 'management', 'voip', 'iptv'] })],
        },
      ]);
      const diff = d.plan(desired, undefined, scope);
      expect(diff.counts.create).toBeGreaterThan(3);

      const dry = await d.apply(diff, { dryRun: true });
      expect(dry).toMatchObject({ dryRun: true, committed: false });
      expect(dry.payloads.join('')).toContain('nc:operation="create"');
      expect((await d.verify(desired, scope)).ok).toBe(false); // dry run touched nothing

      const res = await d.apply(diff, { dryRun: false, confirmTimeoutS: 60 });
      expect(res).toMatchObject({ dryRun: false, committed: true, verified: true });
      expect(res.timingsMs.confirm).toBeGreaterThanOrEqual(0);
      const v = await d.verify(desired, scope);
      expect(v.remaining).toEqual([]);
      expect(v.ok).toBe(true);
      await d.readConfig();
      expect(d.plan(desired, undefined, scope).changes).toEqual([]);

      // speed change on ONU 2, ONU 1 removed, VoIP dropped from ONU 3
      const next = config(
        [
          {
            port: '2/1/1',
            onus: [onu(2, { down: 'down-1G' }), onu(3, { channels: ['internet', 'management', 'iptv'] })],
          },
        ],
        [{ name: 'down-1G', cirKbps: 0, pirKbps: 1_000_000 }],
      );
      next.channelTerminations[0].onus[1].gemports = [
        { id: 1, tcont: 1 },
        { id: 2, tcont: 1 },
        { id: 4, tcont: 1 },
      ];
      next.channelTerminations[0].onus[1].vlans = onu(3, {
        channels: ['internet', 'management', 'voip', 'iptv'],
      }).vlans.filter((x) => x.channel !== 'voip');
      const diff2 = d.plan(next, await d.readConfig(), scope);
      expect(diff2.changes.map((c) => `${c.kind}:${c.op}`)).toEqual(
        expect.arrayContaining(['traffic-profile:create', 'onu:delete', 'vlan:update', 'vlan:delete']),
      );
      await d.apply(diff2, { dryRun: false });
      expect((await d.verify(next, scope)).ok).toBe(true);
    } finally {
      await d.close();
    }
  });

  it('a change the device refuses leaves running as it was, with a typed error', async () => {
    const d = new NetconfOltDriver(conn());
    await d.connect();
    try {
      const before = await d.readConfig();
      // spec: peak below committed violates the module's `must` (pir-kbps >= cir-kbps)
      const bad = config(
        [{ port: '3/1/1', onus: [onu(1)] }],
        [{ name: 'broken', cirKbps: 500, pirKbps: 100 }],
      );
      const err = await d
        .apply(d.plan(bad, before, { ports: ['3/1/1'] }), { dryRun: false })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DriverError);
      expect(['rpc-error', 'commit', 'validation']).toContain((err as DriverError).code);
      const after = await d.readConfig();
      expect(after).toEqual(before);
      // and the device is not left locked or with a dirty candidate: a good change goes through
      const good = config([{ port: '3/1/1', onus: [onu(1)] }]);
      await d.apply(d.plan(good, after, { ports: ['3/1/1'] }), { dryRun: false });
      expect((await d.verify(good, { ports: ['3/1/1'] })).ok).toBe(true);
    } finally {
      await d.close();
    }
  });

  it('read-back verification catches a commit that did not take, and the device ends as it was', async () => {
    // yuma123 quirk (device-hooks.ts): after a <validate> of the candidate, <commit> answers <ok/>
    // but leaves running unchanged. Forcing the generic hooks reproduces it: verify must notice.
    const d = new NetconfOltDriver({ ...conn(), hooks: { validate: 'rpc' } });
    await d.connect();
    try {
      const before = await d.readConfig();
      const desired = config([{ port: '5/1/1', onus: [onu(1)] }]);
      const err = await d
        .apply(d.plan(desired, before, { ports: ['5/1/1'] }), { dryRun: false })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DriverError);
      expect((err as DriverError).code).toBe('verify');
      expect(await d.readConfig()).toEqual(before);
      expect(d.connected).toBe(true); // rolled back with cancel-commit, not by dropping the session
    } finally {
      await d.close();
    }
  });

  it('refuses a plan made against a configuration that changed since (StalePlanError), touching nothing', async () => {
    const d = new NetconfOltDriver(conn());
    const other = await NetconfSession.connect(conn());
    await d.connect();
    try {
      const actual = await d.readConfig();
      const plan = d.plan(config([{ port: '4/1/1', onus: [onu(5)] }]), actual, { ports: ['4/1/1'] });
      // someone else configures ONU 5 behind our back
      const ops = new NetconfOperations(other);
      await ops.editConfig({
        target: 'candidate',
        config: oltConfigToXml(config([{ port: '4/1/1', onus: [onu(5, { description: 'theirs' })] }])),
      });
      await ops.commit();
      const err = await d.apply(plan, { dryRun: false }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StalePlanError);
      const now = await d.readConfig();
      expect(now.channelTerminations.find((c) => c.name === '4/1/1')?.onus[0].description).toBe('theirs');
    } finally {
      await other.close();
      await d.close();
    }
  });
});
