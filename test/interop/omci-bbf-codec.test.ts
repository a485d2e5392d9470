/**
 * Ours decoded by theirs: messages encoded by ponctl's codec — the requests the client sends and the
 * responses the lab's ONUs send, baseline and extended — decoded at test time by the Broadband
 * Forum's own codec (obbaa_onusim Message.decode via test/interop/py/bbf_decode.py). BBF must read
 * the same header, mask, result and values, and log nothing while decoding. The other direction
 * (BBF's bytes decoded by ours) is test/unit/omci-bbf-frames.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { encodeMessage, type OmciMessage } from '../../src/protocols/omci/messages.ts';
import { encodeDatagram } from '../../src/protocols/omci/tr451-framing.ts';
import { dbmToOpticalLevel } from '../../src/protocols/omci/optics.ts';
import { runPython } from '../helpers/bbf-onusim.ts';

const CTERM = 'ct-1.1.1';
const ONU = 7;
const serial = Buffer.from('5a544547c0ffee01', 'hex');

/** Each message and what BBF must read from it (besides tci, class, instance, extended and no log). */
function cases(extended: boolean): [OmciMessage, Record<string, unknown>][] {
  const h = (tci: number, meClass: number, meInstance = 0) => ({ tci, meClass, meInstance, extended });
  const rx = dbmToOpticalLevel(-21.306);
  return [
    [
      { ...h(1, 256), type: 'get-request', mask: 0xb000 },
      { class: 'Get', attr_mask: 0xb000 },
    ],
    [
      { ...h(2, 263, 0x8001), type: 'get-request', mask: 0x0044 },
      { class: 'Get', attr_mask: 0x0044 },
    ],
    [
      {
        ...h(3, 263, 0x8001),
        type: 'set-request',
        mask: 0x0030,
        attributes: { lowerOpticalThreshold: 56, upperOpticalThreshold: 16 },
      },
      {
        class: 'Set',
        attr_mask: 0x0030,
        values: { lower_optical_threshold: 56, upper_optical_threshold: 16 },
      },
    ],
    [{ ...h(4, 2), type: 'mib-reset-request' }, { class: 'MibReset' }],
    [{ ...h(5, 2), type: 'mib-upload-request' }, { class: 'MibUpload' }],
    [
      { ...h(6, 2), type: 'mib-upload-next-request', sequence: 17 },
      { class: 'MibUploadNext', seq_num: 17 },
    ],
    [
      { ...h(7, 2), type: 'get-all-alarms-request', mode: 1 },
      { class: 'GetAllAlarms', alarm_retrieval_mode: 1 },
    ],
    [
      { ...h(8, 2), type: 'get-all-alarms-next-request', sequence: 0 },
      { class: 'GetAllAlarmsNext', seq_num: 0 },
    ],
    [
      {
        ...h(9, 84, 2),
        type: 'create-request',
        attributes: {
          vlanFilterList: Buffer.concat([Buffer.from([0, 100]), Buffer.alloc(22)]),
          forwardOperation: 0x10,
          numberOfEntries: 1,
        },
      },
      { class: 'Create', values: { forward_operation: 16, number_of_entries: 1 } },
    ],
    [{ ...h(10, 84, 2), type: 'delete-request' }, { class: 'Delete' }],
    // the lab's ONU answering
    [
      {
        ...h(11, 256),
        type: 'get-response',
        result: 0,
        mask: 0xb000,
        attributes: { vendorId: 'ZTEG', serialNumber: serial, trafficManagementOption: 0 },
        unsupportedMask: 0,
        failedMask: 0,
      },
      {
        class: 'GetResponse',
        reason: 0,
        attr_mask: 0xb000,
        vendor_id: 'ZTEG',
        serial_number: ['ZTEG', 0xc0ffee01],
        traffic_management: 'priority-controlled',
      },
    ],
    [
      {
        ...h(12, 257),
        type: 'get-response',
        result: 0,
        mask: 0xc000,
        attributes: { equipmentId: 'ZXHN-F601', omccVersion: 0xa3 },
        unsupportedMask: 0,
        failedMask: 0,
      },
      { class: 'GetResponse', reason: 0, equipment_id: 'ZXHN-F601', omcc_version: 0xa3 },
    ],
    [
      {
        ...h(13, 263, 0x8001),
        type: 'get-response',
        result: 0,
        mask: 0x0044,
        attributes: { opticalSignalLevel: rx, transmitOpticalLevel: 1227 },
        unsupportedMask: 0,
        failedMask: 0,
      },
      { class: 'GetResponse', reason: 0, optical_signal_level: rx + 0x10000, transmit_optical_level: 1227 },
    ],
    [
      {
        ...h(14, 263, 0x8002),
        type: 'get-response',
        result: 5,
        mask: 0,
        attributes: {},
        unsupportedMask: 0,
        failedMask: 0,
      },
      { class: 'GetResponse', reason: 5, attr_mask: 0 },
    ],
    [
      { ...h(15, 263, 0x8001), type: 'set-response', result: 0, unsupportedMask: 0, failedMask: 0 },
      { class: 'SetResponse', reason: 0 },
    ],
    [
      { ...h(16, 2), type: 'mib-reset-response', result: 0 },
      { class: 'MibResetResponse', reason: 0 },
    ],
    [
      { ...h(17, 2), type: 'mib-upload-response', commands: 231 },
      { class: 'MibUploadResponse', num_upload_nexts: 231 },
    ],
    [
      {
        ...h(18, 2),
        type: 'mib-upload-next-response',
        records: [
          {
            meClass: 262,
            meInstance: 0x8000,
            mask: 0xe000,
            attributes: { allocId: 264, deprecated: 1, policy: 1 },
          },
        ],
      },
      extended
        ? // G.988 A.2 records; BBF expects its own layout (a total length first, sizes counting the
          // header: upload.py), so it takes the record's length for the total and 0x8000 for a class
          { error: 'Exception: MIB 32768 not found', bbfLayout: true }
        : {
            class: 'MibUploadNextResponse',
            '262.32768.alloc_id': 264,
            '262.32768.policy': 'Strict priority',
          },
    ],
    [
      { ...h(19, 2), type: 'get-all-alarms-response', commands: 1 },
      { class: 'GetAllAlarmsResponse', num_alarms_nexts: 1 },
    ],
    [
      {
        ...h(20, 2),
        type: 'get-all-alarms-next-response',
        records: [{ meClass: 263, meInstance: 0x8001, alarms: [0] }],
      },
      // BBF's decoder reads 2 bit-map bytes and loops until a class 0, which it then reports as the
      // class (get_all_alarms.py decode_contents); it does the same with its own frames (bbf-frames.json)
      { class: 'GetAllAlarmsNextResponse', me_class_alarm: 0, me_inst_alarm: 0x8001, bit_map_alarms: 0x8000 },
    ],
    [
      { ...h(21, 84, 2), type: 'create-response', result: 0, executionMask: 0 },
      { class: 'CreateResponse', reason: 0 },
    ],
    [{ ...h(22, 84, 2), type: 'delete-response', result: 0 }, { class: 'DeleteResponse' }],
  ];
}

describe("ponctl's OMCI messages decoded by the Broadband Forum's codec", () => {
  for (const extended of [false, true]) {
    it(`${extended ? 'extended' : 'baseline'}: same header, masks, results and values; BBF logs nothing`, async () => {
      const all = cases(extended);
      const input = all
        .map(([m]) =>
          encodeDatagram({ channelTermination: CTERM, onuId: ONU, payload: encodeMessage(m) }).toString(
            'hex',
          ),
        )
        .join('\n');
      const r = await runPython('bbf_decode.py', [], input + '\n');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const decoded = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(decoded).toHaveLength(all.length);
      all.forEach(([m, want], i) => {
        const d = decoded[i];
        expect(d.bbf_log, m.type).toEqual([]);
        if (want.bbfLayout) {
          expect(d.error).toBe(want.error);
          return;
        }
        expect(d, m.type).toMatchObject({
          ...want,
          tci: m.tci,
          me_class: m.meClass,
          me_inst: m.meInstance,
          extended,
        });
        expect(d.cterm_name ?? CTERM).toBe(CTERM);
      });
    }, 60_000);
  }
});
