/**
 * The controller's SNMP notification receiver (design §6: "traps (v2c, v3) arrive on a receiver"):
 * net-snmp's Receiver does BER, community check and USM (authentication, privacy, inform
 * acknowledgement); this class owns the UDP socket (so port 0 works — net-snmp would treat 0 as 162)
 * and hands each notification on as a `ReceivedTrap` (the telemetry port's TrapSource). Decoding
 * against an OLT's device profile is `decodeOntTrap`, because which OLT sent a trap is only known
 * after monitoring has looked it up.
 */
import type { Socket } from 'node:dgram';
import {
  authPrivUser,
  bindUdp,
  inertDgramModule,
  snmp,
  type NetSnmpReceiver,
} from '../../../../protocols/snmp/net-snmp.ts';
import {
  cellOf,
  decodeEnum,
  decodeNumber,
  decodeText,
  ponOfIfIndex,
  type OltSnmpProfile,
  type OntColumn,
  type SnmpColumnDef,
} from '../../../../protocols/snmp/olt-snmp-profile.ts';
import type {
  OntTrap,
  ReceivedTrap,
  TrapSource,
  TrapSourceOptions,
} from '../../../../application/ports/telemetry.ts';

const SNMP_TRAP_OID = '1.3.6.1.6.3.1.1.4.1.0';

export class SnmpTrapReceiver implements TrapSource {
  port = 0;
  /** Datagrams rejected (bad community, unknown user, wrong digest), for metrics and tests. */
  rejected = 0;
  private socket?: Socket;
  private receiver?: NetSnmpReceiver;

  constructor(private readonly opts: TrapSourceOptions) {}

  async start(onTrap: (t: ReceivedTrap) => void): Promise<number> {
    const host = this.opts.host ?? '127.0.0.1';
    const socket = await bindUdp(this.opts.port ?? 0, host);
    this.socket = socket;
    this.port = socket.address().port;
    const receiver = snmp.createReceiver(
      {
        port: this.port,
        address: host,
        includeAuthentication: true,
        dgramModule: inertDgramModule,
      },
      (err, data) => {
        if (err || !data) {
          this.rejected++;
          return;
        }
        const pdu = data.pdu;
        const vbs = pdu.varbinds ?? [];
        const trapOid = String(vbs.find((v) => v.oid === SNMP_TRAP_OID)?.value ?? '');
        onTrap({
          receivedAtMs: performance.now(),
          at: new Date(),
          address: data.rinfo.address,
          port: data.rinfo.port,
          version: pdu.user !== undefined ? 'v3' : 'v2c',
          community: pdu.community,
          user: pdu.user,
          engineID: pdu.contextEngineID || undefined,
          inform: pdu.type === snmp.PduType.InformRequest,
          trapOid,
          varbinds: vbs.filter((v) => v.oid !== SNMP_TRAP_OID && v.oid !== '1.3.6.1.2.1.1.3.0'),
        });
      },
    );
    for (const c of this.opts.communities ?? ['public']) receiver.authorizer.addCommunity(c);
    for (const u of this.opts.users ?? []) receiver.authorizer.addUser(authPrivUser({ ...u, name: u.user }));
    this.receiver = receiver;
    socket.on('message', (buf, rinfo) => {
      try {
        receiver.onMsg(socket, buf, rinfo);
      } catch {
        this.rejected++;
      }
    });
    return this.port;
  }

  async close(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    this.receiver = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

/**
 * An ONT notification decoded with the sending OLT's profile (profile `snmp.notifications`): the
 * varbinds are cells of the profile's ONT columns at their instances, which name PON and ONU id.
 */
export function decodeOntTrap(profile: OltSnmpProfile, t: ReceivedTrap): OntTrap | undefined {
  const n = profile.notifications;
  const event =
    t.trapOid === n.ontLos
      ? 'los'
      : t.trapOid === n.ontDyingGasp
        ? 'dying-gasp'
        : t.trapOid === n.ontUp
          ? 'up'
          : t.trapOid === n.ontOffline
            ? 'offline'
            : n.ontOpticalLevel !== undefined && t.trapOid === n.ontOpticalLevel
              ? 'optical'
              : undefined;
  if (!event) return undefined;
  const out: OntTrap = { event };
  if (event === 'optical') out.rxDbm = null;
  const cols = Object.entries(profile.ontTable.columns) as [OntColumn, SnmpColumnDef][];
  for (const vb of t.varbinds) {
    if (vb.oid.startsWith(profile.ifTable.ifIndex + '.')) {
      out.pon ??= ponOfIfIndex(profile, Number(vb.value));
      continue;
    }
    for (const [name, def] of cols) {
      const cell = cellOf(profile, def, vb.oid);
      if (!cell) continue;
      out.pon ??= cell.pon;
      out.onuId ??= cell.onuId;
      if (name === 'serial') out.serial = decodeText(def, vb.value);
      else if (name === 'phaseState') out.phase = decodeEnum(def, vb.value);
      else if (name === 'description') out.description = decodeText(def, vb.value);
      else if (name === 'rxPower') out.rxDbm = decodeNumber(def, vb.value);
      break;
    }
  }
  return out;
}
