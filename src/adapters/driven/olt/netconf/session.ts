/**
 * A NETCONF session (RFC 6241): RPC envelopes with message-ids, many RPCs in flight at once
 * (pipelining, §4.1: replies come in order but we match by id anyway), a timeout per RPC, rpc-error
 * → typed RpcError, close-session / kill. Knows nothing of individual operations (operations.ts).
 */
import { EventEmitter } from 'node:events';
import { NetconfTransport, NETCONF_NS, type TransportOptions } from './transport.ts';
import { parseRpcReply, isRpcReply, type RpcReply } from './rpc-reply.ts';
import {
  ConnectionLostError,
  RpcError,
  RpcTimeoutError,
  type DriverError,
} from '../../../../application/ports/olt-driver/errors.ts';

export interface SessionOptions extends TransportOptions {
  /** Default per-RPC timeout (default 60 s). */
  rpcTimeoutMs?: number;
}

export interface RpcOptions {
  timeoutMs?: number;
  /** Name for errors/logs (default: the body's first element). */
  operation?: string;
  /** Build a custom error from an rpc-error reply (e.g. LockError). */
  toError?: (reply: RpcReply) => DriverError;
}

/**
 * An RPC awaiting its reply. The reply is judged in onMessage rather than in a closure made per
 * RPC (run through tsx, whose `keepNames` gives such an arrow in an object literal a `__name` call,
 * an Object.defineProperty, each time).
 */
interface Pending {
  operation: string;
  resolve(r: RpcReply): void;
  reject(e: Error): void;
  toError: RpcOptions['toError'];
  timer: NodeJS.Timeout;
}

/** Capability URI without its `?module=…` parameters. */
export function capabilityBase(uri: string): string {
  const q = uri.indexOf('?');
  return q < 0 ? uri : uri.slice(0, q);
}

export class NetconfSession extends EventEmitter {
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly capBases: Set<string>;
  private lostError: ConnectionLostError | undefined;
  readonly rpcTimeoutMs: number;

  private constructor(
    readonly transport: NetconfTransport,
    opts: SessionOptions,
  ) {
    super();
    this.rpcTimeoutMs = opts.rpcTimeoutMs ?? 60_000;
    this.capBases = new Set(transport.serverCapabilities.map(capabilityBase));
    transport.on('message', (m: string) => this.onMessage(m));
    transport.on('close', (err: ConnectionLostError | undefined) => this.onClose(err));
  }

  static async connect(opts: SessionOptions): Promise<NetconfSession> {
    return new NetconfSession(await NetconfTransport.open(opts), opts);
  }

  get device(): string {
    return this.transport.device;
  }
  get sessionId(): number {
    return this.transport.sessionId;
  }
  /** Server capabilities as announced in its hello (full URIs). */
  get capabilities(): readonly string[] {
    return this.transport.serverCapabilities;
  }
  get base(): '1.0' | '1.1' {
    return this.transport.framing === 'chunked' ? '1.1' : '1.0';
  }
  get closed(): boolean {
    return this.transport.closed;
  }
  get inFlight(): number {
    return this.pending.size;
  }

  /** Announced? Matched without `?…` parameters; a `:name` shorthand means `urn:ietf:params:netconf:capability:name:1.0`. */
  hasCapability(uri: string): boolean {
    return this.capBases.has(capabilityBase(expandCapability(uri)));
  }

  /** The module URIs the device announced (`…?module=name&revision=…`), by module name. */
  modules(): Map<string, { namespace: string; revision?: string }> {
    const out = new Map<string, { namespace: string; revision?: string }>();
    for (const c of this.capabilities) {
      const q = c.indexOf('?');
      if (q < 0) continue;
      const params = new URLSearchParams(c.slice(q + 1).replace(/&amp;/g, '&'));
      const module = params.get('module');
      if (module)
        out.set(module, { namespace: c.slice(0, q), revision: params.get('revision') ?? undefined });
    }
    return out;
  }

  /**
   * Send one RPC (`body` is the XML inside `<rpc>`, whole or in parts: an edit of megabytes is sent
   * without being concatenated with its envelope); resolves with the reply, rejects with RpcError
   * (any rpc-error of severity error), RpcTimeoutError or ConnectionLostError.
   */
  rpc(body: string | readonly string[], opts: RpcOptions = {}): Promise<RpcReply> {
    const first = typeof body === 'string' ? body : (body[0] ?? '');
    const operation = opts.operation ?? /^\s*<([\w.:-]+)/.exec(first)?.[1] ?? 'rpc';
    if (this.lostError || this.transport.closed) {
      return Promise.reject(
        this.lostError ??
          new ConnectionLostError(`${this.device}: session closed`, [], { device: this.device }),
      );
    }
    const messageId = String(this.nextId++);
    const timeoutMs = opts.timeoutMs ?? this.rpcTimeoutMs;
    return new Promise<RpcReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        // the session stays usable: a late reply for this id is dropped (onMessage finds no pending)
        this.pending.delete(messageId);
        reject(new RpcTimeoutError(operation, messageId, timeoutMs, { device: this.device }));
      }, timeoutMs);
      this.pending.set(messageId, { operation, timer, reject, resolve, toError: opts.toError });
      try {
        const open = `<rpc xmlns="${NETCONF_NS}" message-id="${messageId}">`;
        this.transport.send(typeof body === 'string' ? [open, body, '</rpc>'] : [open, ...body, '</rpc>']);
      } catch (e) {
        clearTimeout(timer);
        this.pending.delete(messageId);
        reject(e);
      }
    });
  }

  private onMessage(xml: string): void {
    if (!isRpcReply(xml)) {
      // notifications (RFC 5277) and anything else unsolicited
      this.emit('notification', xml);
      return;
    }
    const reply = parseRpcReply(xml);
    let id = reply.messageId;
    // a reply without message-id (RFC 6241 §4.1 missing-attribute errors) belongs to the only RPC in flight, if one
    if (id === undefined && this.pending.size === 1) id = [...this.pending.keys()][0];
    const p = id === undefined ? undefined : this.pending.get(id);
    if (!p) {
      this.emit('unmatched-reply', reply);
      return;
    }
    this.pending.delete(id!);
    clearTimeout(p.timer);
    const fatal = reply.errors.filter((e) => e.severity !== 'warning');
    if (!fatal.length) p.resolve(reply);
    else
      p.reject(
        p.toError ? p.toError(reply) : new RpcError(p.operation, reply.errors, { device: this.device }),
      );
  }

  private onClose(err: ConnectionLostError | undefined): void {
    const ids = [...this.pending.keys()];
    this.lostError = err
      ? new ConnectionLostError(err.message, ids, { device: this.device, cause: err.cause })
      : new ConnectionLostError(`${this.device}: session closed`, ids, { device: this.device });
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(this.lostError);
    }
    this.pending.clear();
    this.emit('close', err);
  }

  /** Polite end: `<close-session/>` (RFC 6241 §7.8), then drop the SSH connection whatever the answer. */
  async close(timeoutMs = 5_000): Promise<void> {
    if (this.transport.closed) return;
    try {
      await this.rpc('<close-session/>', { timeoutMs });
    } catch {
      // closing anyway
    } finally {
      this.transport.close();
    }
  }

  /** Abandon the session at once (no close-session); in-flight RPCs fail with ConnectionLostError. */
  kill(): void {
    this.transport.close();
  }
}

export function expandCapability(uri: string): string {
  return uri.startsWith(':')
    ? `urn:ietf:params:netconf:capability:${uri.slice(1)}${uri.includes(':', 1) ? '' : ':1.0'}`
    : uri;
}
