/**
 * Typed OMCI messages, both message sets (G.988 §11.1: baseline A.3, extended A.2): one
 * discriminated union tagged by `type`, the table from type to action and direction (§11.2.2), and
 * which response answers which request. Layouts are in message-contents.ts.
 */
import type { AttrValues } from './attributes.ts';
import { OmciAction, type OmciResultCode } from './frame.ts';

export interface OmciHeader {
  /** 15-bit transaction correlation identifier; responses echo the request's. 0 in ONU notifications. */
  tci: number;
  /** High-priority message (TCI MSB). Default false. */
  priority?: boolean;
  /** Extended message set (device id 0x0B, G.988 A.2). Default false: baseline. */
  extended?: boolean;
  meClass: number;
  meInstance: number;
}

/** One ME in a MIB upload next response: its class, instance, attribute mask and the values it selects. */
export interface UploadRecord {
  meClass: number;
  meInstance: number;
  mask: number;
  attributes: AttrValues;
}

/** One ME in a Get all alarms next response: the alarm numbers set in its bit map. */
export interface AlarmRecord {
  meClass: number;
  meInstance: number;
  alarms: number[];
}

type M<T extends string, F = object> = OmciHeader & { type: T } & F;
type Result = { result: OmciResultCode };

export type OmciMessage =
  | M<'create-request', { attributes: AttrValues }>
  | M<'create-response', Result & { executionMask: number }>
  | M<'delete-request'>
  | M<'delete-response', Result>
  | M<'set-request', { mask: number; attributes: AttrValues }>
  | M<'set-response', Result & { unsupportedMask: number; failedMask: number }>
  | M<'get-request', { mask: number }>
  | M<
      'get-response',
      Result & { mask: number; attributes: AttrValues; unsupportedMask: number; failedMask: number }
    >
  | M<'get-all-alarms-request', { mode: number }>
  | M<'get-all-alarms-response', { commands: number }>
  | M<'get-all-alarms-next-request', { sequence: number }>
  | M<'get-all-alarms-next-response', { records: AlarmRecord[] }>
  | M<'mib-upload-request'>
  | M<'mib-upload-response', { commands: number }>
  | M<'mib-upload-next-request', { sequence: number }>
  | M<'mib-upload-next-response', { records: UploadRecord[] }>
  | M<'mib-reset-request'>
  | M<'mib-reset-response', Result>
  /** Reboot condition, G.988 A.3 Reboot: 0 unconditional, 1-3 conditional on calls in progress. */
  | M<'reboot-request', { condition: number }>
  | M<'reboot-response', Result>
  /** Test contents depend on the ME class (ANI-G: select test 7 = optical line supervision). */
  | M<'test-request', { test: Buffer }>
  | M<'test-response', Result>
  /** Test result (action 27): sent by the ONU with the Test request's TCI. */
  | M<'test-result', { data: Buffer }>
  | M<'get-next-request', { mask: number; sequence: number }>
  | M<'get-next-response', Result & { mask: number; data: Buffer }>
  | M<'alarm-notification', { alarms: number[]; sequence: number }>
  | M<'avc-notification', { mask: number; attributes: AttrValues }>;

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
  'test-request': 'test-response',
  'get-next-request': 'get-next-response',
} as const;
export type OmciRequest = OmciMessageOf<keyof typeof RESPONSE_OF>;
export type OmciResponse = OmciMessageOf<(typeof RESPONSE_OF)[keyof typeof RESPONSE_OF]>;
export type ResponseTo<R extends OmciRequest> = OmciMessageOf<(typeof RESPONSE_OF)[R['type']]>;
export type OmciNotificationMessage = OmciMessageOf<
  'alarm-notification' | 'avc-notification' | 'test-result'
>;

export type Direction = 'request' | 'response' | 'notification';

/** Message type → (action, direction): the explicit table behind the message-type byte (G.988 §11.2.2). */
export const TYPE_TABLE: Record<OmciMessageType, [action: number, direction: Direction]> = {
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
  'test-request': [OmciAction.test, 'request'],
  'test-response': [OmciAction.test, 'response'],
  'test-result': [OmciAction.testResult, 'notification'],
  'get-next-request': [OmciAction.getNext, 'request'],
  'get-next-response': [OmciAction.getNext, 'response'],
  'alarm-notification': [OmciAction.alarm, 'notification'],
  'avc-notification': [OmciAction.attributeValueChange, 'notification'],
};

export const BY_ACTION_DIRECTION = new Map<string, OmciMessageType>(
  Object.entries(TYPE_TABLE).map(([t, [a, d]]) => [`${a}:${d}`, t as OmciMessageType]),
);

/** Actions that travel without AR/AK: the ONU's autonomous messages (G.988 §11.2.2). */
export const NOTIFICATION_ACTIONS: ReadonlySet<number> = new Set([
  OmciAction.alarm,
  OmciAction.attributeValueChange,
  OmciAction.testResult,
]);

export function isRequest(m: OmciMessage): m is OmciRequest {
  return TYPE_TABLE[m.type][1] === 'request';
}
