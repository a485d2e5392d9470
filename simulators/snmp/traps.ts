/**
 * SNMPv2 notifications on ONT phase changes (issue 4 §6): LOS, dying gasp, up, offline — sent as
 * traps or informs, v2c or v3 (authPriv SHA + AES, from the agent's engine ID), to every receiver
 * configured on the lab. Varbinds name the ONT (PON ifIndex, ONU id, serial) and its new state, at
 * the OIDs of the device profile's `snmp.notifications`.
 */
import type { OntOpticsChange, OntPhase, OntStateChange, SimOnt } from '../core/topology.ts';
import { DOWN_CAUSE_NAME, PHASE_NAME, encodeCell, ontValue, upTicks, type MibContext } from './mib.ts';
import { authPrivUser, snmp, type NetSnmpSession, type Varbind } from '../../src/protocols/snmp/net-snmp.ts';
import { cellInstance, ponIfIndexOf, type OntColumn } from '../../src/protocols/snmp/olt-snmp-profile.ts';
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

/** One cell of the row as a varbind at the column's real instance (absent cells are left out). */
function cell(ctx: MibContext, col: OntColumn, pon: string, ont: SimOnt, value: unknown): Varbind[] {
  const def = ctx.profile.ontTable.columns[col];
  const v = def ? encodeCell(def, value) : undefined;
  const id = rowId(ctx, ont);
  if (!def || v === undefined || id === undefined) return [];
  return [{ oid: `${def.oid}.${cellInstance(ctx.profile, def, pon, id)}`, type: T[def.type], value: v }];
}

const rowId = (ctx: MibContext, ont: SimOnt) => (ctx.onuIdOf ? ctx.onuIdOf(ont) : ont.id);

/** The varbinds every ONT notification starts with: PON ifIndex, then serial and phase of the row. */
function rowVarbinds(ctx: MibContext, pon: string, ont: SimOnt, phase: OntPhase): Varbind[] {
  const ix = ponIfIndexOf(ctx.profile, pon);
  return [
    { oid: `${ctx.profile.ifTable.ifIndex}.${ix}`, type: T.Integer, value: ix },
    ...cell(ctx, 'serial', pon, ont, ont.serial),
    ...cell(ctx, 'phaseState', pon, ont, PHASE_NAME[phase]),
  ];
}

export function trapVarbinds(ctx: MibContext, change: OntStateChange): Varbind[] {
  const { pon, ont } = change;
  return [
    ...rowVarbinds(ctx, pon, ont, change.to),
    ...cell(ctx, 'lastDownCause', pon, ont, DOWN_CAUSE_NAME[ont.lastDownCause]),
    ...cell(ctx, 'description', pon, ont, ontValue(ctx, 'description', ont)),
  ];
}

/**
 * Varbinds of an optical-level notification: the row's identity, its RX level (absent when no
 * light) and description.
 */
export function opticsTrapVarbinds(ctx: MibContext, change: OntOpticsChange): Varbind[] {
  const { pon, ont } = change;
  return [
    ...rowVarbinds(ctx, pon, ont, ctx.olt.phaseOf(ont, change.at)),
    ...(change.rxDbm === null ? [] : cell(ctx, 'rxPower', pon, ont, change.rxDbm)),
    ...cell(ctx, 'description', pon, ont, ontValue(ctx, 'description', ont)),
  ];
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
    if (rowId(this.ctx, change.ont) === undefined) return; // no row, nothing to say
    this.send(trapOidFor(this.ctx, change.to), trapVarbinds(this.ctx, change), change.at);
  }

  /** Likewise for an RX level crossing a threshold, when the profile names that notification. */
  notifyOptics(change: OntOpticsChange): void {
    const oid = this.ctx.profile.notifications.ontOpticalLevel;
    if (!oid || this.ctx.olt.faults.down || this.sessions.length === 0) return;
    if (rowId(this.ctx, change.ont) === undefined) return;
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
