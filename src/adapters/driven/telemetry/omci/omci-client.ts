/**
 * Controller-side OMCI client: reaches every ONT of one OLT through the OLT's OMCI relay (SSH
 * subsystem `omci` on the NETCONF port; framing in relay-framing.ts and docs/omci-relay.md).
 *
 * - TCI matching: each request gets a 15-bit TCI unique among the requests in flight; a response is
 *   matched on (PON, ONU id, TCI) and must be the response type of the request (G.988 §11.2.1).
 * - Flow control: G.988 lets the OLT keep one low-priority request outstanding per ONU, so requests
 *   to one ONU are serialised; requests to different ONUs run concurrently up to `maxInFlight`.
 * - Timeouts: an ONT whose OMCC is down never answers; the request fails with RpcTimeoutError and a
 *   late answer is dropped. The session stays usable.
 * - Notifications (alarms, AVCs; TCI 0) are delivered to every `notifications()` iterator.
 */
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import {
  ConnectionError,
  ConnectionLostError,
  RpcTimeoutError,
} from '../../../../application/ports/olt-driver/errors.ts';
import { openSsh } from '../../ssh-connect.ts';
import { OmciResultError } from './omci-errors.ts';
import { OmciResult } from '../../../../protocols/omci/frame.ts';
import {
  RESPONSE_OF,
  decodeMessage,
  encodeMessage,
  type OmciMessage,
  type OmciMessageOf,
  type OmciRequest,
} from '../../../../protocols/omci/messages.ts';
import { ANI_G, MeClass, ONU_G, maskOf, meDef } from '../../../../protocols/omci/me-defs.ts';
import { opticalLevelToDbm } from '../../../../protocols/omci/optics.ts';
import { RelayDeframer, batchedWriter, encodeRelayRecord } from '../../../../protocols/omci/relay-framing.ts';
import type { AttrValues } from '../../../../protocols/omci/attributes.ts';

const { Client } = ssh2;

export interface OmciClientOptions {
  host: string;
  /** The OLT's NETCONF SSH port (the relay is a subsystem beside `netconf`). */
  port: number;
  username: string;
  password: string;
  connectTimeoutMs?: number;
  /** Per-request timeout; an ONT that is down is only ever detected by this. Default 2000 ms. */
  requestTimeoutMs?: number;
  /** Requests in flight across all ONTs of this OLT. Default 256. */
  maxInFlight?: number;
  /** Name used in errors (OLT id). */
  device?: string;
}

/** A request without its TCI (the client assigns it). */
export type RequestOf<T extends OmciRequest['type']> = { type: T } & Omit<OmciMessageOf<T>, 'tci' | 'type'>;
type OmciRequestInput = RequestOf<OmciRequest['type']>;

export interface OmciNotification {
  pon: string;
  onuId: number;
  message: OmciMessageOf<'alarm-notification'> | OmciMessageOf<'avc-notification'>;
  receivedAt: number;
}

export interface OpticalLevels {
  /** ANI-G optical signal level (RX), dBm, 0.002 dB resolution. */
  rxDbm: number | null;
  /** ANI-G transmit optical level (TX), dBm. */
  txDbm: number | null;
}

export interface OnuState {
  vendorId: string;
  /** G.984 serial as ZTE prints it: 4-letter vendor + 8 hex digits. */
  serial: string;
  administrativeState: 'unlocked' | 'locked';
  operationalState: 'enabled' | 'disabled';
}

export interface MibEntry {
  classId: number;
  /** G.988 name, or `class N` for a class this codec does not know. */
  name: string;
  instance: number;
  attributes: AttrValues;
  /** Rows of table attributes, by attribute name. */
  tables: Record<string, Buffer[]>;
}

interface Pending {
  key: string;
  expect: string;
  resolve: (m: OmciMessage) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** ANI-G instance of a single-PON ONT: slot 0x80, port 1 (G.988 §9.1.5 slot numbering). */
export const DEFAULT_ANI_G_INSTANCE = 0x8001;

export class OmciClient {
  private readonly pending = new Map<string, Pending>();
  private readonly onuQueues = new Map<string, Promise<unknown>>();
  private readonly waiters: (() => void)[] = [];
  private readonly listeners = new Set<(n: OmciNotification | null) => void>();
  private inFlight = 0;
  private nextTci = 1;
  private closed = false;
  private readonly requestTimeoutMs: number;
  private readonly maxInFlight: number;
  private readonly write: (b: Buffer) => void;

  private constructor(
    private readonly conn: InstanceType<typeof Client>,
    private readonly channel: ClientChannel,
    private readonly opts: OmciClientOptions,
  ) {
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 2000;
    this.maxInFlight = opts.maxInFlight ?? 256;
    this.write = batchedWriter((b) => {
      if (!this.closed) channel.write(b);
    });
    const deframer = new RelayDeframer();
    channel.on('data', (chunk: Buffer) => {
      let records;
      try {
        records = deframer.push(chunk);
      } catch (e) {
        this.fail(
          new ConnectionLostError(
            `OMCI relay framing broken: ${(e as Error).message}`,
            this.inFlightIds(),
            this.errOpts(e),
          ),
        );
        return;
      }
      for (const r of records) this.onRecord(r.pon, r.onuId, r.frame);
    });
    channel.on('close', () =>
      this.fail(new ConnectionLostError('OMCI relay channel closed', this.inFlightIds(), this.errOpts())),
    );
    conn.on('close', () =>
      this.fail(
        new ConnectionLostError('SSH connection to the OLT closed', this.inFlightIds(), this.errOpts()),
      ),
    );
    conn.on('error', (e) =>
      this.fail(
        new ConnectionLostError(`SSH connection error: ${e.message}`, this.inFlightIds(), this.errOpts(e)),
      ),
    );
  }

  /** Open an SSH session to the OLT and the `omci` subsystem. */
  static async connect(opts: OmciClientOptions): Promise<OmciClient> {
    const device = opts.device ?? `${opts.host}:${opts.port}`;
    const conn = new Client();
    const channel = await openSsh<ClientChannel>(
      conn,
      {
        ...opts,
        device,
        timeoutMs: opts.connectTimeoutMs ?? 10_000,
        goal: 'OMCI relay',
        extra: { tryKeyboard: false },
      },
      ({ fail, done }) => {
        conn.subsys('omci', (err: Error | undefined, channel: ClientChannel) => {
          if (err) {
            fail(
              new ConnectionError(`${device}: OLT refused subsystem omci: ${err.message}`, {
                device,
                cause: err,
              }),
            );
            return;
          }
          if (!done(channel)) channel.close();
        });
      },
    );
    return new OmciClient(conn, channel, opts);
  }

  private errOpts(cause?: unknown) {
    return { device: this.opts.device ?? `${this.opts.host}:${this.opts.port}`, cause };
  }

  private inFlightIds(): string[] {
    return [...this.pending.keys()];
  }

  private onRecord(pon: string, onuId: number, frame: Buffer): void {
    let m: OmciMessage;
    try {
      m = decodeMessage(frame);
    } catch {
      return;
    } // a corrupt frame is dropped, as an OLT would
    if (m.type === 'alarm-notification' || m.type === 'avc-notification') {
      const n: OmciNotification = { pon, onuId, message: m, receivedAt: Date.now() };
      for (const l of this.listeners) l(n);
      return;
    }
    const p = this.pending.get(`${pon}|${onuId}|${m.tci}`);
    if (!p || p.expect !== m.type) return; // late answer to a timed-out request, or a stray frame
    this.settle(p);
    p.resolve(m);
  }

  private settle(p: Pending): void {
    clearTimeout(p.timer);
    this.pending.delete(p.key);
    this.inFlight--;
    this.waiters.shift()?.();
  }

  private fail(e: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of [...this.pending.values()]) {
      this.settle(p);
      p.reject(e);
    }
    for (const w of this.waiters.splice(0)) w();
    for (const l of this.listeners) l(null);
    this.conn.end();
  }

  private allocTci(pon: string, onuId: number): number {
    for (let i = 0; i < 0x7fff; i++) {
      const t = this.nextTci;
      this.nextTci = t >= 0x7fff ? 1 : t + 1; // 0 is left to autonomous notifications
      if (!this.pending.has(`${pon}|${onuId}|${t}`)) return t;
    }
    throw new ConnectionError('no free TCI', this.errOpts());
  }

  /**
   * Send one request to one ONT and wait for its response. Requests to the same ONT are queued
   * (one outstanding, G.988 flow control); the result code is not judged here.
   */
  request<T extends OmciRequest['type']>(
    pon: string,
    onuId: number,
    req: RequestOf<T>,
  ): Promise<OmciMessageOf<(typeof RESPONSE_OF)[T]>> {
    const qkey = `${pon}|${onuId}`;
    const prev = this.onuQueues.get(qkey) ?? Promise.resolve();
    const run = prev.catch(() => undefined).then(() => this.send(pon, onuId, req));
    const tail = run.catch(() => undefined);
    this.onuQueues.set(qkey, tail);
    void tail.then(() => {
      if (this.onuQueues.get(qkey) === tail) this.onuQueues.delete(qkey);
    });
    return run as unknown as Promise<OmciMessageOf<(typeof RESPONSE_OF)[T]>>;
  }

  private async send(pon: string, onuId: number, req: OmciRequestInput): Promise<OmciMessage> {
    while (this.inFlight >= this.maxInFlight && !this.closed)
      await new Promise<void>((r) => this.waiters.push(r));
    if (this.closed) throw new ConnectionLostError('OMCI client is closed', [], this.errOpts());
    const tci = this.allocTci(pon, onuId);
    const msg = { ...req, tci } as OmciRequest;
    const frame = encodeMessage(msg);
    const key = `${pon}|${onuId}|${tci}`;
    this.inFlight++;
    return new Promise<OmciMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        const p = this.pending.get(key);
        if (!p) return;
        this.settle(p);
        reject(
          new RpcTimeoutError(
            `OMCI ${req.type} to ${pon}:${onuId}`,
            String(tci),
            this.requestTimeoutMs,
            this.errOpts(),
          ),
        );
      }, this.requestTimeoutMs);
      this.pending.set(key, { key, expect: RESPONSE_OF[req.type], resolve, reject, timer });
      this.write(encodeRelayRecord({ pon, onuId, frame }));
    });
  }

  /** Get attributes by name; throws OmciResultError unless the result is success. */
  async get(
    pon: string,
    onuId: number,
    meClass: number,
    meInstance: number,
    names: readonly string[],
  ): Promise<AttrValues> {
    const def = meDef(meClass);
    if (!def) throw new Error(`no definition for ME class ${meClass}`);
    const r = await this.request(pon, onuId, {
      type: 'get-request',
      meClass,
      meInstance,
      mask: maskOf(def, names),
    });
    if (r.result !== OmciResult.success)
      throw new OmciResultError(`get ${def.name}`, r.result, this.errOpts());
    return r.attributes;
  }

  async set(
    pon: string,
    onuId: number,
    meClass: number,
    meInstance: number,
    values: AttrValues,
  ): Promise<void> {
    const def = meDef(meClass);
    if (!def) throw new Error(`no definition for ME class ${meClass}`);
    const r = await this.request(pon, onuId, {
      type: 'set-request',
      meClass,
      meInstance,
      mask: maskOf(def, Object.keys(values)),
      attributes: values,
    });
    if (r.result !== OmciResult.success)
      throw new OmciResultError(`set ${def.name}`, r.result, this.errOpts());
  }

  /** ANI-G optical signal level (RX) and transmit optical level (TX), in dBm (G.988 §9.2.1). */
  async getOpticalLevels(
    pon: string,
    onuId: number,
    aniInstance = DEFAULT_ANI_G_INSTANCE,
  ): Promise<OpticalLevels> {
    const a = await this.get(pon, onuId, ANI_G.classId, aniInstance, [
      'opticalSignalLevel',
      'transmitOpticalLevel',
    ]);
    const dbm = (v: unknown) => (typeof v !== 'number' || v === -32768 ? null : opticalLevelToDbm(v));
    return { rxDbm: dbm(a.opticalSignalLevel), txDbm: dbm(a.transmitOpticalLevel) };
  }

  /** ONU-G identity and states in one Get (14 of the 25 value bytes). */
  async getOnuState(pon: string, onuId: number): Promise<OnuState> {
    const a = await this.get(pon, onuId, ONU_G.classId, 0, [
      'vendorId',
      'serialNumber',
      'administrativeState',
      'operationalState',
    ]);
    const sn = a.serialNumber as Buffer;
    return {
      vendorId: String(a.vendorId),
      serial: sn.toString('latin1', 0, 4) + sn.subarray(4, 8).toString('hex').toUpperCase(),
      administrativeState: a.administrativeState === 0 ? 'unlocked' : 'locked',
      operationalState: a.operationalState === 0 ? 'enabled' : 'disabled',
    };
  }

  /** MIB upload (G.988 §I.1.2): the ONT's whole MIB, one entry per ME instance. */
  async mibUpload(pon: string, onuId: number): Promise<MibEntry[]> {
    const start = await this.request(pon, onuId, {
      type: 'mib-upload-request',
      meClass: MeClass.onuData,
      meInstance: 0,
    });
    const byKey = new Map<string, MibEntry>();
    for (let seq = 0; seq < start.commands; seq++) {
      const b = await this.request(pon, onuId, {
        type: 'mib-upload-next-request',
        meClass: MeClass.onuData,
        meInstance: 0,
        sequence: seq,
      });
      const k = `${b.uploadClass}:${b.uploadInstance}`;
      let e = byKey.get(k);
      if (!e) {
        e = {
          classId: b.uploadClass,
          name: meDef(b.uploadClass)?.name ?? `class ${b.uploadClass}`,
          instance: b.uploadInstance,
          attributes: {},
          tables: {},
        };
        byKey.set(k, e);
      }
      const def = meDef(b.uploadClass);
      for (const [name, v] of Object.entries(b.attributes)) {
        if (def?.attributes.find((a) => a.name === name)?.type === 'table')
          (e.tables[name] ??= []).push(v as Buffer);
        else e.attributes[name] = v;
      }
    }
    return [...byKey.values()];
  }

  async mibReset(pon: string, onuId: number): Promise<void> {
    const r = await this.request(pon, onuId, {
      type: 'mib-reset-request',
      meClass: MeClass.onuData,
      meInstance: 0,
    });
    if (r.result !== OmciResult.success) throw new OmciResultError('mib reset', r.result, this.errOpts());
  }

  /** Get all alarms + next (G.988 §I.1.3): the alarms active now, per ME. */
  async getAllAlarms(
    pon: string,
    onuId: number,
  ): Promise<{ classId: number; instance: number; alarms: number[] }[]> {
    const start = await this.request(pon, onuId, {
      type: 'get-all-alarms-request',
      meClass: MeClass.onuData,
      meInstance: 0,
      mode: 0,
    });
    const out: { classId: number; instance: number; alarms: number[] }[] = [];
    for (let seq = 0; seq < start.commands; seq++) {
      const r = await this.request(pon, onuId, {
        type: 'get-all-alarms-next-request',
        meClass: MeClass.onuData,
        meInstance: 0,
        sequence: seq,
      });
      out.push({ classId: r.alarmedClass, instance: r.alarmedInstance, alarms: r.alarms });
    }
    return out;
  }

  async reboot(pon: string, onuId: number): Promise<void> {
    const r = await this.request(pon, onuId, {
      type: 'reboot-request',
      meClass: MeClass.onuG,
      meInstance: 0,
      flags: 0,
    });
    if (r.result !== OmciResult.success) throw new OmciResultError('reboot', r.result, this.errOpts());
  }

  /** Every alarm and AVC notification from now on, until the client closes. */
  notifications(): AsyncIterableIterator<OmciNotification> {
    const queue: OmciNotification[] = [];
    let wake: (() => void) | undefined;
    let done = this.closed;
    const listener = (n: OmciNotification | null) => {
      if (n) queue.push(n);
      else done = true;
      wake?.();
    };
    this.listeners.add(listener);
    const stop = () => {
      done = true;
      this.listeners.delete(listener);
      wake?.();
    };
    const it: AsyncIterableIterator<OmciNotification> = {
      next: async () => {
        while (queue.length === 0 && !done)
          await new Promise<void>((r) => {
            wake = r;
          });
        wake = undefined;
        const n = queue.shift();
        return n ? { value: n, done: false } : { value: undefined, done: true };
      },
      return: async () => {
        stop();
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
    if (this.closed) return;
    this.fail(new ConnectionLostError('OMCI client closed', this.inFlightIds(), this.errOpts()));
  }
}
