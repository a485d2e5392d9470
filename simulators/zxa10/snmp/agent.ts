/**
 * The SNMP agent of a simulated ZXA10 on a UDP port of 127.0.0.1: v1, v2c (community) and v3 (USM
 * authPriv), answering GET / GETNEXT / GETBULK from the real ZTE tables (mib.ts) and giving errors
 * the way net-snmp's `snmpd` gives them:
 *   v1  — a GET of a missing object or a GETNEXT past the end: error-status noSuchName (2) with the
 *         error-index of the varbind, varbinds echoed (RFC 1157 §4.1.2–4.1.3); SET on this read-only
 *         agent: noSuchName (RFC 2576 §4.3 maps noAccess to it).
 *   v2c/v3 — noSuchObject / noSuchInstance / endOfMibView exceptions (RFC 3416 §4.2); SET: noAccess.
 *   v3  — USM checks and Reports as RFC 3414 §3.2 orders them (usm.ts).
 * Wrong communities are dropped in silence (snmpd only counts them). Faults: `olt-down` silences
 * the agent, `latency` delays answers.
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import {
  authPrivUser,
  bindUdp,
  inertDgramModule,
  snmp,
  type NetSnmpAgent,
  type SnmpMessage,
  type Varbind,
} from '../../../src/protocols/snmp/net-snmp.ts';
import { parseOid, type Found, type OidIndex } from '../../snmp/oid-index.ts';
import type { Zxa10Olt } from '../olt.ts';
import { buildZxa10Mib } from './mib.ts';
import { outsideTimeWindow, parseV3, reportMessage, type UsmStat } from './usm.ts';

export interface Zxa10SnmpOptions {
  z: Zxa10Olt;
  community: string;
  v3Users?: { name: string; authKey: string; privKey: string }[];
  /** RFC 3411 engine ID (hex). */
  engineID: string;
  host?: string;
  onPonBuilt?: (pon: string) => void;
}

const PDU = snmp.PduType;
const T = snmp.ObjectType;
const NO_SUCH_NAME = 2;
const NO_ACCESS = 6;
const AUTHORIZATION_ERROR = 16;
/** Keep responses well inside one datagram (RFC 3416 §4.2.3: fewer repetitions). */
const MAX_RESPONSE_BYTES = 48_000;

export class Zxa10SnmpAgent {
  port = 0;
  private readonly index: OidIndex;
  /** OIDs of the objects (scalar or column) served: a GET under one is noSuchInstance, else noSuchObject. */
  private readonly objects: string[];
  private socket?: Socket;
  private agent?: NetSnmpAgent;
  /** Parses requests of known users below their security level (answered authorizationError). */
  private lowAgent?: NetSnmpAgent;
  private readonly engineID: Buffer;
  private readonly bootedAt = Date.now();
  private readonly usmCounts = new Map<UsmStat, number>();

  constructor(private readonly opts: Zxa10SnmpOptions) {
    this.engineID = Buffer.from(opts.engineID, 'hex');
    const mib = buildZxa10Mib(
      { z: opts.z, engineID: this.engineID, engineTime: () => this.engineTime() },
      opts.onPonBuilt,
    );
    this.index = mib.index;
    this.objects = mib.objects;
  }

  get objectCount(): number {
    return this.index.size;
  }

  private engineTime(): number {
    return Math.floor((Date.now() - this.bootedAt) / 1000);
  }

  async start(port = 0): Promise<number> {
    const host = this.opts.host ?? '127.0.0.1';
    const socket = await bindUdp(port, host);
    this.socket = socket;
    this.port = socket.address().port;
    this.agent = snmp.createAgent(
      { port: this.port, address: host, engineID: this.opts.engineID, dgramModule: inertDgramModule },
      () => {
        /* per-request callback: nothing to log */
      },
    );
    this.agent.authorizer.addCommunity(this.opts.community);
    for (const u of this.opts.v3Users ?? []) this.agent.authorizer.addUser(authPrivUser(u));
    this.lowAgent = snmp.createAgent(
      { port: this.port, address: host, engineID: this.opts.engineID, dgramModule: inertDgramModule },
      () => {
        /* nothing to log */
      },
    );
    for (const u of this.opts.v3Users ?? [])
      this.lowAgent.authorizer.addUser({ name: u.name, level: snmp.SecurityLevel.noAuthNoPriv });
    socket.on('message', (buf, rinfo) => {
      const f = this.opts.z.olt.faults;
      if (f.down) return;
      if (f.latencyMs > 0) setTimeout(() => this.answer(socket, buf, rinfo), f.latencyMs);
      else this.answer(socket, buf, rinfo);
    });
    return this.port;
  }

  /** net-snmp's engine answers with boots 0 / time 10 unless told: keep it on our clock. */
  private engine() {
    const e = (this.agent as unknown as { engine: { engineBoots: number; engineTime: number } }).engine;
    e.engineBoots = 1;
    e.engineTime = this.engineTime();
    return { engineID: this.engineID, boots: 1, time: e.engineTime };
  }

  private report(
    socket: Socket,
    rinfo: RemoteInfo,
    stat: UsmStat,
    req: NonNullable<ReturnType<typeof parseV3>>,
    auth?: { name: string; authKey: string },
  ) {
    const n = (this.usmCounts.get(stat) ?? 0) + 1;
    this.usmCounts.set(stat, n);
    const user = auth ? authPrivUser({ ...auth, privKey: auth.authKey }) : undefined;
    const msg = reportMessage(
      req,
      this.engine(),
      stat,
      n,
      user && { name: user.name, authProtocol: user.authProtocol!, authKey: auth!.authKey },
    );
    socket.send(msg, rinfo.port, rinfo.address);
  }

  /**
   * A known authPriv user asking without authentication: snmpd's VACM refuses it with
   * authorizationError (16), error-index 0, in a noAuthNoPriv response (RFC 3415 §3.2).
   */
  private refuseLowLevel(socket: Socket, buf: Buffer, rinfo: RemoteInfo): void {
    const low = this.lowAgent;
    if (!low) return;
    const m = low.listener.constructor.processIncoming(buf, low.authorizer, () => undefined);
    if (!m || m.report) return;
    const response = m.pdu.getResponsePduForRequest();
    response.varbinds = m.pdu.varbinds;
    response.errorStatus = AUTHORIZATION_ERROR;
    response.errorIndex = 0;
    this.engine();
    low.sendResponse(socket, rinfo, m, response);
  }

  /** RFC 3414 §3.2 steps 3–7 for a v3 message; true when it may go on. */
  private usmOk(socket: Socket, buf: Buffer, rinfo: RemoteInfo): boolean {
    const h = parseV3(buf);
    if (!h) return true;
    const reportable = (h.flags & 0x04) !== 0;
    const engine = this.engine();
    if (!h.engineID.equals(engine.engineID)) {
      if (reportable) this.report(socket, rinfo, 'unknownEngineIDs', h);
      return false;
    }
    if (h.user === '') return true;
    const u = (this.opts.v3Users ?? []).find((x) => x.name === h.user);
    if (!u) {
      if (reportable) this.report(socket, rinfo, 'unknownUserNames', h);
      return false;
    }
    if (!(h.flags & 0x01)) {
      this.refuseLowLevel(socket, buf, rinfo);
      return false;
    }
    {
      const proto = authPrivUser(u).authProtocol!;
      if (!snmp.Authentication.isAuthentic(buf, proto, u.authKey, this.engineID, h.authParams)) {
        if (reportable) this.report(socket, rinfo, 'wrongDigests', h);
        return false;
      }
      if (outsideTimeWindow(h, engine)) {
        if (reportable) this.report(socket, rinfo, 'notInTimeWindows', h, u);
        return false;
      }
    }
    return true;
  }

  private answer(socket: Socket, buf: Buffer, rinfo: RemoteInfo): void {
    const agent = this.agent;
    if (!agent) return;
    if (buf[0] === 0x30 && !this.usmOk(socket, buf, rinfo)) return;
    let message: SnmpMessage | undefined;
    try {
      message = agent.listener.constructor.processIncoming(buf, agent.authorizer, () => {
        /* wrong community, undecryptable: dropped */
      });
    } catch {
      return;
    }
    if (!message) return;
    if (message.report && message.original) {
      // net-snmp's own USM refusals not caught above (e.g. a level the user lacks)
      agent.onMsg(socket, buf, rinfo);
      return;
    }
    const pdu = message.pdu;
    if (message.version === snmp.Version3 && !message.hasAuthoritativeEngineID()) {
      agent.onMsg(socket, buf, rinfo); // discovery (RFC 3414 §4)
      return;
    }
    const v1 = message.version === snmp.Version1;
    const response = pdu.getResponsePduForRequest();
    if (pdu.type === PDU.GetRequest) response.varbinds = pdu.varbinds.map((vb) => this.getOne(vb.oid));
    else if (pdu.type === PDU.GetNextRequest)
      response.varbinds = this.bulk(pdu.varbinds, pdu.varbinds.length, 1);
    else if (pdu.type === PDU.GetBulkRequest && !v1)
      response.varbinds = this.bulk(pdu.varbinds, pdu.nonRepeaters ?? 0, pdu.maxRepetitions ?? 10);
    else if (pdu.type === PDU.SetRequest) {
      response.varbinds = pdu.varbinds;
      response.errorStatus = v1 ? NO_SUCH_NAME : NO_ACCESS;
      response.errorIndex = 1;
    } else return;
    if (v1) {
      // RFC 2576 §4.1.2.1: a v1 manager gets noSuchName instead of an exception value
      const bad = response.varbinds.findIndex(
        (vb) => vb.type === T.NoSuchObject || vb.type === T.NoSuchInstance || vb.type === T.EndOfMibView,
      );
      if (bad >= 0) {
        response.varbinds = pdu.varbinds;
        response.errorStatus = NO_SUCH_NAME;
        response.errorIndex = bad + 1;
      }
    }
    this.engine();
    agent.sendResponse(socket, rinfo, message, response);
  }

  private getOne(oid: string): Varbind {
    const f = this.index.get(oid);
    if (f) return { oid: f.entry.key, type: f.entry.type, value: f.value };
    const plain = oid.startsWith('.') ? oid.slice(1) : oid;
    const under = this.objects.some((o) => plain.startsWith(o + '.'));
    return { oid: plain, type: under ? T.NoSuchInstance : T.NoSuchObject, value: null };
  }

  /** GETNEXT (every varbind a non-repeater, one repetition) and GETBULK (RFC 3416 §4.2.3). */
  private bulk(request: Varbind[], nonRepeaters: number, maxRepetitions: number): Varbind[] {
    const out: Varbind[] = [];
    let bytes = 0;
    const push = (vb: Varbind) => {
      out.push(vb);
      bytes +=
        vb.oid.length +
        16 +
        (typeof vb.value === 'string' || Buffer.isBuffer(vb.value) ? (vb.value as string).length : 6);
    };
    const asVarbind = (f: Found | undefined, from: string): Varbind =>
      f
        ? { oid: f.entry.key, type: f.entry.type, value: f.value }
        : { oid: from, type: T.EndOfMibView, value: null };
    const n = Math.max(0, Math.min(nonRepeaters, request.length));
    for (let i = 0; i < n; i++) push(asVarbind(this.index.next(parseOid(request[i].oid)), request[i].oid));
    const repeaters = request.slice(n);
    if (!repeaters.length) return out;
    const last: (Found | undefined)[] = repeaters.map(() => undefined);
    const lastOid = repeaters.map((vb) => vb.oid);
    for (let r = 0; r < Math.max(1, maxRepetitions); r++) {
      let allEnded = true;
      for (let j = 0; j < repeaters.length; j++) {
        const prev = last[j];
        const f =
          r === 0
            ? this.index.next(parseOid(lastOid[j]))
            : prev
              ? this.index.presentFrom(prev.pos + 1)
              : undefined;
        if (f) {
          allEnded = false;
          last[j] = f;
          lastOid[j] = f.entry.key;
        } else last[j] = undefined;
        push(asVarbind(f, lastOid[j]));
      }
      if (allEnded || (bytes > MAX_RESPONSE_BYTES && r > 0)) break;
    }
    return out;
  }

  async close(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    this.agent = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
