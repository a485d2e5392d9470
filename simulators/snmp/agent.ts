/**
 * The SNMP agent of one simulated OLT (issue 4 §6): v2c community and v3 USM authPriv (SHA + AES)
 * on a UDP port of 127.0.0.1. net-snmp does the protocol work — BER, community check, USM
 * discovery, authentication and privacy, reports — and this class answers GET / GETNEXT / GETBULK
 * from a prebuilt sorted OID index (oid-index.ts), because net-snmp's MIB-provider tree is too slow
 * to walk a 4 096-row ONT table. Faults: `olt-down` makes the agent silent (requests time out),
 * `latency` delays every answer.
 */
import type { Socket, RemoteInfo } from 'node:dgram';
import type { SimOlt } from '../core/topology.ts';
import type { OltSnmpProfile } from '../../src/protocols/snmp/olt-snmp-profile.ts';
import {
  authPrivUser,
  bindUdp,
  inertDgramModule,
  snmp,
  type NetSnmpAgent,
  type SnmpMessage,
  type Varbind,
} from '../../src/protocols/snmp/net-snmp.ts';
import { buildMib, type MibContext } from './mib.ts';
import { parseOid, type Found, type OidIndex } from './oid-index.ts';

export interface SnmpV3User {
  name: string;
  /** SHA authentication passphrase (≥ 8 characters). */
  authKey: string;
  /** AES-128 privacy passphrase (≥ 8 characters). */
  privKey: string;
}

export interface SnmpAgentOptions {
  olt: SimOlt;
  profile: OltSnmpProfile;
  community: string;
  v3Users?: SnmpV3User[];
  /** SNMP engine ID (hex); receivers of v3 traps need it (`createUser -e`). */
  engineID: string;
  host?: string;
  port?: number;
  /** Called after each PON's rows are built (the lab's start-up progress). */
  onPonBuilt?: (pon: string) => void;
}

/** RFC 3411 engine ID, enterprise 3902 (ZTE), format 4 (text): stable per OLT name. */
export function engineIdFor(oltName: string): string {
  return '80000f3e04' + Buffer.from(oltName.slice(0, 27)).toString('hex');
}

/** Keep responses well inside one UDP datagram (RFC 3416 §4.2.3: answer fewer repetitions). */
const MAX_RESPONSE_BYTES = 48_000;

const PDU = snmp.PduType;
const T = snmp.ObjectType;

export class SimSnmpAgent {
  port = 0;
  readonly ctx: MibContext;
  private index: OidIndex;
  private socket?: Socket;
  private agent?: NetSnmpAgent;

  constructor(private readonly opts: SnmpAgentOptions) {
    this.ctx = { olt: opts.olt, profile: opts.profile, startedAt: Date.now(), engineID: opts.engineID };
    this.index = buildMib(this.ctx, opts.onPonBuilt);
  }

  get objectCount(): number {
    return this.index.size;
  }

  async start(port = this.opts.port ?? 0): Promise<number> {
    const host = this.opts.host ?? '127.0.0.1';
    const socket = await bindUdp(port, host);
    this.socket = socket;
    this.port = socket.address().port;
    // datagrams arrive on our socket and go to onMessage below (net-snmp's own socket is inert)
    this.agent = snmp.createAgent(
      { port: this.port, address: host, engineID: this.opts.engineID, dgramModule: inertDgramModule },
      () => {
        /* per-request callback: nothing to log */
      },
    );
    this.agent.authorizer.addCommunity(this.opts.community);
    for (const u of this.opts.v3Users ?? []) this.agent.authorizer.addUser(authPrivUser(u));
    socket.on('message', (buf, rinfo) => this.onMessage(socket, buf, rinfo));
    return this.port;
  }

  private onMessage(socket: Socket, buf: Buffer, rinfo: RemoteInfo): void {
    const faults = this.opts.olt.faults;
    if (faults.down) return; // olt-down: the agent answers nothing
    const run = () => this.answer(socket, buf, rinfo);
    if (faults.latencyMs > 0) setTimeout(run, faults.latencyMs);
    else run();
  }

  private answer(socket: Socket, buf: Buffer, rinfo: RemoteInfo): void {
    const agent = this.agent;
    if (!agent || this.opts.olt.faults.down) return;
    let message: SnmpMessage | undefined;
    try {
      message = agent.listener.constructor.processIncoming(buf, agent.authorizer, () => {
        /* rejected */
      });
    } catch {
      return; // undecodable datagram
    }
    if (!message) return;
    const pdu = message.pdu;
    const plainRead =
      !message.report &&
      !pdu.contextName &&
      (pdu.type === PDU.GetRequest || pdu.type === PDU.GetNextRequest || pdu.type === PDU.GetBulkRequest) &&
      !(message.version === snmp.Version3 && !message.hasAuthoritativeEngineID());
    if (!plainRead) {
      // USM discovery, reports, SET: net-snmp's own handling (the simulated MIB is read-only)
      agent.onMsg(socket, buf, rinfo);
      return;
    }
    const response = pdu.getResponsePduForRequest();
    if (pdu.type === PDU.GetRequest) response.varbinds = pdu.varbinds.map((vb) => this.getOne(vb.oid));
    else if (pdu.type === PDU.GetNextRequest)
      response.varbinds = this.bulk(pdu.varbinds, pdu.varbinds.length, 1);
    else response.varbinds = this.bulk(pdu.varbinds, pdu.nonRepeaters ?? 0, pdu.maxRepetitions ?? 10);
    agent.sendResponse(socket, rinfo, message, response);
  }

  private getOne(oid: string): Varbind {
    const f = this.index.get(oid);
    return f
      ? { oid: f.entry.key, type: f.entry.type, value: f.value }
      : { oid, type: T.NoSuchInstance, value: null };
  }

  /** GETNEXT (nonRepeaters = all, one repetition) and GETBULK (RFC 3416 §4.2.3). */
  private bulk(request: Varbind[], nonRepeaters: number, maxRepetitions: number): Varbind[] {
    const out: Varbind[] = [];
    let bytes = 0;
    const push = (vb: Varbind) => {
      out.push(vb);
      bytes += vb.oid.length + 16 + (typeof vb.value === 'string' ? vb.value.length : 6);
    };
    const asVarbind = (f: Found | undefined, from: string): Varbind =>
      f
        ? { oid: f.entry.key, type: f.entry.type, value: f.value }
        : { oid: from, type: T.EndOfMibView, value: null };
    const n = Math.max(0, Math.min(nonRepeaters, request.length));
    for (let i = 0; i < n; i++) push(asVarbind(this.index.next(parseOid(request[i].oid)), request[i].oid));
    const repeaters = request.slice(n);
    if (repeaters.length === 0) return out;
    const last: (Found | undefined)[] = repeaters.map(() => undefined);
    const lastOid = repeaters.map((vb) => vb.oid);
    const reps = Math.max(1, maxRepetitions);
    for (let r = 0; r < reps; r++) {
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
