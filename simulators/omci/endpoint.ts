/**
 * The OLT's OMCI endpoint (docs/omci-transport.md): one UDP socket per simulated OLT (`ports.omci`
 * in the lab's inventory). A datagram names a channel termination (one per PON, `channelTermination`
 * in the inventory) and an ONU id, and carries one OMCI message (+ MIC on a channel set to carry one);
 * the ONT answers to the datagram's source with the same addressing. Autonomous notifications (alarms,
 * AVCs, test results) go to every peer heard from in the last PEER_TTL_MS (TR-451's pOLT likewise
 * sends an ONU's notifications to the vOMCI function serving it).
 *
 * As on a real OLT, a message to an ONT whose OMCC is down (LOS, dying gasp, rebooting), to an
 * address nobody holds, or whose MIC does not verify is never answered: the controller times out. An
 * ONT in LOS cannot send either: the alarm it raises then is numbered but lost, and the controller
 * sees the gap in the sequence numbers when the ONT is back (G.988 §A.1.4). `olt.faults.down`
 * silences everything; `olt.faults.latencyMs` delays every datagram.
 */
import dgram from 'node:dgram';
import type { SimOlt, SimOnt, OntOpticsChange, OntStateChange } from '../core/topology.ts';
import {
  decodeMessage,
  encodeMessage,
  isRequest,
  type OmciMessage,
} from '../../src/protocols/omci/messages.ts';
import { MeClass } from '../../src/protocols/omci/me-defs.ts';
import {
  MIC_DOWNSTREAM,
  MIC_UPSTREAM,
  appendMic,
  deriveOmciIk,
  masterSessionKey,
  stripMic,
} from '../../src/protocols/omci/mic.ts';
import { decodeDatagram, encodeDatagram } from '../../src/protocols/omci/tr451-framing.ts';
import { OntMib, type PonType } from './mib.ts';
import { alarmChanges } from './alarms.ts';
import { answer } from './responder.ts';

/** How long an OMCI-commanded reboot keeps the ONT offline (ms). */
export const OMCI_REBOOT_MS = 3000;
/** A peer receives notifications this long after its last request (the controller polls every minute). */
export const PEER_TTL_MS = 180_000;

/** One PON as the OMCI endpoint addresses it. */
export interface OmciChannel {
  /** `R/S/P`. */
  pon: string;
  /** The channel-termination name (≤ 30 ASCII bytes). */
  name: string;
  ponType: PonType;
  /** XG(S)-PON: each message carries a MIC keyed with this PON-TAG (G.9807.1 C.15). */
  mic?: { ponTag: Buffer; registrationId?: Buffer };
}

/** Where a datagram came from, and where answers go. */
export interface Peer {
  address: string;
  port: number;
}

export class OltOmciEndpoint {
  // requests from a controller with hundreds in flight arrive in bursts; as the client's socket
  // (udp-transport.ts OMCI_RECV_BUFFER_BYTES), a bigger receive buffer than Linux's 208 KB default
  private readonly socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20 });
  /** Writes a datagram (the socket; tests of the ONT side without sockets pass their own). */
  private readonly output: (datagram: Buffer, to: Peer) => void;
  private readonly mibs = new Map<SimOnt, OntMib>();
  private readonly byName = new Map<string, OmciChannel>();
  private readonly byPon = new Map<string, OmciChannel>();
  private readonly peers = new Map<string, Peer & { seen: number }>();
  private readonly keys = new Map<string, Buffer>();
  private readonly onState = (c: OntStateChange) => this.notifyStateChange(c);
  private readonly onOptics = (c: OntOpticsChange) => this.notifyAlarms(c.pon, c.ont, c.at);
  /** Datagrams dropped: unknown address, dark ONT, bad MIC or undecodable message. */
  readonly dropped = { address: 0, dark: 0, mic: 0, decode: 0 };

  constructor(
    readonly olt: SimOlt,
    channels: readonly OmciChannel[],
    opts: { output?: (datagram: Buffer, to: Peer) => void } = {},
  ) {
    this.output = opts.output ?? ((d, to) => this.socket.send(d, to.port, to.address));
    for (const c of channels) {
      this.byName.set(c.name, c);
      this.byPon.set(c.pon, c);
    }
    olt.on('ont-state', this.onState);
    olt.on('ont-optics', this.onOptics);
    this.socket.on('message', (b, rinfo) => this.receive(b, { address: rinfo.address, port: rinfo.port }));
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.bind(port, host, () => {
        this.socket.off('error', reject);
        resolve();
      });
    });
    this.socket.on('error', () => undefined);
    return this.port;
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** Number of ONTs whose MIB exists (memory check for big labs). */
  get mibCount(): number {
    return this.mibs.size;
  }

  channel(pon: string): OmciChannel | undefined {
    return this.byPon.get(pon);
  }

  /**
   * The ONT at an OMCI address. Authorised ONTs are addressed by the ONU id of their configuration;
   * one not (yet) authorised answers on its lab position, so monitoring can read optics before
   * provisioning.
   */
  resolve(pon: string, onuId: number): { ont: SimOnt; onuId: number } | undefined {
    const cfg = this.olt.authorised.findOnu(pon, onuId);
    if (cfg) {
      const ont = this.olt.ontBySerial(cfg.expectedSerial);
      return ont && ont.pon === pon ? { ont, onuId } : undefined;
    }
    const ont = this.olt.ont(pon, onuId);
    return ont && !this.olt.authorised.findOnuBySerial(ont.serial) ? { ont, onuId } : undefined;
  }

  /** The ONU id an ONT is addressed by (its configured id when authorised, else its lab position). */
  addressOf(ont: SimOnt): number {
    return this.olt.authorised.findOnuBySerial(ont.serial)?.onu.onuId ?? ont.id;
  }

  mib(ont: SimOnt, onuId: number): OntMib {
    let m = this.mibs.get(ont);
    if (!m) {
      m = new OntMib(this.olt, ont, onuId, this.byPon.get(ont.pon)?.ponType ?? 'gpon');
      this.mibs.set(ont, m);
    }
    return m;
  }

  /** The ONT's OMCI integrity key on a MIC channel (G.9807.1 C.15; serial, PON-TAG, registration ID). */
  private ikOf(ont: SimOnt, c: OmciChannel): Buffer {
    const k = `${ont.serial}|${c.name}`;
    let ik = this.keys.get(k);
    if (!ik) {
      const sn = Buffer.concat([
        Buffer.from(ont.serial.slice(0, 4), 'ascii'),
        Buffer.from(ont.serial.slice(4), 'hex'),
      ]);
      const msk = masterSessionKey(c.mic!.registrationId ?? Buffer.alloc(36));
      ik = deriveOmciIk({ msk, serialNumber: sn, ponTag: c.mic!.ponTag }).omciIk;
      this.keys.set(k, ik);
    }
    return ik;
  }

  /** One datagram from `from`: answered (to `from`) or dropped, as the ONT it addresses would. */
  receive(b: Buffer, from: Peer, now = Date.now()): void {
    if (this.olt.faults.down) return;
    let d;
    try {
      d = decodeDatagram(b);
    } catch {
      this.dropped.decode++;
      return;
    }
    const c = this.byName.get(d.channelTermination);
    const addr = c && this.resolve(c.pon, d.onuId);
    if (!c || !addr) {
      this.dropped.address++;
      return;
    }
    this.peers.set(`${from.address}:${from.port}`, { ...from, seen: now });
    if (this.olt.phaseOf(addr.ont, now) !== 'working') {
      this.dropped.dark++;
      return;
    }
    let msg: OmciMessage;
    try {
      msg = decodeMessage(c.mic ? stripMic(this.ikOf(addr.ont, c), MIC_DOWNSTREAM, d.payload) : d.payload);
    } catch (e) {
      if ((e as { reason?: string }).reason === 'bad-mic') this.dropped.mic++;
      else this.dropped.decode++;
      return; // an ONU silently discards what it cannot read
    }
    if (!isRequest(msg)) return;
    const mib = this.mib(addr.ont, addr.onuId);
    const { response, after } = answer(mib, msg, now);
    const to = [from];
    this.send(c, addr.ont, d.onuId, response, to);
    if (after.kind === 'notify') this.send(c, addr.ont, d.onuId, after.message, to);
    if (after.kind === 'reboot') this.reboot(addr.ont);
    // a Set of ANI-G thresholds (or a MIB reset restoring them) can raise or clear an alarm; the
    // notification follows the response, as on the ONU
    if (msg.type === 'set-request' || msg.type === 'mib-reset-request')
      setImmediate(() => this.notifyAlarms(c.pon, addr.ont));
  }

  private send(c: OmciChannel, ont: SimOnt, onuId: number, m: OmciMessage, to: readonly Peer[]): void {
    let payload = encodeMessage(m);
    if (c.mic) payload = appendMic(this.ikOf(ont, c), MIC_UPSTREAM, payload);
    const datagram = encodeDatagram({ channelTermination: c.name, onuId, payload });
    const write = () => {
      if (this.olt.faults.down) return;
      for (const p of to) this.output(datagram, p);
    };
    if (this.olt.faults.latencyMs > 0) setTimeout(write, this.olt.faults.latencyMs).unref();
    else write();
  }

  private listeners(now = Date.now()): Peer[] {
    for (const [k, p] of this.peers) if (now - p.seen > PEER_TTL_MS) this.peers.delete(k);
    return [...this.peers.values()];
  }

  private reboot(ont: SimOnt): void {
    // answer first, then go offline: the response is already on its way when this runs
    setImmediate(() => {
      ont.rebootingUntil = Date.now() + OMCI_REBOOT_MS;
      this.mibs.get(ont)?.reset();
      this.olt.refresh();
      setTimeout(() => this.olt.refresh(), OMCI_REBOOT_MS + 5).unref();
    });
  }

  /**
   * Alarm notifications for every ME of the ONT whose alarm bit map changed (alarms.ts). An ONT that
   * is dark numbers them but cannot send them. With nobody listening, an ONT whose MIB exists still
   * has its changes noted (a later peer must not get a stale clear or miss a raise); others are left
   * alone, so a PON cut on a 4 096-ONT OLT without peers creates no MIBs. Returns the ONU id used.
   */
  private notifyAlarms(pon: string, ont: SimOnt, at = Date.now()): number {
    const onuId = this.addressOf(ont);
    const c = this.byPon.get(pon);
    if (this.olt.faults.down || !c) return onuId;
    const to = this.listeners(at);
    const mib = to.length ? this.mib(ont, onuId) : this.mibs.get(ont);
    if (!mib) return onuId;
    const phase = this.olt.phaseOf(ont, at);
    for (const a of alarmChanges(mib, at)) {
      const m: OmciMessage = {
        type: 'alarm-notification',
        tci: 0,
        meClass: a.meClass,
        meInstance: a.meInstance,
        alarms: a.alarms,
        sequence: mib.nextAlarmSequence(),
      };
      // the last words of a dying ONT get out; an ONT without downstream light sends nothing
      if (phase === 'working' || phase === 'dying-gasp') this.send(c, ont, onuId, m, to);
    }
    return onuId;
  }

  /** ONT phase change → its alarm notifications, then (ONT back up) an AVC of ONU-G operational state. */
  private notifyStateChange(c: OntStateChange): void {
    const onuId = this.notifyAlarms(c.pon, c.ont, c.at);
    const ch = this.byPon.get(c.pon);
    if (this.olt.faults.down || !ch || c.to !== 'working') return;
    const avc: OmciMessage = {
      type: 'avc-notification',
      tci: 0,
      meClass: MeClass.onuG,
      meInstance: 0,
      mask: 0x0100,
      attributes: { operationalState: 0 },
    };
    this.send(ch, c.ont, onuId, avc, this.listeners(c.at));
  }

  async close(): Promise<void> {
    this.olt.off('ont-state', this.onState);
    this.olt.off('ont-optics', this.onOptics);
    await new Promise<void>((r) => {
      try {
        this.socket.close(() => r());
      } catch {
        r(); // never bound
      }
    });
  }
}
