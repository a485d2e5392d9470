/**
 * The telemetry port's OMCI reader (application/ports/telemetry.ts `OmciReader`) for one OLT: the
 * UDP transport to its OMCI endpoint, the request engine, and the MIB-driven ONU operations; PON
 * ports are turned into the channel-termination names the endpoint is addressed by, and the ONTs'
 * alarm changes (after the sequence-number check, alarm-tracker.ts) into what monitoring understands.
 */
import type {
  OmciAlarmEvent,
  OmciReader,
  OltTarget,
  OpticalLevels,
} from '../../../../application/ports/telemetry.ts';
import type { OnuAddress } from '../../../../application/ports/omci-transport.ts';
import { ANI_G, ONU_G } from '../../../../protocols/omci/me-defs.ts';
import { OmciClient } from './omci-client.ts';
import { OmciOnus, type MessageSetPolicy } from './omci-onus.ts';
import { UdpOmciTransport, type MicKeying } from './udp-transport.ts';

/** ONU-G alarm 7; ANI-G alarms 0 and 1 (G.988 §9.1.1, §9.2.1). */
const ALARMS: Record<number, Partial<Record<number, OmciAlarmEvent['alarm']>>> = {
  [ONU_G.classId]: { 7: 'dying-gasp' },
  [ANI_G.classId]: { 0: 'low-rx', 1: 'high-rx' },
};

export class OltOmciReader implements OmciReader {
  private readonly ctByPon: Map<string, string>;
  private readonly ponByCt: Map<string, string>;

  private constructor(
    readonly onus: OmciOnus,
    target: OltTarget,
  ) {
    const cts = target.omci?.channelTerminations ?? [];
    this.ctByPon = new Map(cts.map((c) => [c.pon, c.name]));
    this.ponByCt = new Map(cts.map((c) => [c.name, c.pon]));
  }

  static async open(
    target: OltTarget,
    o: { requestTimeoutMs: number; retries?: number; maxInFlight?: number; messageSet?: MessageSetPolicy },
  ): Promise<OltOmciReader> {
    const omci = target.omci;
    if (!omci) throw new Error(`${target.name}: no OMCI endpoint configured`);
    const micChannels = new Map<string, MicKeying>();
    for (const c of omci.channelTerminations)
      if (c.mic) micChannels.set(c.name, { ponTag: Buffer.from(c.mic.ponTag, 'hex') });
    const transport = await UdpOmciTransport.open({
      host: target.host,
      port: omci.port,
      micChannels,
      device: target.name,
    });
    const client = new OmciClient(transport, {
      requestTimeoutMs: o.requestTimeoutMs,
      retries: o.retries,
      maxInFlight: o.maxInFlight,
      device: target.name,
    });
    return new OltOmciReader(new OmciOnus(client, o.messageSet), target);
  }

  /** The address of ONT `onuId` on PON `pon`. */
  address(pon: string, onuId: number, serial?: string): OnuAddress {
    const channelTermination = this.ctByPon.get(pon);
    if (!channelTermination) throw new RangeError(`no channel termination for PON ${pon}`);
    return { channelTermination, onuId, ...(serial ? { serial } : {}) };
  }

  getOpticalLevels(pon: string, onuId: number, serial?: string): Promise<OpticalLevels> {
    return this.onus.getOpticalLevels(this.address(pon, onuId, serial));
  }

  async getOnuState(pon: string, onuId: number, serial?: string) {
    const s = await this.onus.getOnuState(this.address(pon, onuId, serial));
    return { operationalState: s.operationalState, serial: s.serial };
  }

  onAlarm(listener: (e: OmciAlarmEvent) => void): () => void {
    return this.onus.alarms.on((e) => {
      const pon = this.ponByCt.get(e.address.channelTermination);
      if (pon === undefined) return;
      for (const [list, raised] of [
        [e.raised, true],
        [e.cleared, false],
      ] as const)
        for (const r of list)
          for (const n of r.alarms) {
            const alarm = ALARMS[r.meClass]?.[n];
            if (alarm) listener({ pon, onuId: e.address.onuId, alarm, raised });
          }
    });
  }

  get isClosed(): boolean {
    return this.onus.client.isClosed;
  }

  async close(): Promise<void> {
    this.onus.close();
    await this.onus.client.close();
  }
}
