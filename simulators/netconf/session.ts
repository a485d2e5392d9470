/**
 * One NETCONF session over an SSH `netconf` subsystem channel (RFC 6242): the server's hello goes
 * out at once with end-of-message framing; when both hellos announce base:1.1 the session switches
 * to chunked framing for everything after the hellos (RFC 6242 §4.1). RPCs are answered strictly
 * in order (RFC 6241 §4.1), each reply carrying the attributes of its `<rpc>`.
 */
import type { SshSession } from '../ssh/server.ts';
import {
  encodeFrame,
  FrameDecoder,
  FramingError,
  type FramingMode,
} from '../../src/protocols/netconf/framing.ts';
import {
  NETCONF_BASE_NS,
  OLT_MODULE,
  OLT_NS,
  OLT_REVISION,
} from '../../src/adapters/driven/olt/netconf/olt-config-schema.ts';
import {
  attr,
  escapeAttr,
  escapeText,
  parseXml,
  type XNode,
} from '../../src/adapters/driven/olt/netconf/olt-config-xnode.ts';
import { DroppedSession, MONITORING_NS, OPERATIONS, type OpContext, type ReplyBody } from './operations.ts';
import { RpcError, renderRpcError, type RpcErrorInfo } from './rpc-error.ts';
import type { OltNetconfState } from './olt-netconf-state.ts';

const BASE_10 = 'urn:ietf:params:netconf:base:1.0';
const BASE_11 = 'urn:ietf:params:netconf:base:1.1';

export const SERVER_CAPABILITIES: readonly string[] = [
  BASE_10,
  BASE_11,
  'urn:ietf:params:netconf:capability:candidate:1.0',
  'urn:ietf:params:netconf:capability:confirmed-commit:1.1',
  'urn:ietf:params:netconf:capability:rollback-on-error:1.0',
  'urn:ietf:params:netconf:capability:validate:1.1',
  'urn:ietf:params:netconf:capability:writable-running:1.0',
  `${OLT_NS}?module=${OLT_MODULE}&revision=${OLT_REVISION}`,
  `${MONITORING_NS}?module=ietf-netconf-monitoring&revision=2010-10-04`,
];

export class NetconfServerSession {
  private readonly decoder = new FrameDecoder('eom');
  private mode: FramingMode = 'eom';
  private helloDone = false;
  private ended = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: OltNetconfState,
    private readonly ssh: SshSession,
  ) {}

  get id(): string {
    return this.ssh.id;
  }

  start(): void {
    this.state.sessions.set(this.id, {
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
    const caps = SERVER_CAPABILITIES.map((c) => `<capability>${escapeText(c)}</capability>`).join('');
    this.write(
      `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NETCONF_BASE_NS}"><capabilities>${caps}</capabilities>` +
        `<session-id>${escapeText(this.id)}</session-id></hello>`,
    );
  }

  private write(msg: string | (string | Buffer)[]): void {
    if (this.ended) return;
    if (typeof msg === 'string') {
      this.ssh.stream.write(encodeFrame(msg, this.mode));
      return;
    }
    // a big reply goes out as one chunk (RFC 6242 §4.2 allows up to 4 GB) without copying the
    // cached datastore bytes into a new buffer
    const parts = msg.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
    const stream = this.ssh.stream;
    if (this.mode === 'chunked') stream.write(`\n#${parts.reduce((n, p) => n + p.length, 0)}\n`);
    for (const p of parts) stream.write(p);
    stream.write(this.mode === 'chunked' ? '\n##\n' : ']]>]]>');
  }

  /** Release what the session holds (locks, its confirmed commit); idempotent. */
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.state.sessionEnded(this.id);
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
        this.write(reply('', renderRpcError({ type: 'rpc', tag: 'malformed-message', message: e.message })));
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
      this.queue = this.queue.then(() => this.onRpc(msg));
    }
  }

  /** RFC 6241 §8.1: the client's hello, then the framing both sides agreed on. */
  private onHello(msg: string): boolean {
    let root: XNode;
    try {
      root = parseXml(msg);
    } catch {
      return false;
    }
    if (root.name !== 'hello' || root.ns !== NETCONF_BASE_NS) return false;
    if (root.children.some((c) => c.name === 'session-id')) return false; // a client must not send one
    const caps = root.children.find((c) => c.name === 'capabilities')?.children.map((c) => c.text) ?? [];
    if (!caps.includes(BASE_10) && !caps.includes(BASE_11)) return false;
    this.helloDone = true;
    if (caps.includes(BASE_11)) {
      this.mode = 'chunked';
      this.decoder.setMode('chunked');
    }
    return true;
  }

  private async onRpc(msg: string): Promise<void> {
    if (this.ended) return;
    const olt = this.state.olt;
    if (olt.faults.down) {
      this.close();
      this.ssh.drop();
      return;
    }
    let root: XNode;
    try {
      root = parseXml(msg);
    } catch (e) {
      await this.send(
        '',
        renderRpcError({ type: 'rpc', tag: 'malformed-message', message: (e as Error).message }),
      );
      return;
    }
    const attrs = root.attrs
      .filter((a) => a.qname !== 'xmlns')
      .map((a) => ` ${a.qname}="${escapeAttr(a.value)}"`)
      .join('');
    const fail = (e: RpcErrorInfo | RpcErrorInfo[]) =>
      this.send(attrs, (Array.isArray(e) ? e : [e]).map(renderRpcError).join(''));
    if (root.name !== 'rpc' || root.ns !== NETCONF_BASE_NS) {
      await fail({ type: 'rpc', tag: 'malformed-message', message: `expected <rpc>, got <${root.name}>` });
      return;
    }
    if (attr(root, 'message-id') === undefined) {
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
    const nsOk = op && opEl.ns === (op.ns === 'base' ? NETCONF_BASE_NS : op.ns);
    if (!op || !nsOk) {
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
      state: this.state,
      sessionId: this.id,
      drop: () => {
        this.end();
        this.ssh.drop();
      },
      closeAfterReply: () => {
        closeAfter = true;
      },
    };
    let body: ReplyBody;
    try {
      body = await op.run(ctx, opEl);
    } catch (e) {
      if (e instanceof DroppedSession) return;
      if (e instanceof RpcError) {
        await fail(e.errors);
        return;
      }
      await fail({ type: 'application', tag: 'operation-failed', message: (e as Error).message });
      return;
    }
    await this.send(attrs, body);
    if (closeAfter) this.close();
  }

  private async send(attrs: string, body: ReplyBody): Promise<void> {
    const ms = this.state.olt.faults.latencyMs;
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    this.write(typeof body === 'string' ? reply(attrs, body) : [replyOpen(attrs), ...body, '</rpc-reply>']);
  }
}

const replyOpen = (attrs: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><rpc-reply xmlns="${NETCONF_BASE_NS}"${attrs}>`;
const reply = (attrs: string, body: string) => `${replyOpen(attrs)}${body}</rpc-reply>`;
