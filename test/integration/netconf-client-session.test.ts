/**
 * Transport + session over a real ssh2 loopback (no mocks below the socket): a scripted NETCONF
 * server whose replies the test controls, so out-of-order replies, silence, multi-error replies and
 * dropped connections can be produced on demand.
 */
import { describe, it, expect, afterEach } from 'vitest';
import net from 'node:net';
import ssh2 from 'ssh2';
import type { Duplex } from 'node:stream';
import { FrameDecoder, encodeFrame, type FramingMode } from '../../src/protocols/netconf/framing.ts';
import { NetconfSession } from '../../src/adapters/driven/olt/netconf/session.ts';
import { newHostKey } from '../../simulators/ssh/server.ts';
import { NetconfOperations } from '../../src/adapters/driven/olt/netconf/operations.ts';
import { helloXml, BASE_1_0, BASE_1_1 } from '../../src/adapters/driven/olt/netconf/transport.ts';
import {
  ConnectAuthError,
  ConnectTimeoutError,
  ConnectionLostError,
  RpcError,
  RpcTimeoutError,
  MissingCapabilityError,
  LockError,
} from '../../src/application/ports/olt-driver/errors.ts';

const HOST_KEY = newHostKey(); // one ssh2 can parse (it cannot parse ~1 in 600 it generates)
const NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';

interface Rpc {
  id: string;
  body: string;
  reply(xml: string): void;
  peer: ScriptedPeer;
}
interface ScriptedPeer {
  stream: Duplex;
  drop(): void;
  framing: FramingMode;
}

/** A NETCONF server on ssh2 whose every RPC is handed to `onRpc`. */
async function scriptedServer(opts: {
  caps?: string[];
  sessionId?: number;
  onRpc: (rpc: Rpc) => void;
  password?: string;
}) {
  const conns = new Set<ssh2.Connection>();
  const server = new ssh2.Server({ hostKeys: [HOST_KEY] }, (client) => {
    conns.add(client);
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.password === (opts.password ?? 'secret')) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('ready', () =>
      client.on('session', (accept) => {
        accept().on('subsystem', (acc, _rej, info) => {
          if (info.name !== 'netconf') return;
          const stream = acc();
          const caps = opts.caps ?? [BASE_1_0, BASE_1_1, 'urn:ietf:params:netconf:capability:candidate:1.0'];
          stream.write(
            encodeFrame(
              helloXml(caps).replace(
                '</capabilities>',
                `</capabilities><session-id>${opts.sessionId ?? 42}</session-id>`,
              ),
              'eom',
            ),
          );
          const dec = new FrameDecoder('eom');
          const peer: ScriptedPeer = { stream, drop: () => client.end(), framing: 'eom' };
          let gotHello = false;
          stream.on('data', (d: Buffer) => {
            dec.push(d);
            for (let m = dec.next(); m !== undefined; m = dec.next()) {
              if (!gotHello) {
                gotHello = true;
                if (m.includes(BASE_1_1) && caps.includes(BASE_1_1)) {
                  dec.setMode('chunked');
                  peer.framing = 'chunked';
                }
                continue;
              }
              const id = /message-id="([^"]*)"/.exec(m)?.[1] ?? '';
              const body = m.replace(/^.*?<rpc[^>]*>/s, '').replace(/<\/rpc>\s*$/, '');
              opts.onRpc({ id, body, peer, reply: (xml) => stream.write(encodeFrame(xml, peer.framing)) });
            }
          });
        });
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const c of conns) c.end();
        server.close(() => r());
      }),
  };
}

const ok = (id: string) => `<rpc-reply xmlns="${NS}" message-id="${id}"><ok/></rpc-reply>`;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function connect(port: number, extra: Partial<Parameters<typeof NetconfSession.connect>[0]> = {}) {
  const s = await NetconfSession.connect({
    host: '127.0.0.1',
    port,
    username: 'ponctl',
    password: 'secret',
    ...extra,
  });
  cleanups.push(() => s.kill());
  return s;
}

describe('NETCONF session over ssh2 loopback', () => {
  it('negotiates chunked framing and reads session-id and capabilities from the hello', async () => {
    const srv = await scriptedServer({ sessionId: 7, onRpc: (r) => r.reply(ok(r.id)) });
    cleanups.push(srv.close);
    const s = await connect(srv.port);
    expect(s.sessionId).toBe(7);
    expect(s.base).toBe('1.1');
    expect(s.hasCapability(':candidate')).toBe(true);
    expect(s.hasCapability(':validate')).toBe(false);
    await expect(new NetconfOperations(s).validate()).rejects.toBeInstanceOf(MissingCapabilityError);
    expect((await s.rpc('<get/>')).ok).toBe(true);
  });

  it('uses end-of-message framing with a base:1.0-only server', async () => {
    const srv = await scriptedServer({ caps: [BASE_1_0], onRpc: (r) => r.reply(ok(r.id)) });
    cleanups.push(srv.close);
    const s = await connect(srv.port);
    expect(s.base).toBe('1.0');
    expect((await s.rpc('<get/>')).ok).toBe(true);
  });

  it('matches pipelined replies by message-id even when they come back out of order', async () => {
    const held: Rpc[] = [];
    const srv = await scriptedServer({
      onRpc: (r) => {
        held.push(r);
        if (held.length === 20)
          for (const h of [...held].reverse())
            h.reply(
              `<rpc-reply xmlns="${NS}" message-id="${h.id}"><data><n>${h.body}</n></data></rpc-reply>`,
            );
      },
    });
    cleanups.push(srv.close);
    const s = await connect(srv.port);
    const bodies = Array.from({ length: 20 }, (_, i) => `<get><x>${i}</x></get>`);
    const replies = await Promise.all(bodies.map((b) => s.rpc(b)));
    replies.forEach((r, i) => expect(r.raw).toContain(`<x>${i}</x>`));
    expect(new Set(held.map((h) => h.id)).size).toBe(20);
  });

  it('large RPCs, in flight together and one after another, arrive whole (frame memory is reused once sent)', async () => {
    const got = new Map<string, string>();
    const srv = await scriptedServer({
      onRpc: (r) => {
        got.set(r.id, r.body);
        r.reply(`<rpc-reply xmlns="${NS}" message-id="${r.id}"><ok/></rpc-reply>`);
      },
    });
    cleanups.push(srv.close);
    const s = await connect(srv.port);
    // 100-400 KB each, every one different: a frame written over a reused buffer would show
    const body = (i: number) =>
      `<get><x>${String(i % 10).repeat(100_000 + ((i * 37_000) % 300_000))}</x></get>`;
    const sent = new Map<string, string>();
    const send = async (i: number) => {
      const r = await s.rpc(body(i));
      sent.set(r.messageId!, body(i));
    };
    await Promise.all([0, 1, 2, 3, 4, 5].map(send));
    for (let i = 6; i < 12; i++) await send(i);
    await Promise.all([12, 13, 14].map(send));
    expect(got.size).toBe(15);
    for (const [id, b] of sent) expect(got.get(id) === b, `message ${id}`).toBe(true);
  });

  it('parses every rpc-error (with error-info) and ignores warnings', async () => {
    const srv = await scriptedServer({
      onRpc: (r) => {
        if (r.body.startsWith('<lock>')) {
          r.reply(
            `<rpc-reply xmlns="${NS}" message-id="${r.id}"><rpc-error><error-type>protocol</error-type><error-tag>lock-denied</error-tag><error-severity>error</error-severity><error-message xml:lang="en">held</error-message><error-info><session-id>3</session-id></error-info></rpc-error></rpc-reply>`,
          );
        } else if (r.body.startsWith('<edit-config>')) {
          r.reply(
            `<nc:rpc-reply xmlns:nc="${NS}" message-id="${r.id}">` +
              '<nc:rpc-error><nc:error-type>application</nc:error-type><nc:error-tag>invalid-value</nc:error-tag><nc:error-severity>error</nc:error-severity><nc:error-app-tag>too-big</nc:error-app-tag><nc:error-path>/olt/x</nc:error-path><nc:error-info><nc:bad-element>x</nc:bad-element></nc:error-info></nc:rpc-error>' +
              '<nc:rpc-error><nc:error-type>application</nc:error-type><nc:error-tag>missing-element</nc:error-tag><nc:error-severity>error</nc:error-severity></nc:rpc-error>' +
              '</nc:rpc-reply>',
          );
        } else {
          r.reply(
            `<rpc-reply xmlns="${NS}" message-id="${r.id}"><rpc-error><error-type>application</error-type><error-tag>operation-failed</error-tag><error-severity>warning</error-severity></rpc-error><ok/></rpc-reply>`,
          );
        }
      },
    });
    cleanups.push(srv.close);
    const s = await connect(srv.port);
    const ops = new NetconfOperations(s);
    const lock = await ops.lock('running').catch((e: unknown) => e);
    expect(lock).toBeInstanceOf(LockError);
    expect(lock).toMatchObject({ heldBySession: 3, target: 'running', code: 'lock' });
    expect((lock as LockError).errors[0].message).toBe('held');

    const edit = (await ops
      .editConfig({ target: 'candidate', config: '<x/>' })
      .catch((e: unknown) => e)) as RpcError;
    expect(edit).toBeInstanceOf(RpcError);
    expect(edit.errors).toHaveLength(2);
    expect(edit.errors[0]).toEqual({
      type: 'application',
      tag: 'invalid-value',
      severity: 'error',
      appTag: 'too-big',
      path: '/olt/x',
      info: { 'bad-element': 'x' },
    });
    expect(edit.errors[1].tag).toBe('missing-element');

    const warned = await s.rpc('<get/>');
    expect(warned.ok).toBe(true);
    expect(warned.errors[0].severity).toBe('warning');
  });

  it('times out one RPC without breaking the session; a late reply is dropped', async () => {
    let late: Rpc | undefined;
    const srv = await scriptedServer({
      onRpc: (r) => {
        if (r.body === '<slow/>') late = r;
        else r.reply(ok(r.id));
      },
    });
    cleanups.push(srv.close);
    const s = await connect(srv.port);
    const err = await s.rpc('<slow/>', { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcTimeoutError);
    expect(err).toMatchObject({ operation: 'slow', timeoutMs: 150, code: 'rpc-timeout' });
    late!.reply(ok(late!.id)); // arrives after the timeout: ignored
    expect((await s.rpc('<get/>')).ok).toBe(true);
    expect(s.inFlight).toBe(0);
  });

  it('fails every RPC in flight with ConnectionLostError when the device drops the connection', async () => {
    let seen = 0;
    const srv = await scriptedServer({
      onRpc: (r) => {
        if (++seen === 3) r.peer.drop();
      },
    });
    cleanups.push(srv.close);
    const s = await connect(srv.port);
    const results = await Promise.allSettled([s.rpc('<a/>'), s.rpc('<b/>'), s.rpc('<c/>')]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConnectionLostError);
    }
    expect(((results[0] as PromiseRejectedResult).reason as ConnectionLostError).inFlight).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(s.closed).toBe(true);
    await expect(s.rpc('<get/>')).rejects.toBeInstanceOf(ConnectionLostError);
  });

  it('close() sends close-session before dropping the connection', async () => {
    const seen: string[] = [];
    const srv = await scriptedServer({
      onRpc: (r) => {
        seen.push(r.body);
        r.reply(ok(r.id));
      },
    });
    cleanups.push(srv.close);
    const s = await connect(srv.port);
    await s.close();
    expect(seen).toEqual(['<close-session/>']);
    expect(s.closed).toBe(true);
  });

  it('SSH keepalives notice a device that went silent: the session ends with ConnectionLostError', async () => {
    const srv = await scriptedServer({
      onRpc: () => {
        /* never answers */
      },
    });
    cleanups.push(srv.close);
    // a TCP relay we can freeze: the device is still "connected" but answers nothing, not even keepalives
    let frozen = false;
    const pairs: net.Socket[] = [];
    const relay = net.createServer((inbound) => {
      const out = net.connect(srv.port, '127.0.0.1');
      pairs.push(inbound, out);
      inbound.on('data', (d) => {
        if (!frozen) out.write(d);
      });
      out.on('data', (d) => {
        if (!frozen) inbound.write(d);
      });
      inbound.on('error', () => {});
      out.on('error', () => {});
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', () => r()));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const p of pairs) p.destroy();
          relay.close(() => r());
        }),
    );
    const s = await connect((relay.address() as net.AddressInfo).port, {
      keepaliveIntervalMs: 100,
      keepaliveCountMax: 2,
    });
    frozen = true;
    const t0 = Date.now();
    const err = await s.rpc('<get/>', { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionLostError);
    expect(Date.now() - t0).toBeLessThan(5_000); // well before the RPC's own timeout
    expect(s.closed).toBe(true);
  });

  it('a wrong password is ConnectAuthError', async () => {
    const srv = await scriptedServer({ onRpc: (r) => r.reply(ok(r.id)) });
    cleanups.push(srv.close);
    const err = await connect(srv.port, { password: 'wrong' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectAuthError);
    expect((err as ConnectAuthError).username).toBe('ponctl');
  });

  it('a device that accepts TCP but never speaks is ConnectTimeoutError', async () => {
    const sockets = new Set<net.Socket>();
    const mute = net.createServer((sock) => {
      sockets.add(sock);
    });
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', () => r()));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const so of sockets) so.destroy();
          mute.close(() => r());
        }),
    );
    const t0 = Date.now();
    const err = await connect((mute.address() as net.AddressInfo).port, { connectTimeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectTimeoutError);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});
