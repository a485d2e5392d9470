/**
 * One NETCONF session of the BBF OLT over the SSH `netconf` subsystem (RFC 6242): the server's hello
 * goes out at once with end-of-message framing; when both hellos announce base:1.1 the session
 * switches to chunked framing (§4.1). RPCs are answered strictly in order (RFC 6241 §4.1), each
 * reply carrying the attributes of its `<rpc>` (§4.2). The framing is the one wire format shared with
 * the driver on purpose (src/protocols/netconf, with golden vectors); nothing else is.
 */
import type { SshSession } from '../ssh/server.ts';
import {
  encodeFrame,
  FrameDecoder,
  FramingError,
  type FramingMode,
} from '../../src/protocols/netconf/framing.ts';
import { attrOf, escapeAttr, escapeText, parseXml, type XEl } from '../yang/xml.ts';
import { NETCONF_NS } from '../yang/edit.ts';
import type { YangError } from '../yang/errors.ts';
import { DroppedSession, OPERATIONS, type OpContext, type Reply } from './operations.ts';
import { RpcError, renderRpcError } from './rpc-error.ts';
import { helloCapabilities } from './library.ts';
import type { BbfOlt } from './olt.ts';

const BASE_10 = 'urn:ietf:params:netconf:base:1.0';
const BASE_11 = 'urn:ietf:params:netconf:base:1.1';

export class BbfNetconfSession {
  private readonly decoder = new FrameDecoder('eom');
  private mode: FramingMode = 'eom';
  private helloDone = false;
  private ended = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly olt: BbfOlt,
    private readonly ssh: SshSession,
  ) {}

  get id(): string {
    return this.ssh.id;
  }

  start(): void {
    this.olt.ds.sessions.set(this.id, {
      id: this.id,
      kill: () => {
        this.end();
        this.ssh.drop();
      },
    });
    const s = this.ssh.stream;
    s.on('data', (d: Buffer) => this.onData(d));
    s.on('close', () => this.end());
    s.on('end', () => this.end());
    s.on('error', () => this.end());
    const caps = helloCapabilities(this.olt.schema)
      .map((c) => `<capability>${escapeText(c)}</capability>`)
      .join('');
    this.write(
      `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NETCONF_NS}"><capabilities>${caps}</capabilities>` +
        `<session-id>${escapeText(this.id)}</session-id></hello>`,
    );
  }

  private write(msg: string | readonly (string | Uint8Array)[]): void {
    if (this.ended) return;
    if (typeof msg === 'string') {
      this.ssh.stream.write(encodeFrame(msg, this.mode));
      return;
    }
    // a big reply goes out as one chunk (RFC 6242 §4.2 allows up to 4 GB): the bytes of a read as they
    // are, each run of text around them (framing included) as one buffer, so the SSH channel sends
    // full packets and no small one per tag or part
    let size = 0;
    for (const p of msg) size += typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : p.length;
    const chunked = this.mode === 'chunked';
    const stream = this.ssh.stream;
    let text = chunked ? `\n#${size}\n` : '';
    for (const p of msg) {
      if (typeof p === 'string') text += p;
      else if (p.length) {
        if (text) stream.write(Buffer.from(text, 'utf8'));
        text = '';
        stream.write(p);
      }
    }
    stream.write(Buffer.from(text + (chunked ? '\n##\n' : ']]>]]>'), 'utf8'));
  }

  /** Release what the session holds (locks, its confirmed commit); idempotent. */
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.olt.ds.sessionEnded(this.id);
  }

  private close(): void {
    this.end();
    this.ssh.stream.end();
  }

  private onData(d: Buffer): void {
    if (this.ended) return;
    this.decoder.push(d);
    for (;;) {
      let msg: string | undefined;
      try {
        msg = this.decoder.next();
      } catch (e) {
        if (!(e instanceof FramingError)) throw e;
        // RFC 6242 §4.2: a framing error is fatal to the session
        this.write(
          this.reply('', this.errors({ type: 'rpc', tag: 'malformed-message', message: e.message })),
        );
        this.close();
        return;
      }
      if (msg === undefined) return;
      if (!this.helloDone) {
        if (!this.onHello(msg)) {
          this.close();
          return;
        }
        continue;
      }
      const m = msg;
      this.queue = this.queue.then(() => this.onRpc(m));
    }
  }

  /** RFC 6241 §8.1: the client's hello, then the framing both sides agreed on. */
  private onHello(msg: string): boolean {
    let el: XEl | undefined;
    try {
      el = parseXml(msg).children[0];
    } catch {
      return false;
    }
    if (!el || el.name !== 'hello' || el.ns !== NETCONF_NS) return false;
    if (el.children.some((c) => c.name === 'session-id')) return false; // a client must not send one
    const caps = el.children.find((c) => c.name === 'capabilities')?.children.map((c) => c.text.trim()) ?? [];
    if (!caps.includes(BASE_10) && !caps.includes(BASE_11)) return false;
    this.helloDone = true;
    if (caps.includes(BASE_11)) {
      this.mode = 'chunked';
      this.decoder.setMode('chunked');
    }
    return true;
  }

  private errors(e: YangError | YangError[]): string {
    return (Array.isArray(e) ? e : [e]).map((x) => renderRpcError(x, this.olt.schema)).join('');
  }

  private async onRpc(msg: string): Promise<void> {
    if (this.ended) return;
    if (this.olt.sim.faults.down) {
      this.close();
      this.ssh.drop();
      return;
    }
    let root: XEl | undefined;
    try {
      root = parseXml(msg).children[0];
    } catch (e) {
      await this.send(
        '',
        this.errors({ type: 'rpc', tag: 'malformed-message', message: (e as Error).message }),
      );
      return;
    }
    if (!root) {
      await this.send('', this.errors({ type: 'rpc', tag: 'malformed-message', message: 'empty message' }));
      return;
    }
    // RFC 6241 §4.2: the reply carries every attribute of the <rpc>
    const attrs = root.attrs
      .map((a) => ` ${a.prefix ? `${a.prefix}:` : ''}${a.name}="${escapeAttr(a.value)}"`)
      .join('');
    const nsDecls = [...(root.scope.decls ?? new Map<string, string>())]
      .filter(([p]) => p !== '')
      .map(([p, ns]) => ` xmlns:${p}="${escapeAttr(ns)}"`)
      .join('');
    const fail = (e: YangError | YangError[]) => this.send(attrs + nsDecls, this.errors(e));
    if (root.name !== 'rpc' || root.ns !== NETCONF_NS) {
      await fail({ type: 'rpc', tag: 'malformed-message', message: `expected <rpc>, got <${root.name}>` });
      return;
    }
    if (attrOf(root, 'message-id') === undefined) {
      await fail({
        type: 'rpc',
        tag: 'missing-attribute',
        message: 'message-id is required',
        info: { 'bad-attribute': 'message-id', 'bad-element': 'rpc' },
      });
      return;
    }
    const opEl = root.children[0];
    if (!opEl) {
      await fail({
        type: 'rpc',
        tag: 'missing-element',
        message: 'empty <rpc>',
        info: { 'bad-element': 'rpc' },
      });
      return;
    }
    const op = OPERATIONS[opEl.name];
    if (!op || opEl.ns !== op.ns) {
      await fail({
        type: 'protocol',
        tag: 'operation-not-supported',
        message: `operation ${opEl.name} (${opEl.ns}) is not supported`,
        info: { 'bad-element': opEl.name },
      });
      return;
    }
    let closeAfter = false;
    const ctx: OpContext = {
      olt: this.olt,
      sessionId: this.id,
      drop: () => {
        this.end();
        this.ssh.drop();
      },
      closeAfterReply: () => {
        closeAfter = true;
      },
    };
    let body: Reply;
    try {
      body = op.run(ctx, opEl);
    } catch (e) {
      if (e instanceof DroppedSession) return;
      if (e instanceof RpcError) {
        await fail(e.errors);
        return;
      }
      await fail({ type: 'application', tag: 'operation-failed', message: (e as Error).message });
      return;
    }
    await this.send(attrs + nsDecls, body);
    if (closeAfter) this.close();
  }

  private reply(attrs: string, body: Reply): (string | Uint8Array)[] {
    return [
      `<?xml version="1.0" encoding="UTF-8"?><rpc-reply xmlns="${NETCONF_NS}"${attrs}>`,
      ...(typeof body === 'string' ? [body] : body),
      '</rpc-reply>',
    ];
  }

  private async send(attrs: string, body: Reply): Promise<void> {
    const ms = this.olt.sim.faults.latencyMs;
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    this.write(this.reply(attrs, body));
  }
}
