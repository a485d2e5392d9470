/**
 * The User-based Security Model checks of RFC 3414 §3.2, in the order net-snmp's `snmpd` makes them,
 * before a v3 request reaches the PDU handler — and the Report PDUs they answer with. The npm
 * `net-snmp` agent decrypts before it authenticates and drops a request with a wrong digest in
 * silence; `snmpd` (and the RFC) instead answer:
 *   unknown engine ID   → Report usmStatsUnknownEngineIDs (discovery, RFC 3414 §4)
 *   unknown user        → Report usmStatsUnknownUserNames
 *   wrong digest        → Report usmStatsWrongDigests
 *   outside time window → authenticated Report usmStatsNotInTimeWindows carrying our boots/time
 * Only the message header is parsed here (BER, RFC 3412 §6); a request that passes goes on to net-snmp.
 */
import { snmp } from '../../../src/protocols/snmp/net-snmp.ts';

/** usmStats counters (RFC 3414 §5): 1.3.6.1.6.3.15.1.1.N.0 */
export const USM_STATS = {
  unsupportedSecLevels: 1,
  notInTimeWindows: 2,
  unknownUserNames: 3,
  unknownEngineIDs: 4,
  wrongDigests: 5,
  decryptionErrors: 6,
} as const;
export type UsmStat = keyof typeof USM_STATS;

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

function tlv(buf: Buffer, off: number): Tlv {
  const tag = buf[off];
  let len = buf[off + 1];
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i];
    start += n;
  }
  if (start + len > buf.length) throw new RangeError('truncated BER');
  return { tag, start, end: start + len };
}

function int(buf: Buffer, t: Tlv): number {
  let v = buf[t.start] & 0x80 ? -1 : 0;
  for (let i = t.start; i < t.end; i++) v = v * 256 + buf[i];
  return v;
}

/** Children of a constructed TLV. */
function children(buf: Buffer, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let off = t.start; off < t.end;) {
    const c = tlv(buf, off);
    out.push(c);
    off = c.end;
  }
  return out;
}

export interface V3Header {
  msgID: number;
  flags: number;
  engineID: Buffer;
  boots: number;
  time: number;
  user: string;
  /** The authentication parameters inside the message buffer (a view: zeroing it zeroes the buffer). */
  authParams: Buffer;
  /** request-id of a plaintext scoped PDU (0 when encrypted). */
  requestId: number;
}

/** The v3 header of a message, or undefined when it is not v3 / not well-formed. */
export function parseV3(buf: Buffer): V3Header | undefined {
  try {
    const msg = tlv(buf, 0);
    const [ver, global, secParams, data] = children(buf, msg);
    if (int(buf, ver) !== 3) return undefined;
    const [msgID, , flags] = children(buf, global);
    const [engineID, boots, time, user, auth] = children(buf, tlv(buf, secParams.start));
    let requestId = 0;
    if (data.tag === 0x30) {
      const pdu = children(buf, data)[2];
      requestId = int(buf, children(buf, pdu)[0]);
    }
    return {
      msgID: int(buf, msgID),
      flags: buf[flags.start],
      engineID: buf.subarray(engineID.start, engineID.end),
      boots: int(buf, boots),
      time: int(buf, time),
      user: buf.subarray(user.start, user.end).toString('latin1'),
      authParams: buf.subarray(auth.start, auth.end),
      requestId,
    };
  } catch {
    return undefined;
  }
}

// --- BER writing for the Report message ---

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const wrap = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag]), len(body.length), body]);
const seq = (...parts: Buffer[]) => wrap(0x30, Buffer.concat(parts));
const octets = (b: Buffer | string) => wrap(0x04, typeof b === 'string' ? Buffer.from(b, 'latin1') : b);

function integer(v: number, tag = 0x02): Buffer {
  const bytes: number[] = [];
  let x = v;
  do {
    bytes.unshift(x & 0xff);
    x = Math.floor(x / 256);
  } while (x > 0 || (bytes[0] & 0x80 && tag === 0x02));
  return wrap(tag, Buffer.from(bytes));
}

function oid(s: string): Buffer {
  const arcs = s.split('.').map(Number);
  const out = [arcs[0] * 40 + arcs[1]];
  for (const a of arcs.slice(2)) {
    const b: number[] = [a & 0x7f];
    for (let v = Math.floor(a / 128); v > 0; v = Math.floor(v / 128)) b.unshift(0x80 | (v & 0x7f));
    out.push(...b);
  }
  return wrap(0x06, Buffer.from(out));
}

export interface Engine {
  engineID: Buffer;
  boots: number;
  time: number;
}

export interface ReportUser {
  name: string;
  authProtocol: string;
  authKey: string;
}

/**
 * A Report (RFC 3412 §7.1 step 3) with the incremented counter. Unauthenticated (noAuthNoPriv) unless
 * `auth` is given: the notInTimeWindows report is sent authenticated so the manager can trust the
 * boots/time it carries (RFC 3414 §3.2 step 7b, §4).
 */
export function reportMessage(
  req: V3Header,
  engine: Engine,
  stat: UsmStat,
  count: number,
  auth?: ReportUser,
): Buffer {
  const authLen = auth ? snmp.Authentication.getParametersLength(auth.authProtocol) : 0;
  const varbind = seq(oid(`1.3.6.1.6.3.15.1.1.${USM_STATS[stat]}.0`), integer(count, 0x41));
  const pdu = wrap(0xa8, Buffer.concat([integer(req.requestId), integer(0), integer(0), seq(varbind)]));
  const scoped = seq(octets(engine.engineID), octets(''), pdu);
  const secParams = seq(
    octets(engine.engineID),
    integer(engine.boots),
    integer(engine.time),
    octets(auth ? req.user : ''),
    octets(Buffer.alloc(authLen)),
    octets(''),
  );
  const global = seq(
    integer(req.msgID),
    integer(65507),
    octets(Buffer.from([auth ? 0x01 : 0x00])),
    integer(3),
  );
  const msg = seq(integer(3), global, octets(secParams), scoped);
  if (auth) {
    const at = msg.indexOf(Buffer.concat([Buffer.from([0x04, authLen]), Buffer.alloc(authLen)]));
    const digest = msg.subarray(at + 2, at + 2 + authLen);
    snmp.Authentication.writeParameters(msg, auth.authProtocol, auth.authKey, engine.engineID, digest);
  }
  return msg;
}

/** RFC 3414 §3.2 step 7a: a message outside the time window (150 s) or of another boot. */
export function outsideTimeWindow(req: V3Header, engine: Engine): boolean {
  return req.boots !== engine.boots || Math.abs(req.time - engine.time) > 150;
}
