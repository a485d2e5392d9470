/**
 * The OMCI request/response engine over any OmciTransport (application/ports/omci-transport.ts):
 *
 * - TCI matching: each request gets a 15-bit TCI unique among that ONU's requests in flight; a
 *   response is matched on (channel termination, ONU id, TCI) and must be the response type of the
 *   request (G.988 §11.2.1). A Test's result arrives later as a Test result with the same TCI.
 * - Flow control: G.988 lets the OLT keep one low-priority request outstanding per ONU, so requests
 *   to one ONU are serialised; requests to different ONUs run concurrently up to `maxInFlight`.
 * - Timeouts: an ONU that is dark never answers; the request fails with RpcTimeoutError (TR-451's
 *   NO_RESPONSE_FROM_ONU), after `retries` retransmissions with the same TCI (G.988 Appendix II
 *   retransmission); a late answer is dropped.
 * - Notifications (alarms, AVCs, test results; TCI 0 or the Test's) go to every listener.
 * - A message that does not decode is counted (`decodeErrors`), never thrown at a caller.
 */
import type { OmciTransport, OnuAddress } from '../../../../application/ports/omci-transport.ts';
import { ConnectionLostError, RpcTimeoutError } from '../../../../application/ports/olt-driver/errors.ts';
import {
  RESPONSE_OF,
  decodeMessage,
  encodeMessage,
  type OmciMessage,
  type OmciMessageOf,
  type OmciNotificationMessage,
  type OmciRequest,
} from '../../../../protocols/omci/messages.ts';

export interface OmciClientOptions {
  /** Per-attempt timeout; a dark ONU is only ever detected by this. Default 2000 ms. */
  requestTimeoutMs?: number;
  /** Retransmissions of an unanswered request (same TCI). Default 0. */
  retries?: number;
  /** Requests in flight across all ONUs of this OLT. Default 256. */
  maxInFlight?: number;
  /** Name used in errors (the OLT). */
  device?: string;
}

/** A request without its TCI (the client assigns it). */
export type RequestOf<T extends OmciRequest['type']> = { type: T } & Omit<OmciMessageOf<T>, 'tci' | 'type'>;
export type ResponseOf<T extends OmciRequest['type']> = OmciMessageOf<(typeof RESPONSE_OF)[T]>;

export interface OmciNotification {
  address: OnuAddress;
  message: OmciNotificationMessage;
  receivedAt: number;
}

interface Pending {
  expect: string;
  resolve: (m: OmciMessage) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

const onuKey = (a: OnuAddress) => `${a.channelTermination}|${a.onuId}`;

export class OmciClient {
  private readonly pending = new Map<string, Pending>();
  private readonly testResults = new Map<string, (m: OmciMessageOf<'test-result'>) => void>();
  private readonly onuQueues = new Map<string, Promise<unknown>>();
  private readonly waiters: (() => void)[] = [];
  private readonly listeners = new Set<(n: OmciNotification | null) => void>();
  private inFlight = 0;
  private nextTci = 1;
  private closed = false;
  /** Messages received that did not decode (bad length, unknown message type, …). */
  decodeErrors = 0;
  lastDecodeError?: Error;
  /** Requests sent again after a timeout, and requests that failed for want of any answer. */
  retransmissions = 0;
  timeouts = 0;
  readonly requestTimeoutMs: number;
  private readonly retries: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly transport: OmciTransport,
    private readonly opts: OmciClientOptions = {},
  ) {
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 2000;
    this.retries = opts.retries ?? 0;
    this.maxInFlight = opts.maxInFlight ?? 256;
    transport.onMessage((from, bytes) => this.onMessage(from, bytes));
    transport.onClose((err) =>
      this.fail(
        new ConnectionLostError(
          `OMCI transport closed${err ? `: ${err.message}` : ''}`,
          [...this.pending.keys()],
          this.errOpts(err),
        ),
      ),
    );
  }

  private errOpts(cause?: unknown) {
    return { device: this.opts.device ?? 'OLT', cause };
  }

  private onMessage(from: OnuAddress, bytes: Buffer): void {
    let m: OmciMessage;
    try {
      m = decodeMessage(bytes);
    } catch (e) {
      this.decodeErrors++;
      this.lastDecodeError = e as Error;
      return;
    }
    if (m.type === 'test-result') this.testResults.get(`${onuKey(from)}|${m.tci}`)?.(m);
    if (m.type === 'alarm-notification' || m.type === 'avc-notification' || m.type === 'test-result') {
      const n: OmciNotification = { address: from, message: m, receivedAt: Date.now() };
      for (const l of this.listeners) l(n);
      return;
    }
    const p = this.pending.get(`${onuKey(from)}|${m.tci}`);
    if (!p || p.expect !== m.type) return; // late answer to a timed-out request, or a stray message
    this.settle(`${onuKey(from)}|${m.tci}`, p);
    p.resolve(m);
  }

  private settle(key: string, p: Pending): void {
    clearTimeout(p.timer);
    this.pending.delete(key);
    this.inFlight--;
    this.waiters.shift()?.();
  }

  private fail(e: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const [k, p] of [...this.pending]) {
      this.settle(k, p);
      p.reject(e);
    }
    for (const w of this.waiters.splice(0)) w();
    for (const l of this.listeners) l(null);
  }

  private allocTci(to: OnuAddress): number {
    for (let i = 0; i < 0x7fff; i++) {
      const t = this.nextTci;
      this.nextTci = t >= 0x7fff ? 1 : t + 1; // 0 is left to autonomous notifications (§11.2.1)
      if (!this.pending.has(`${onuKey(to)}|${t}`)) return t;
    }
    throw new ConnectionLostError('no free TCI', [], this.errOpts());
  }

  /**
   * Send one request to one ONU and wait for its response. Requests to the same ONU are queued (one
   * outstanding, G.988 flow control); the result code is not judged here.
   */
  request<T extends OmciRequest['type']>(to: OnuAddress, req: RequestOf<T>): Promise<ResponseOf<T>> {
    return this.queued(to, () => this.send(to, req, this.allocTci(to))) as Promise<ResponseOf<T>>;
  }

  /** A Test (G.988 A.3 Test): its response, then the Test result the ONU sends with the same TCI. */
  test(
    to: OnuAddress,
    req: RequestOf<'test-request'>,
  ): Promise<{ response: OmciMessageOf<'test-response'>; result?: OmciMessageOf<'test-result'> }> {
    return this.queued(to, async () => {
      const tci = this.allocTci(to);
      const key = `${onuKey(to)}|${tci}`;
      const result = new Promise<OmciMessageOf<'test-result'>>((resolve) =>
        this.testResults.set(key, resolve),
      );
      try {
        const response = (await this.send(to, req, tci)) as OmciMessageOf<'test-response'>;
        if (response.result !== 0) return { response };
        const timeout = new Promise<undefined>((r) =>
          setTimeout(() => r(undefined), this.requestTimeoutMs).unref(),
        );
        return { response, result: await Promise.race([result, timeout]) };
      } finally {
        this.testResults.delete(key);
      }
    });
  }

  private queued<R>(to: OnuAddress, run: () => Promise<R>): Promise<R> {
    const qkey = onuKey(to);
    const prev = this.onuQueues.get(qkey) ?? Promise.resolve();
    const p = prev.catch(() => undefined).then(run);
    const tail = p.catch(() => undefined);
    this.onuQueues.set(qkey, tail);
    void tail.then(() => {
      if (this.onuQueues.get(qkey) === tail) this.onuQueues.delete(qkey);
    });
    return p;
  }

  private async send(to: OnuAddress, req: RequestOf<OmciRequest['type']>, tci: number): Promise<OmciMessage> {
    while (this.inFlight >= this.maxInFlight && !this.closed)
      await new Promise<void>((r) => this.waiters.push(r));
    if (this.closed) throw new ConnectionLostError('OMCI client is closed', [], this.errOpts());
    const bytes = encodeMessage({ ...req, tci } as OmciRequest);
    const key = `${onuKey(to)}|${tci}`;
    this.inFlight++;
    return new Promise<OmciMessage>((resolve, reject) => {
      let attempts = 0;
      const attempt = () => {
        attempts++;
        this.transport.send(to, bytes);
        return setTimeout(() => {
          const p = this.pending.get(key);
          if (!p) return;
          if (attempts <= this.retries) {
            this.retransmissions++;
            p.timer = attempt();
            return;
          }
          this.timeouts++;
          this.settle(key, p);
          reject(
            new RpcTimeoutError(
              `OMCI ${req.type} to ${to.channelTermination}:${to.onuId}`,
              String(tci),
              this.requestTimeoutMs,
              this.errOpts(),
            ),
          );
        }, this.requestTimeoutMs);
      };
      const entry = { expect: RESPONSE_OF[req.type], resolve, reject } as Pending;
      this.pending.set(key, entry);
      entry.timer = attempt();
    });
  }

  /** Listen to every notification until the client closes (null = closed). Returns the unsubscribe. */
  onNotification(listener: (n: OmciNotification | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every alarm, AVC and test result from now on, until the client closes. */
  notifications(): AsyncIterableIterator<OmciNotification> {
    const queue: OmciNotification[] = [];
    let wake: (() => void) | undefined;
    let done = this.closed;
    const stop = this.onNotification((n) => {
      if (n) queue.push(n);
      else done = true;
      wake?.();
    });
    const it: AsyncIterableIterator<OmciNotification> = {
      next: async () => {
        while (queue.length === 0 && !done) await new Promise<void>((r) => (wake = r));
        wake = undefined;
        const n = queue.shift();
        return n ? { value: n, done: false } : { value: undefined, done: true };
      },
      return: async () => {
        done = true;
        stop();
        wake?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return it;
      },
    };
    return it;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    this.fail(new ConnectionLostError('OMCI client closed', [...this.pending.keys()], this.errOpts()));
    await this.transport.close();
  }
}
