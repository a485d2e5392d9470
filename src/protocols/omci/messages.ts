/**
 * Typed OMCI messages ↔ bytes, both message sets. Contents layouts (offsets inside the contents
 * field; baseline = G.988 A.3, zero-padded to 32 bytes; extended = A.2, exactly as long as needed):
 *
 *   create req      set-by-create values in attribute order, no mask           (both)
 *   create resp     result · execution mask (2)             ext: result [· mask if result 3]
 *   delete req/resp empty / result
 *   set req         mask · values (≤ 30 baseline)
 *   set resp        result · unsupported mask · failed mask ext: result [· both masks if result 9]
 *   get req         mask
 *   get resp        result · mask · values (≤ 25) · pad · unsupported mask @28 · failed mask @30
 *                   ext: result · mask · unsupported mask · failed mask · values
 *   get all alarms  req: retrieval mode (0 all, 1 not under ARC) / resp: number of next commands (2)
 *   … next          req: sequence (2) / resp: class · instance · bit map (28), ext: several
 *   mib upload      req: empty / resp: number of next commands (2)
 *   … next          req: sequence (2) / resp: upload-records.ts
 *   mib reset       req: empty / resp: result
 *   reboot          req: condition (1) / resp: result
 *   test            req: class-specific (ANI-G: select test 7 · buffer (2) · vendor (2)) / resp: result
 *   test result     class-specific, the Test request's TCI (optical-test.ts for ANI-G)
 *   get next        req: mask · sequence (2) / resp: result · mask · table bytes (29 baseline)
 *   alarm           bit map (28) · 3 zero bytes · sequence number @31; ext: bit map · sequence (29)
 *   AVC             mask · values
 * MIB reset/upload and Get all alarms address ONU data (class 2, instance 0); Reboot addresses ONU-G.
 */
import { decodeAttributes, encodeAttributes, type AttrValues } from './attributes.ts';
import { OmciCodecError } from './errors.ts';
import {
  EXTENDED_MAX_CONTENTS,
  OMCI_CONTENTS_LENGTH,
  decodeFrame,
  encodeFrame,
  type OmciFrame,
  type OmciResultCode,
} from './frame.ts';
import { definedMask, meDef, type MeDef } from './me-defs.ts';
import {
  BY_ACTION_DIRECTION,
  NOTIFICATION_ACTIONS,
  TYPE_TABLE,
  type Direction,
  type OmciHeader,
  type OmciMessage,
  type OmciMessageType,
} from './message-types.ts';
import {
  alarmBitmap,
  alarmsOf,
  decodeAlarmRecords,
  decodeBaselineUpload,
  decodeExtendedUpload,
  encodeAlarmRecords,
  encodeUpload,
} from './upload-records.ts';

export * from './message-types.ts';
export { alarmBitmap, alarmsOf } from './upload-records.ts';

const GET_VALUES_ROOM = 25;
const SET_VALUES_ROOM = 30;
const GET_NEXT_ROOM = 29;
const ALARM_BITMAP_BYTES = 28;

function requireDef(meClass: number, what: string): MeDef {
  const def = meDef(meClass);
  if (!def) throw new OmciCodecError('bad-attributes', `${what}: ME class ${meClass} has no definition here`);
  return def;
}

/** Set-by-create attributes of a class, the mask of a Create request (implicit on the wire). */
export function setByCreateMask(def: MeDef): number {
  return def.attributes.filter((a) => a.setByCreate).reduce((m, a) => m | (0x8000 >>> (a.index - 1)), 0);
}

function values(def: MeDef, mask: number, attrs: AttrValues, ctx: 'get' | 'row', room: number, what: string) {
  const enc = encodeAttributes(def, mask, attrs, ctx, room);
  if (enc.overflow)
    throw new OmciCodecError(
      'contents-too-long',
      `${what} mask 0x${mask.toString(16)} exceeds ${room} bytes`,
    );
  return enc.bytes;
}

const u8 = (n: number) => Buffer.from([n & 0xff]);
function u16(...ns: number[]): Buffer {
  const b = Buffer.alloc(2 * ns.length);
  ns.forEach((n, i) => b.writeUInt16BE(n & 0xffff, 2 * i));
  return b;
}

/** The contents of `m`: baseline ones are zero-padded to 32 bytes by encodeFrame (except where placed). */
function contentsOf(m: OmciMessage): Buffer {
  const ext = m.extended === true;
  const room = (baseline: number) => (ext ? EXTENDED_MAX_CONTENTS : baseline);
  switch (m.type) {
    case 'create-request': {
      const def = requireDef(m.meClass, 'create');
      return values(def, setByCreateMask(def), m.attributes, 'row', room(32), `${def.name} create`);
    }
    case 'create-response':
      return ext && m.result !== 3 ? u8(m.result) : Buffer.concat([u8(m.result), u16(m.executionMask)]);
    case 'delete-request':
    case 'mib-upload-request':
    case 'mib-reset-request':
      return Buffer.alloc(0);
    case 'delete-response':
    case 'mib-reset-response':
    case 'reboot-response':
    case 'test-response':
      return u8(m.result);
    case 'set-request':
    case 'avc-notification': {
      const def = requireDef(m.meClass, m.type);
      return Buffer.concat([
        u16(m.mask),
        values(def, m.mask, m.attributes, 'row', room(SET_VALUES_ROOM) - (ext ? 2 : 0), m.type),
      ]);
    }
    case 'set-response':
      return ext && m.result !== 9
        ? u8(m.result)
        : Buffer.concat([u8(m.result), u16(m.unsupportedMask, m.failedMask)]);
    case 'get-request':
      return u16(m.mask);
    case 'get-response': {
      const vals = m.mask
        ? values(
            requireDef(m.meClass, 'get response'),
            m.mask,
            m.attributes,
            'get',
            room(GET_VALUES_ROOM) - (ext ? 7 : 0),
            'get response',
          )
        : Buffer.alloc(0);
      if (ext) return Buffer.concat([u8(m.result), u16(m.mask, m.unsupportedMask, m.failedMask), vals]);
      const c = Buffer.alloc(OMCI_CONTENTS_LENGTH);
      c[0] = m.result;
      c.writeUInt16BE(m.mask, 1);
      vals.copy(c, 3);
      c.writeUInt16BE(m.unsupportedMask, 28);
      c.writeUInt16BE(m.failedMask, 30);
      return c;
    }
    case 'get-all-alarms-request':
      return u8(m.mode);
    case 'get-all-alarms-response':
    case 'mib-upload-response':
      return u16(m.commands);
    case 'get-all-alarms-next-request':
    case 'mib-upload-next-request':
      return u16(m.sequence);
    case 'get-all-alarms-next-response':
      return encodeAlarmRecords(m.records, ext);
    case 'mib-upload-next-response':
      return encodeUpload(m.records, ext);
    case 'reboot-request':
      return u8(m.condition);
    case 'test-request':
      return m.test;
    case 'test-result':
      return m.data;
    case 'get-next-request':
      return u16(m.mask, m.sequence);
    case 'get-next-response': {
      if (!ext && m.data.length > GET_NEXT_ROOM)
        throw new OmciCodecError(
          'contents-too-long',
          `get next data ${m.data.length} > ${GET_NEXT_ROOM} bytes`,
        );
      return Buffer.concat([u8(m.result), u16(m.mask), m.data]);
    }
    case 'alarm-notification': {
      const seq = u8(m.sequence);
      if (ext) return Buffer.concat([alarmBitmap(m.alarms), seq]);
      const c = Buffer.alloc(OMCI_CONTENTS_LENGTH);
      alarmBitmap(m.alarms).copy(c, 0);
      c[31] = m.sequence;
      return c;
    }
  }
}

/** Encode a typed message: 44 bytes baseline, 10 + N extended (no CRC, no MIC). */
export function encodeMessage(m: OmciMessage): Buffer {
  const [action, direction] = TYPE_TABLE[m.type];
  return encodeFrame({
    tci: m.tci,
    priority: m.priority ?? false,
    ar: direction === 'request',
    ak: direction === 'response',
    action,
    extended: m.extended === true,
    meClass: m.meClass,
    meInstance: m.meInstance,
    contents: contentsOf(m),
  });
}

/** AK set = response, AR set = request; neither = an autonomous notification (or an un-acked request). */
function typeOf(f: OmciFrame): OmciMessageType {
  const d: Direction = f.ak
    ? 'response'
    : f.ar
      ? 'request'
      : NOTIFICATION_ACTIONS.has(f.action)
        ? 'notification'
        : 'request';
  const t = BY_ACTION_DIRECTION.get(`${f.action}:${d}`);
  if (!t) throw new OmciCodecError('unknown-message-type', `action ${f.action} (${d})`);
  return t;
}

/** Decode a message (no CRC, no MIC) into a typed message. Throws OmciCodecError when it cannot. */
export function decodeMessage(bytes: Uint8Array): OmciMessage {
  return messageFromFrame(decodeFrame(bytes));
}

/** Known attribute values of an (optional) class definition; an unknown class yields none. */
function attrsOf(meClass: number, mask: number, bytes: Buffer, ctx: 'get' | 'row'): AttrValues {
  const def = meDef(meClass);
  return def && mask ? decodeAttributes(def, mask & definedMask(def), bytes, ctx) : {};
}

export function messageFromFrame(f: OmciFrame): OmciMessage {
  const ext = f.extended;
  const h: OmciHeader = {
    tci: f.tci,
    priority: f.priority,
    meClass: f.meClass,
    meInstance: f.meInstance,
    ...(ext ? { extended: true } : {}),
  };
  const c = f.contents;
  const type = typeOf(f);
  const result = (c.length ? c[0] : 0) as OmciResultCode;
  const word = (o: number) => (c.length >= o + 2 ? c.readUInt16BE(o) : 0);
  switch (type) {
    case 'create-request': {
      const def = meDef(f.meClass);
      return { ...h, type, attributes: def ? decodeAttributes(def, setByCreateMask(def), c, 'row') : {} };
    }
    case 'create-response':
      return { ...h, type, result, executionMask: word(1) };
    case 'delete-request':
    case 'mib-upload-request':
    case 'mib-reset-request':
      return { ...h, type };
    case 'delete-response':
    case 'mib-reset-response':
    case 'reboot-response':
    case 'test-response':
      return { ...h, type, result };
    case 'set-request':
    case 'avc-notification': {
      const mask = word(0);
      return { ...h, type, mask, attributes: attrsOf(f.meClass, mask, c.subarray(2), 'row') };
    }
    case 'set-response':
      return { ...h, type, result, unsupportedMask: word(1), failedMask: word(3) };
    case 'get-request':
      return { ...h, type, mask: word(0) };
    case 'get-response': {
      const mask = word(1);
      const vals = ext ? c.subarray(7) : c.subarray(3, 3 + GET_VALUES_ROOM);
      return {
        ...h,
        type,
        result,
        mask,
        attributes: mask ? decodeAttributes(requireDef(f.meClass, 'get response'), mask, vals, 'get') : {},
        unsupportedMask: ext ? word(3) : word(28),
        failedMask: ext ? word(5) : word(30),
      };
    }
    case 'get-all-alarms-request':
      return { ...h, type, mode: c[0] ?? 0 };
    case 'get-all-alarms-response':
    case 'mib-upload-response':
      return { ...h, type, commands: word(0) };
    case 'get-all-alarms-next-request':
    case 'mib-upload-next-request':
      return { ...h, type, sequence: word(0) };
    case 'get-all-alarms-next-response':
      return { ...h, type, records: decodeAlarmRecords(c, ext) };
    case 'mib-upload-next-response':
      return { ...h, type, records: ext ? decodeExtendedUpload(c) : decodeBaselineUpload(c) };
    case 'reboot-request':
      return { ...h, type, condition: c[0] ?? 0 };
    case 'test-request':
      return { ...h, type, test: c };
    case 'test-result':
      return { ...h, type, data: c };
    case 'get-next-request':
      // BBF's client sends only the sequence number (bbf-frames.json get-next-request, not G.988)
      return { ...h, type, mask: word(0), sequence: word(2) };
    case 'get-next-response':
      return { ...h, type, result, mask: word(1), data: Buffer.from(c.subarray(3)) };
    case 'alarm-notification':
      return {
        ...h,
        type,
        alarms: alarmsOf(c.subarray(0, ALARM_BITMAP_BYTES)),
        // extended: 29 bytes (G.988 A.2); BBF sends the 32-byte baseline layout in extended messages
        sequence: ext && c.length < 32 ? (c[ALARM_BITMAP_BYTES] ?? 0) : c[31],
      };
  }
}
