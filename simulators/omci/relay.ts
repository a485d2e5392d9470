/**
 * The OLT's OMCI relay: SSH subsystem `omci` on the NETCONF port (docs/omci-relay.md). Each record
 * names an ONT (PON port + ONU id) and carries a 48-byte baseline frame; the simulated ONT answers
 * on the same channel with the TCI echoed and a fresh CRC, and every session receives the ONTs'
 * autonomous alarm and AVC notifications.
 *
 * As on a real OLT, a message to an ONT whose OMCC is down (LOS, dying gasp, rebooting/offline), to
 * an ONU id nobody holds, or carrying a bad CRC is simply never answered: the controller times out.
 * `olt.faults.down` silences everything; `olt.faults.latencyMs` delays every answer and notification.
 */
import type { SimOlt, SimOnt, OntOpticsChange, OntStateChange } from '../core/topology.ts';
import type { SessionHandler, SshSession } from '../ssh/server.ts';
import {
  decodeMessage,
  encodeMessage,
  type OmciMessage,
  type OmciRequest,
} from '../../src/protocols/omci/messages.ts';
import { MeClass } from '../../src/protocols/omci/me-defs.ts';
import { RelayDeframer, batchedWriter, encodeRelayRecord } from '../../src/protocols/omci/relay-framing.ts';
import { OntMib } from './mib.ts';
import { answer } from './responder.ts';

/** How long an OMCI-commanded reboot keeps the ONT offline (ms). */
export const OMCI_REBOOT_MS = 3000;

type Sink = (pon: string, onuId: number, m: OmciMessage) => void;

/** OMCI state of one OLT: the lazily created ONT MIBs and the sessions listening for notifications. */
export class OltOmci {
  private readonly mibs = new Map<SimOnt, OntMib>();
  private readonly sinks = new Set<Sink>();
  private readonly onState = (c: OntStateChange) => this.notifyStateChange(c);
  private readonly onOptics = (c: OntOpticsChange) => this.notifyAlarms(c.pon, c.ont, c.at);

  constructor(readonly olt: SimOlt) {
    olt.on('ont-state', this.onState);
    olt.on('ont-optics', this.onOptics);
  }

  /** Number of ONTs whose MIB exists (memory check for big labs). */
  get mibCount(): number {
    return this.mibs.size;
  }

  /**
   * The ONT at an OMCI address. Authorised ONTs are addressed by the ONU id of their configuration
   * (as `gpon-onu_R/S/P:N`); an ONT not (yet) authorised answers on its lab position, the ONU id the
   * lab suggests for it, so monitoring can read optics before provisioning.
   */
  resolve(pon: string, onuId: number): { ont: SimOnt; onuId: number } | undefined {
    const cfg = this.olt.authorised.findOnu(pon, onuId);
    if (cfg) {
      const ont = this.olt.ontBySerial(cfg.expectedSerial);
      return ont && ont.pon === pon ? { ont, onuId } : undefined;
    }
    const ont = this.olt.ont(pon, onuId);
    if (!ont) return undefined;
    const auth = this.olt.authorised.findOnuBySerial(ont.serial);
    return auth ? undefined : { ont, onuId };
  }

  /** The ONU id an ONT is addressed by (its configured id when authorised, else its lab position). */
  addressOf(ont: SimOnt): number {
    return this.olt.authorised.findOnuBySerial(ont.serial)?.onu.onuId ?? ont.id;
  }

  mib(ont: SimOnt, onuId: number): OntMib {
    let m = this.mibs.get(ont);
    if (!m) {
      m = new OntMib(this.olt, ont, onuId);
      this.mibs.set(ont, m);
    }
    return m;
  }

  subscribe(sink: Sink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  close(): void {
    this.olt.off('ont-state', this.onState);
    this.olt.off('ont-optics', this.onOptics);
    this.sinks.clear();
  }

  /** Handle one request; returns the response, or null when the ONT cannot answer (timeout). */
  handle(pon: string, onuId: number, frame: Buffer, now = Date.now()): Buffer | null {
    if (this.olt.faults.down) return null;
    const addr = this.resolve(pon, onuId);
    if (!addr || this.olt.phaseOf(addr.ont, now) !== 'working') return null;
    let msg: OmciMessage;
    try {
      msg = decodeMessage(frame);
    } catch {
      return null; // an ONU silently discards a frame whose CRC or format is wrong
    }
    if (!isRequest(msg)) return null;
    const mib = this.mib(addr.ont, addr.onuId);
    const { response, after } = answer(mib, msg, now);
    if (after.kind === 'reboot') this.reboot(addr.ont);
    // a Set of ANI-G thresholds (or a MIB reset restoring them) can raise or clear an alarm; the
    // notification follows the response, as on the ONU
    if (msg.type === 'set-request' || msg.type === 'mib-reset-request')
      setImmediate(() => this.notifyAlarms(pon, addr.ont));
    return encodeMessage(response);
  }

  private reboot(ont: SimOnt): void {
    // answer first, then go offline: the response is already encoded when this runs
    setImmediate(() => {
      ont.rebootingUntil = Date.now() + OMCI_REBOOT_MS;
      this.mibs.get(ont)?.reset();
      this.olt.refresh();
      setTimeout(() => this.olt.refresh(), OMCI_REBOOT_MS + 5).unref();
    });
  }

  /**
   * Alarm notifications for every ME of the ONT whose alarm state changed since the last one
   * (G.988 §A.1.4; mib.alarmChanges): LOS and dying gasp on the way down — the ONT's last words, which
   * the relay delivers as the ONT raised them — their clears on the way up, and the ANI-G low (or
   * high) received optical power alarm when the RX level crosses the ANI-G threshold. Returns the
   * ONU id used. With nobody listening, an ONT whose MIB exists still has its changes noted (a later
   * session must not get a stale clear or miss a raise); others are left alone, so a PON cut on a
   * 4 096-ONT OLT without OMCI sessions creates no MIBs.
   */
  private notifyAlarms(pon: string, ont: SimOnt, at = Date.now()): number {
    const onuId = this.addressOf(ont);
    if (this.olt.faults.down) return onuId;
    const mib = this.sinks.size ? this.mib(ont, onuId) : this.mibs.get(ont);
    const changes = mib?.alarmChanges(at) ?? [];
    if (!mib || this.sinks.size === 0) return onuId;
    for (const a of changes) {
      const m: OmciMessage = {
        type: 'alarm-notification',
        tci: 0,
        meClass: a.classId,
        meInstance: a.instance,
        alarms: a.alarms,
        sequence: mib.nextAlarmSequence(),
      };
      for (const s of this.sinks) s(pon, onuId, m);
    }
    return onuId;
  }

  /** ONT phase change → its alarm notifications, then an AVC of ONU-G operational state. */
  private notifyStateChange(c: OntStateChange): void {
    const onuId = this.notifyAlarms(c.pon, c.ont, c.at);
    if (this.olt.faults.down || this.sinks.size === 0) return;
    const avc: OmciMessage = {
      type: 'avc-notification',
      tci: 0,
      meClass: MeClass.onuG,
      meInstance: 0,
      mask: 0x0100,
      attributes: { operationalState: c.to === 'working' ? 0 : 1 },
    };
    for (const s of this.sinks) s(c.pon, onuId, avc);
  }
}

function isRequest(m: OmciMessage): m is OmciRequest {
  return m.type.endsWith('-request');
}

const perOlt = new WeakMap<SimOlt, OltOmci>();

/** The OMCI state of an OLT (one per OLT, shared by all its relay sessions). */
export function oltOmci(olt: SimOlt): OltOmci {
  let s = perOlt.get(olt);
  if (!s) {
    s = new OltOmci(olt);
    perOlt.set(olt, s);
  }
  return s;
}

/** Session handler for `SimSshServer({ subsystems: { omci: omciRelayHandler(olt) } })`. */
export function omciRelayHandler(olt: SimOlt): SessionHandler {
  const state = oltOmci(olt);
  return (session: SshSession) => {
    const { stream } = session;
    const deframer = new RelayDeframer();
    let open = true;
    const batched = batchedWriter((b) => {
      if (open) stream.write(b);
    });
    const send = (pon: string, onuId: number, frame: Buffer) => {
      const out = encodeRelayRecord({ pon, onuId, frame });
      const write = () => {
        if (open && !olt.faults.down) batched(out);
      };
      if (olt.faults.latencyMs > 0) setTimeout(write, olt.faults.latencyMs);
      else write();
    };
    const unsubscribe = state.subscribe((pon, onuId, m) => send(pon, onuId, encodeMessage(m)));
    const close = () => {
      open = false;
      unsubscribe();
    };
    stream.on('close', close);
    stream.on('end', close);
    stream.on('error', close);
    stream.on('data', (chunk: Buffer) => {
      let records;
      try {
        records = deframer.push(chunk);
      } catch {
        close();
        stream.end();
        return;
      }
      for (const r of records) {
        const reply = state.handle(r.pon, r.onuId, r.frame);
        if (reply) send(r.pon, r.onuId, reply);
      }
    });
  };
}

/** Factory the lab's protocol registry looks for (simulators/lab/protocols.ts). */
export function createOmciRelayHandler(ctx: { olt: SimOlt }): SessionHandler {
  return omciRelayHandler(ctx.olt);
}
