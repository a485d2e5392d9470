/**
 * Typed OMCI baseline messages (G.988 §11.2.4 message contents, Appendix II layouts) and their
 * mapping to and from 48-byte frames. One discriminated union, `OmciMessage`, tagged by `type`.
 *
 * Contents layouts (byte offsets inside the 32-byte contents field):
 *   create req     set-by-create attribute values, in attribute order (no mask)
 *   create resp    0 result | 1-2 attribute execution mask (result 3 = parameter error)
 *   delete req     empty                          delete resp  0 result
 *   set req        0-1 attribute mask | 2-31 values
 *   set resp       0 result | 1-2 optional-attribute (unsupported) mask | 3-4 attribute execution (failed) mask
 *   get req        0-1 attribute mask
 *   get resp       0 result | 1-2 attribute mask | 3-27 values (25 bytes) | 28-29 unsupported mask | 30-31 failed mask
 *   get all alarms req  0 alarm retrieval mode     resp  0-1 number of subsequent "next" commands
 *   get all alarms next req  0-1 sequence number   resp  0-1 class | 2-3 instance | 4-31 alarm bit map (28)
 *   mib upload req  empty                           resp  0-1 number of subsequent "next" commands
 *   mib upload next req  0-1 sequence number        resp  0-1 class | 2-3 instance | 4-5 mask | 6-31 values (26)
 *   mib reset req   empty                           resp  0 result
 *   reboot req      0 flags                         resp  0 result
 *   alarm notif     0-27 alarm bit map | 28-30 zero | 31 alarm sequence number
 *   AVC notif       0-1 attribute mask | 2-31 values
 * MIB reset/upload and Get all alarms address ONU data (class 2, instance 0); Reboot addresses ONU-G.
 */
import { decodeAttributes, encodeAttributes, type AttrValues } from './attributes.ts';
import { OmciCodecError } from './errors.ts';
import {
  OMCI_CONTENTS_LENGTH,
  OmciAction,
  decodeFrame,
  encodeFrame,
  type OmciFrame,
  type OmciResultCode,
} from './frame.ts';
import { meDef, type MeDef } from './me-defs.ts';

interface Header {
  /** 15-bit transaction correlation identifier; responses echo the request's. 0 in notifications. */
  tci: number;
  /** High-priority message (TCI MSB). Default false. */
  priority?: boolean;
  meClass: number;
  meInstance: number;
}

export type OmciMessage =
  | (Header & { type: 'create-request'; attributes: AttrValues })
  | (Header & { type: 'create-response'; result: OmciResultCode; executionMask: number })
  | (Header & { type: 'delete-request' })
  | (Header & { type: 'delete-response'; result: OmciResultCode })
  | (Header & { type: 'set-request'; mask: number; attributes: AttrValues })
  | (Header & { type: 'set-response'; result: OmciResultCode; unsupportedMask: number; failedMask: number })
  | (Header & { type: 'get-request'; mask: number })
  | (Header & {
      type: 'get-response';
      result: OmciResultCode;
      mask: number;
      attributes: AttrValues;
      unsupportedMask: number;
      failedMask: number;
    })
  | (Header & { type: 'get-all-alarms-request'; mode: number })
  | (Header & { type: 'get-all-alarms-response'; commands: number })
  | (Header & { type: 'get-all-alarms-next-request'; sequence: number })
  | (Header & {
      type: 'get-all-alarms-next-response';
      alarmedClass: number;
      alarmedInstance: number;
      alarms: number[];
    })
  | (Header & { type: 'mib-upload-request' })
  | (Header & { type: 'mib-upload-response'; commands: number })
  | (Header & { type: 'mib-upload-next-request'; sequence: number })
  | (Header & {
      type: 'mib-upload-next-response';
      uploadClass: number;
      uploadInstance: number;
      mask: number;
      attributes: AttrValues;
    })
  | (Header & { type: 'mib-reset-request' })
  | (Header & { type: 'mib-reset-response'; result: OmciResultCode })
  | (Header & { type: 'reboot-request'; flags: number })
  | (Header & { type: 'reboot-response'; result: OmciResultCode })
  | (Header & { type: 'alarm-notification'; alarms: number[]; sequence: number })
  | (Header & { type: 'avc-notification'; mask: number; attributes: AttrValues });

export type OmciMessageType = OmciMessage['type'];
export type OmciMessageOf<T extends OmciMessageType> = Extract<OmciMessage, { type: T }>;

/** The response type that answers each request type. */
export const RESPONSE_OF = {
  'create-request': 'create-response',
  'delete-request': 'delete-response',
  'set-request': 'set-response',
  'get-request': 'get-response',
  'get-all-alarms-request': 'get-all-alarms-response',
  'get-all-alarms-next-request': 'get-all-alarms-next-response',
  'mib-upload-request': 'mib-upload-response',
  'mib-upload-next-request': 'mib-upload-next-response',
  'mib-reset-request': 'mib-reset-response',
  'reboot-request': 'reboot-response',
} as const;
export type OmciRequest = OmciMessageOf<keyof typeof RESPONSE_OF>;
export type ResponseTo<R extends OmciRequest> = OmciMessageOf<(typeof RESPONSE_OF)[R['type']]>;

type Kind = 'request' | 'response' | 'notification';
/** Message type → (action, kind): the explicit table behind the message-type byte (G.988 §11.2.2). */
const TYPE_TABLE: Record<OmciMessageType, [action: number, kind: Kind]> = {
  'create-request': [OmciAction.create, 'request'],
  'create-response': [OmciAction.create, 'response'],
  'delete-request': [OmciAction.delete, 'request'],
  'delete-response': [OmciAction.delete, 'response'],
  'set-request': [OmciAction.set, 'request'],
  'set-response': [OmciAction.set, 'response'],
  'get-request': [OmciAction.get, 'request'],
  'get-response': [OmciAction.get, 'response'],
  'get-all-alarms-request': [OmciAction.getAllAlarms, 'request'],
  'get-all-alarms-response': [OmciAction.getAllAlarms, 'response'],
  'get-all-alarms-next-request': [OmciAction.getAllAlarmsNext, 'request'],
  'get-all-alarms-next-response': [OmciAction.getAllAlarmsNext, 'response'],
  'mib-upload-request': [OmciAction.mibUpload, 'request'],
  'mib-upload-response': [OmciAction.mibUpload, 'response'],
  'mib-upload-next-request': [OmciAction.mibUploadNext, 'request'],
  'mib-upload-next-response': [OmciAction.mibUploadNext, 'response'],
  'mib-reset-request': [OmciAction.mibReset, 'request'],
  'mib-reset-response': [OmciAction.mibReset, 'response'],
  'reboot-request': [OmciAction.reboot, 'request'],
  'reboot-response': [OmciAction.reboot, 'response'],
  'alarm-notification': [OmciAction.alarm, 'notification'],
  'avc-notification': [OmciAction.attributeValueChange, 'notification'],
};
const BY_ACTION_KIND = new Map<string, OmciMessageType>(
  Object.entries(TYPE_TABLE).map(([t, [a, k]]) => [`${a}:${k}`, t as OmciMessageType]),
);

const GET_VALUES_ROOM = 25;
const SET_VALUES_ROOM = 30;
const UPLOAD_VALUES_ROOM = 26;
const ALARM_BITMAP_BYTES = 28;

function requireDef(meClass: number, what: string): MeDef {
  const def = meDef(meClass);
  if (!def) throw new OmciCodecError('bad-attributes', `${what}: ME class ${meClass} has no definition here`);
  return def;
}

/** Alarm numbers → 28-byte bit map (alarm 0 = MSB of byte 0). */
export function alarmBitmap(alarms: readonly number[]): Buffer {
  const b = Buffer.alloc(ALARM_BITMAP_BYTES);
  for (const n of alarms) {
    if (!Number.isInteger(n) || n < 0 || n >= ALARM_BITMAP_BYTES * 8)
      throw new OmciCodecError('bad-attributes', `alarm number ${n}`);
    b[n >> 3] |= 0x80 >> (n & 7);
  }
  return b;
}

export function alarmsOf(bitmap: Buffer): number[] {
  const out: number[] = [];
  for (let n = 0; n < ALARM_BITMAP_BYTES * 8; n++) if (bitmap[n >> 3] & (0x80 >> (n & 7))) out.push(n);
  return out;
}

/** Set-by-create attributes of a class, the mask of a Create request (implicit on the wire). */
export function setByCreateMask(def: MeDef): number {
  return def.attributes.filter((a) => a.setByCreate).reduce((m, a) => m | (0x8000 >>> (a.index - 1)), 0);
}

function contentsOf(m: OmciMessage): Buffer {
  const c = Buffer.alloc(OMCI_CONTENTS_LENGTH);
  switch (m.type) {
    case 'create-request': {
      const def = requireDef(m.meClass, 'create');
      const enc = encodeAttributes(def, setByCreateMask(def), m.attributes, 'row', OMCI_CONTENTS_LENGTH);
      if (enc.overflow)
        throw new OmciCodecError('contents-too-long', `${def.name} set-by-create attributes exceed 32 bytes`);
      enc.bytes.copy(c, 0);
      break;
    }
    case 'create-response':
      c[0] = m.result;
      c.writeUInt16BE(m.executionMask, 1);
      break;
    case 'delete-request':
    case 'mib-upload-request':
    case 'mib-reset-request':
      break;
    case 'delete-response':
    case 'mib-reset-response':
    case 'reboot-response':
      c[0] = m.result;
      break;
    case 'set-request':
    case 'avc-notification': {
      const def = requireDef(m.meClass, m.type);
      const enc = encodeAttributes(def, m.mask, m.attributes, 'row', SET_VALUES_ROOM);
      if (enc.overflow)
        throw new OmciCodecError(
          'contents-too-long',
          `${m.type} mask 0x${m.mask.toString(16)} exceeds ${SET_VALUES_ROOM} bytes`,
        );
      c.writeUInt16BE(m.mask, 0);
      enc.bytes.copy(c, 2);
      break;
    }
    case 'set-response':
      c[0] = m.result;
      c.writeUInt16BE(m.unsupportedMask, 1);
      c.writeUInt16BE(m.failedMask, 3);
      break;
    case 'get-request':
      c.writeUInt16BE(m.mask, 0);
      break;
    case 'get-response': {
      c[0] = m.result;
      c.writeUInt16BE(m.mask, 1);
      if (m.mask) {
        const enc = encodeAttributes(
          requireDef(m.meClass, 'get response'),
          m.mask,
          m.attributes,
          'get',
          GET_VALUES_ROOM,
        );
        if (enc.overflow)
          throw new OmciCodecError(
            'contents-too-long',
            `get response mask 0x${m.mask.toString(16)} exceeds ${GET_VALUES_ROOM} bytes`,
          );
        enc.bytes.copy(c, 3);
      }
      c.writeUInt16BE(m.unsupportedMask, 28);
      c.writeUInt16BE(m.failedMask, 30);
      break;
    }
    case 'get-all-alarms-request':
      c[0] = m.mode;
      break;
    case 'get-all-alarms-response':
    case 'mib-upload-response':
      c.writeUInt16BE(m.commands, 0);
      break;
    case 'get-all-alarms-next-request':
    case 'mib-upload-next-request':
      c.writeUInt16BE(m.sequence, 0);
      break;
    case 'get-all-alarms-next-response':
      c.writeUInt16BE(m.alarmedClass, 0);
      c.writeUInt16BE(m.alarmedInstance, 2);
      alarmBitmap(m.alarms).copy(c, 4);
      break;
    case 'mib-upload-next-response': {
      c.writeUInt16BE(m.uploadClass, 0);
      c.writeUInt16BE(m.uploadInstance, 2);
      c.writeUInt16BE(m.mask, 4);
      if (m.mask) {
        const enc = encodeAttributes(
          requireDef(m.uploadClass, 'mib upload next'),
          m.mask,
          m.attributes,
          'row',
          UPLOAD_VALUES_ROOM,
        );
        if (enc.overflow)
          throw new OmciCodecError(
            'contents-too-long',
            `upload mask 0x${m.mask.toString(16)} exceeds ${UPLOAD_VALUES_ROOM} bytes`,
          );
        enc.bytes.copy(c, 6);
      }
      break;
    }
    case 'reboot-request':
      c[0] = m.flags;
      break;
    case 'alarm-notification':
      alarmBitmap(m.alarms).copy(c, 0);
      c[31] = m.sequence;
      break;
  }
  return c;
}

/** Encode a typed message as a 48-byte baseline frame (with CRC). */
export function encodeMessage(m: OmciMessage): Buffer {
  const [action, kind] = TYPE_TABLE[m.type];
  return encodeFrame({
    tci: m.tci,
    priority: m.priority ?? false,
    ar: kind === 'request',
    ak: kind === 'response',
    action,
    meClass: m.meClass,
    meInstance: m.meInstance,
    contents: contentsOf(m),
  });
}

/** Which typed message a frame carries: AK set = response, AR set = request, neither = notification (or a request needing no ack). */
function typeOf(f: OmciFrame): OmciMessageType {
  const kind: Kind = f.ak
    ? 'response'
    : f.ar
      ? 'request'
      : f.action === OmciAction.alarm || f.action === OmciAction.attributeValueChange
        ? 'notification'
        : 'request';
  const t = BY_ACTION_KIND.get(`${f.action}:${kind}`);
  if (!t) throw new OmciCodecError('unknown-message-type', `action ${f.action} (${kind})`);
  return t;
}

/** Decode a 48-byte frame into a typed message. Throws OmciCodecError for bad frames or unknown actions. */
export function decodeMessage(bytes: Uint8Array): OmciMessage {
  const f = decodeFrame(bytes);
  return messageFromFrame(f);
}

export function messageFromFrame(f: OmciFrame): OmciMessage {
  const h: Header = { tci: f.tci, priority: f.priority, meClass: f.meClass, meInstance: f.meInstance };
  const c = f.contents;
  const type = typeOf(f);
  const result = c[0] as OmciResultCode;
  switch (type) {
    case 'create-request': {
      const def = requireDef(f.meClass, 'create');
      return { ...h, type, attributes: decodeAttributes(def, setByCreateMask(def), c, 'row') };
    }
    case 'create-response':
      return { ...h, type, result, executionMask: c.readUInt16BE(1) };
    case 'delete-request':
    case 'mib-upload-request':
    case 'mib-reset-request':
      return { ...h, type };
    case 'delete-response':
    case 'mib-reset-response':
    case 'reboot-response':
      return { ...h, type, result };
    case 'set-request':
    case 'avc-notification': {
      const mask = c.readUInt16BE(0);
      return {
        ...h,
        type,
        mask,
        attributes: decodeAttributes(requireDef(f.meClass, type), mask, c.subarray(2), 'row'),
      };
    }
    case 'set-response':
      return { ...h, type, result, unsupportedMask: c.readUInt16BE(1), failedMask: c.readUInt16BE(3) };
    case 'get-request':
      return { ...h, type, mask: c.readUInt16BE(0) };
    case 'get-response': {
      const mask = c.readUInt16BE(1);
      const attributes = mask
        ? decodeAttributes(
            requireDef(f.meClass, 'get response'),
            mask,
            c.subarray(3, 3 + GET_VALUES_ROOM),
            'get',
          )
        : {};
      return {
        ...h,
        type,
        result,
        mask,
        attributes,
        unsupportedMask: c.readUInt16BE(28),
        failedMask: c.readUInt16BE(30),
      };
    }
    case 'get-all-alarms-request':
      return { ...h, type, mode: c[0] };
    case 'get-all-alarms-response':
    case 'mib-upload-response':
      return { ...h, type, commands: c.readUInt16BE(0) };
    case 'get-all-alarms-next-request':
    case 'mib-upload-next-request':
      return { ...h, type, sequence: c.readUInt16BE(0) };
    case 'get-all-alarms-next-response':
      return {
        ...h,
        type,
        alarmedClass: c.readUInt16BE(0),
        alarmedInstance: c.readUInt16BE(2),
        alarms: alarmsOf(c.subarray(4, 32)),
      };
    case 'mib-upload-next-response': {
      const uploadClass = c.readUInt16BE(0);
      const mask = c.readUInt16BE(4);
      const def = meDef(uploadClass);
      // an ME this codec does not know is still uploaded; its values stay undecoded (empty record)
      const attributes = def && mask ? decodeAttributes(def, mask, c.subarray(6), 'row') : {};
      return { ...h, type, uploadClass, uploadInstance: c.readUInt16BE(2), mask, attributes };
    }
    case 'reboot-request':
      return { ...h, type, flags: c[0] };
    case 'alarm-notification':
      return { ...h, type, alarms: alarmsOf(c.subarray(0, 28)), sequence: c[31] };
  }
}
