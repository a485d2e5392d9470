/**
 * SNMPv2 notifications on ONT phase changes (issue 4 §6): LOS, dying gasp, up, offline — sent as
 * traps or informs, v2c or v3 (authPriv SHA + AES, from the agent's engine ID), to every receiver
 * configured on the lab. Varbinds name the ONT (PON ifIndex, ONU id, serial) and its new state, at
 * the OIDs of the device profile's `snmp.notifications`.
 */
import type { OntOpticsChange, OntPhase, OntStateChange, SimOnt } from '../core/topology.ts';
import { DOWN_CAUSE_CODE, PHASE_CODE, upTicks, type MibContext } from './mib.ts';
import { authPrivUser, snmp, type NetSnmpSession, type Varbind } from '../../src/protocols/snmp/net-snmp.ts';
import { ponIfIndexOf } from '../../src/protocols/snmp/olt-snmp-profile.ts';
import type { SnmpV3User } from './agent.ts';

export interface TrapReceiver {
  host: string;
  port: number;
  version: 'v2c' | 'v3';
  /** v2c community (default `public`). */
  community?: string;
  /** v3 user (authPriv SHA + AES). */
  user?: SnmpV3User;
  /** Send InformRequests (acknowledged, retried) instead of traps. */
  inform?: boolean;
}

const T = snmp.ObjectType;

export function trapOidFor(ctx: MibContext, to: OntPhase): string {
  const n = ctx.profile.notifications;
  if (to === 'los') return n.ontLos;
  if (to === 'dying-gasp') return n.ontDyingGasp;
  if (to === 'working') return n.ontUp;
  return n.ontOffline;
}

/** The varbinds every ONT notification starts with: PON ifIndex, ONU id, serial and phase of the row. */
function rowVarbinds(
  ctx: MibContext,
  pon: string,
  ont: SimOnt,
  phase: OntPhase,
): { inst: string; varbinds: Varbind[] } {
  const { profile } = ctx;
  const c = profile.ontTable.columns;
  const ix = ponIfIndexOf(profile, pon);
  const inst = `${ix}.${ont.id}`;
  return {
    inst,
    varbinds: [
      { oid: `${profile.ifTable.ifIndex}.${ix}`, type: T.Integer, value: ix },
      { oid: `${c.onuId.oid}.${inst}`, type: T.Integer, value: ont.id },
      { oid: `${c.serial.oid}.${inst}`, type: T.OctetString, value: ont.serial },
      { oid: `${c.phaseState.oid}.${inst}`, type: T.Integer, value: PHASE_CODE[phase] },
    ],
  };
}

function descriptionOf(ctx: MibContext, ont: SimOnt): string {
  return ctx.olt.authorised.findOnuBySerial(ont.serial)?.onu.description ?? '';
}

export function trapVarbinds(ctx: MibContext, change: OntStateChange): Varbind[] {
  const c = ctx.profile.ontTable.columns;
  const { inst, varbinds } = rowVarbinds(ctx, change.pon, change.ont, change.to);
  return [
    ...varbinds,
    {
      oid: `${c.lastDownCause.oid}.${inst}`,
      type: T.Integer,
      value: DOWN_CAUSE_CODE[change.ont.lastDownCause],
    },
    { oid: `${c.description.oid}.${inst}`, type: T.OctetString, value: descriptionOf(ctx, change.ont) },
  ];
}

/**
 * Varbinds of an ontOpticalLevel notification (profile `snmp.notifications.ontOpticalLevel`): the
 * row's identity and phase, and the new RX level in the rxPower column's encoding (absent when dark).
 */
export function opticsTrapVarbinds(ctx: MibContext, change: OntOpticsChange): Varbind[] {
  const c = ctx.profile.ontTable.columns;
  const { inst, varbinds } = rowVarbinds(ctx, change.pon, change.ont, ctx.olt.phaseOf(change.ont, change.at));
  if (change.rxDbm !== null)
    varbinds.push({
      oid: `${c.rxPower.oid}.${inst}`,
      type: T[c.rxPower.type] ?? T.Integer,
      value: Math.round(change.rxDbm * 1000),
    });
  varbinds.push({
    oid: `${c.description.oid}.${inst}`,
    type: T.OctetString,
    value: descriptionOf(ctx, change.ont),
  });
  return varbinds;
}

export class TrapSender {
  private readonly sessions: { receiver: TrapReceiver; session: NetSnmpSession }[] = [];
  /** Notifications sent (or attempted), for tests and the lab's status. */
  sent = 0;
  /** Informs acknowledged by their receiver / informs that got no acknowledgement. */
  acked = 0;
  unacked = 0;

  constructor(
    private readonly ctx: MibContext,
    private readonly engineID: string,
  ) {}

  get receivers(): TrapReceiver[] {
    return this.sessions.map((s) => s.receiver);
  }

  add(receiver: TrapReceiver): void {
    const common = { port: receiver.port, trapPort: receiver.port, retries: 1, timeout: 2000 };
    let session: NetSnmpSession;
    if (receiver.version === 'v3') {
      const u = receiver.user;
      if (!u) throw new Error('a v3 trap receiver needs a user');
      session = snmp.createV3Session(receiver.host, authPrivUser(u), { ...common, engineID: this.engineID });
    } else {
      session = snmp.createSession(receiver.host, receiver.community ?? 'public', {
        ...common,
        version: snmp.Version2c,
      });
    }
    session.on('error', () => {
      /* receiver gone: notifications are best effort */
    });
    this.sessions.push({ receiver, session });
  }

  remove(host: string, port: number): void {
    for (let i = this.sessions.length - 1; i >= 0; i--) {
      const s = this.sessions[i];
      if (s.receiver.host === host && s.receiver.port === port) {
        s.session.close();
        this.sessions.splice(i, 1);
      }
    }
  }

  /** Send one notification per receiver for this phase change (a down OLT sends nothing). */
  notify(change: OntStateChange): void {
    if (this.ctx.olt.faults.down || this.sessions.length === 0) return;
    this.send(trapOidFor(this.ctx, change.to), trapVarbinds(this.ctx, change), change.at);
  }

  /** Likewise for an RX level crossing a threshold, when the profile names that notification. */
  notifyOptics(change: OntOpticsChange): void {
    const oid = this.ctx.profile.notifications.ontOpticalLevel;
    if (!oid || this.ctx.olt.faults.down || this.sessions.length === 0) return;
    this.send(oid, opticsTrapVarbinds(this.ctx, change), change.at);
  }

  private send(oid: string, varbinds: Varbind[], at: number): void {
    const options = { upTime: upTicks(this.ctx, at) };
    for (const { receiver, session } of this.sessions) {
      this.sent++;
      const done = (err: Error | null) => {
        if (!receiver.inform) return;
        if (err) this.unacked++;
        else this.acked++;
      };
      if (receiver.inform) session.inform(oid, varbinds, options, done);
      else session.trap(oid, varbinds, options, done);
    }
  }

  close(): void {
    for (const s of this.sessions) s.session.close();
    this.sessions.length = 0;
  }
}
