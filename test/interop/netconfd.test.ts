/**
 * Our NETCONF client (session and operations layers: framing, hello, RPCs, rpc-errors, locks,
 * pipelining) against yuma123 `netconfd` (Debian), reached through a private OpenSSH sshd (design
 * §9, issue 5 "What must be shown"). netconfd holds the standard ietf-interfaces (RFC 7223, as
 * Debian ships it with yuma123): the protocol is exercised on a module no one here wrote. The
 * driver in the BBF models meets netconfd in netconfd-bbf-missing.test.ts (a server lacking modules)
 * and real-tool servers in ncclient-bbf / bbf-olt-* / the driver contract suite.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startNetconfd, type NetconfdLab } from '../helpers/netconfd.ts';
import { NetconfSession } from '../../src/adapters/driven/olt/netconf/session.ts';
import { newHostKey } from '../../simulators/ssh/server.ts';
import { NetconfOperations } from '../../src/adapters/driven/olt/netconf/operations.ts';
import {
  ConnectAuthError,
  LockError,
  RpcError,
  MissingCapabilityError,
} from '../../src/application/ports/olt-driver/errors.ts';

const IF_NS = 'urn:ietf:params:xml:ns:yang:ietf-interfaces';
/** One ietf-interfaces entry (RFC 7223): name, iana-if-type type, description; `op` an nc:operation. */
const iface = (name: string, description: string, op?: 'create' | 'delete') =>
  `<interfaces xmlns="${IF_NS}"><interface${
    op ? ` xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="${op}"` : ''
  }><name>${name}</name>` +
  (op === 'delete'
    ? ''
    : `<type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:ethernetCsmacd</type>` +
      `<description>${description}</description>`) +
  '</interface></interfaces>';
/** name → description of every interface in a get-config reply's data. */
const descriptions = (xml: string) =>
  Object.fromEntries(
    [...xml.matchAll(/<interface>\s*<name>([^<]+)<\/name>[\s\S]*?<description>([^<]*)<\/description>/g)].map(
      (m) => [m[1], m[2]],
    ),
  );
let lab: NetconfdLab;
const conn = () => ({
  host: lab.host,
  port: lab.port,
  username: lab.username,
  privateKey: lab.privateKey,
  connectTimeoutMs: 10_000,
  rpcTimeoutMs: 20_000,
});
const filter = { type: 'subtree' as const, xml: `<interfaces xmlns="${IF_NS}"/>` };

beforeAll(async () => {
  lab = await startNetconfd({ modules: ['iana-if-type', 'ietf-interfaces'] });
}, 30_000);
afterAll(async () => {
  await lab?.stop();
});

describe('NETCONF client against netconfd (yuma123)', () => {
  it('connects with a key, exchanges hellos, negotiates base:1.1 chunked framing and sees the module', async () => {
    const s = await NetconfSession.connect(conn());
    try {
      expect(s.sessionId).toBeGreaterThan(0);
      expect(s.base).toBe('1.1');
      expect(s.hasCapability(':candidate')).toBe(true);
      expect(s.hasCapability(':confirmed-commit:1.1')).toBe(true);
      expect(s.modules().get('ietf-interfaces')?.namespace).toBe(IF_NS);
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
      await ops.lock('candidate');
      await ops.editConfig({
        target: 'candidate',
        config: iface('uplink-1', 'to the BNG'),
        defaultOperation: 'merge',
      });
      await ops.editConfig({ target: 'candidate', config: iface('uplink-2', 'spare') });
      // nothing reaches running before the commit
      expect(descriptions(await ops.getConfig('running', filter))['uplink-1']).toBeUndefined();
      await ops.commit();
      await ops.unlock('candidate');
      const back = descriptions(await ops.getConfig('running', filter));
      expect(back).toMatchObject({ 'uplink-1': 'to the BNG', 'uplink-2': 'spare' });
    } finally {
      await s.close();
    }
  });

  it('parses netconfd rpc-errors into typed RpcError (create of an existing entry → data-exists)', async () => {
    const s = await NetconfSession.connect(conn());
    const ops = new NetconfOperations(s);
    try {
      await ops.editConfig({ target: 'candidate', config: iface('uplink-7', 'exists') });
      await ops.commit();
      const err = await ops
        .editConfig({ target: 'candidate', config: iface('uplink-7', 'again', 'create') })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RpcError);
      const r = err as RpcError;
      expect(r.code).toBe('rpc-error');
      expect(r.tag).toBe('data-exists');
      expect(r.errors[0].type).toBe('application');
      expect(r.errors[0].severity).toBe('error');
      expect(r.errors[0].path).toContain('interface');
      // the session stays usable after an rpc-error
      await ops.discardChanges();
      expect(descriptions(await ops.getConfig('running', filter))['uplink-7']).toBe('exists');
      // and a delete of it commits
      await ops.editConfig({ target: 'candidate', config: iface('uplink-7', '', 'delete') });
      await ops.commit();
      expect(descriptions(await ops.getConfig('running', filter))['uplink-7']).toBeUndefined();
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
    // newHostKey: a fresh ed25519 key ssh2 can parse (about 1 in 600 it generates one it cannot, and
    // the session then fails on parsing, not on the server's refusal)
    const other = newHostKey();
    const err = await NetconfSession.connect({ ...conn(), privateKey: other }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectAuthError);
    expect((err as ConnectAuthError).code).toBe('connect-auth');
  });
});
