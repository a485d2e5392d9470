/**
 * The simulated ONT's OMCI message handling: one request in, one response out (same TCI and message
 * set, G.988 §11.2.1), judged against the ONT's MIB (mib.ts). Result codes per G.988 §11.2.4:
 * unknown class → 4, unknown instance → 5, Create of an existing instance → 7, Create/Delete of an
 * ONU-created class → 3 / 2, a Set of a read-only attribute or a Get of attributes that do not fit
 * (baseline: 25 bytes) → 9 with the failed mask, an unknown attribute → 9 with the unsupported mask.
 * Get of a table attribute answers its size and freezes the table for Get next (A.3 Get next).
 */
import type { OmciMessage, OmciMessageOf, OmciRequest } from '../../src/protocols/omci/messages.ts';
import { setByCreateMask } from '../../src/protocols/omci/messages.ts';
import { EXTENDED_MAX_CONTENTS, OmciResult, type OmciResultCode } from '../../src/protocols/omci/frame.ts';
import { encodeAttributes, type AttrValues } from '../../src/protocols/omci/attributes.ts';
import { MeClass, attrBit, definedMask, meDef, type MeDef } from '../../src/protocols/omci/me-defs.ts';
import { ANI_G_SELF_TEST, encodeOpticalTestResult } from '../../src/protocols/omci/optics.ts';
import type { OntMib } from './mib.ts';
import { uploadBodies } from './upload.ts';
import { activeAlarms } from './alarms.ts';

/** What the ONT does after answering (the endpoint carries it out). */
export type AfterEffect = { kind: 'none' } | { kind: 'reboot' } | { kind: 'notify'; message: OmciMessage };

export interface Answer {
  response: OmciMessage;
  after: AfterEffect;
}

const NONE: AfterEffect = { kind: 'none' };
const BASELINE_GET_ROOM = 25;
const BASELINE_GET_NEXT_ROOM = 29;

/** Get next snapshot of one table attribute, per MIB (G.988 A.3 Get / Get next). */
const tableSnapshots = new WeakMap<
  OntMib,
  { meClass: number; meInstance: number; mask: number; data: Buffer }
>();

export function answer(mib: OntMib, req: OmciRequest, now = Date.now()): Answer {
  const ext = req.extended === true;
  const h = {
    tci: req.tci,
    priority: req.priority ?? false,
    meClass: req.meClass,
    meInstance: req.meInstance,
    ...(ext ? { extended: true } : {}),
  };
  const def = meDef(req.meClass);
  const done = (response: OmciMessage, after: AfterEffect = NONE): Answer => ({ response, after });
  const result = <T extends OmciMessage['type']>(type: T, r: OmciResultCode, extra: object = {}) =>
    ({ ...h, type, result: r, ...extra }) as OmciMessageOf<T>;
  switch (req.type) {
    case 'get-request': {
      const r = (code: OmciResultCode, extra = {}) =>
        result('get-response', code, {
          mask: 0,
          attributes: {},
          unsupportedMask: 0,
          failedMask: 0,
          ...extra,
        });
      if (!def) return done(r(OmciResult.unknownEntity));
      const me = mib.find(req.meClass, req.meInstance, now);
      if (!me) return done(r(OmciResult.unknownInstance));
      const present = def.attributes
        .filter((a) => me.values[a.name] !== undefined || me.tables[a.name])
        .reduce((m, a) => m | attrBit(a.index), 0);
      const unsupported = req.mask & ~present & 0xffff;
      const values: AttrValues = {};
      for (const a of def.attributes) {
        if (!(req.mask & present & attrBit(a.index))) continue;
        if (a.type !== 'table') values[a.name] = me.values[a.name];
        else {
          const data = Buffer.concat(me.tables[a.name] ?? []);
          tableSnapshots.set(mib, {
            meClass: req.meClass,
            meInstance: req.meInstance,
            mask: attrBit(a.index),
            data,
          });
          values[a.name] = data.length; // the table's size; its rows come with Get next
        }
      }
      const enc = encodeAttributes(
        def,
        req.mask & present,
        values,
        'get',
        ext ? EXTENDED_MAX_CONTENTS - 7 : BASELINE_GET_ROOM,
      );
      const failed = enc.overflow;
      const code = unsupported || failed ? OmciResult.attributeFailed : OmciResult.success;
      return done(
        r(code, {
          mask: enc.mask,
          attributes: pick(values, def, enc.mask),
          unsupportedMask: unsupported,
          failedMask: failed,
        }),
      );
    }
    case 'get-next-request': {
      const r = (code: OmciResultCode, data: Buffer = Buffer.alloc(0)) =>
        result('get-next-response', code, { mask: req.mask, data });
      const snap = tableSnapshots.get(mib);
      if (
        !snap ||
        snap.meClass !== req.meClass ||
        snap.meInstance !== req.meInstance ||
        snap.mask !== req.mask
      )
        return done(r(OmciResult.parameterError));
      const room = ext ? EXTENDED_MAX_CONTENTS - 3 : BASELINE_GET_NEXT_ROOM;
      if (req.sequence * room >= Math.max(snap.data.length, 1)) return done(r(OmciResult.parameterError));
      return done(
        r(
          OmciResult.success,
          Buffer.from(snap.data.subarray(req.sequence * room, (req.sequence + 1) * room)),
        ),
      );
    }
    case 'set-request': {
      const r = (code: OmciResultCode, unsupportedMask = 0, failedMask = 0) =>
        result('set-response', code, { unsupportedMask, failedMask });
      if (!def) return done(r(OmciResult.unknownEntity));
      if (!mib.find(req.meClass, req.meInstance, now)) return done(r(OmciResult.unknownInstance));
      const unknown = req.mask & ~definedMask(def) & 0xffff;
      const readOnly = def.attributes
        .filter((a) => !a.writable && req.mask & attrBit(a.index))
        .reduce((m, a) => m | attrBit(a.index), 0);
      if (unknown || readOnly) return done(r(OmciResult.attributeFailed, unknown, readOnly));
      mib.set(req.meClass, req.meInstance, req.attributes);
      return done(r(OmciResult.success));
    }
    case 'create-request': {
      const r = (code: OmciResultCode, executionMask = 0) =>
        result('create-response', code, { executionMask });
      if (!def) return done(r(OmciResult.unknownEntity));
      if (def.createdBy === 'onu') return done(r(OmciResult.parameterError, setByCreateMask(def)));
      if (mib.find(req.meClass, req.meInstance, now)) return done(r(OmciResult.instanceExists));
      const values: AttrValues = { ...req.attributes };
      // attributes not set by create start at zero (G.988: "upon ME instantiation ... 0")
      for (const a of def.attributes) {
        if (values[a.name] !== undefined || a.type === 'table') continue;
        values[a.name] =
          a.type === 'uint' || a.type === 'int' ? 0 : a.type === 'string' ? '' : Buffer.alloc(a.size);
      }
      mib.create({ classId: req.meClass, instance: req.meInstance, values, tables: {} });
      return done(r(OmciResult.success));
    }
    case 'delete-request': {
      if (!def) return done(result('delete-response', OmciResult.unknownEntity));
      if (def.createdBy === 'onu') return done(result('delete-response', OmciResult.notSupported));
      if (!mib.find(req.meClass, req.meInstance, now))
        return done(result('delete-response', OmciResult.unknownInstance));
      mib.delete(req.meClass, req.meInstance);
      return done(result('delete-response', OmciResult.success));
    }
    case 'mib-reset-request':
      if (req.meClass !== MeClass.onuData)
        return done(result('mib-reset-response', OmciResult.unknownEntity));
      mib.reset();
      return done(result('mib-reset-response', OmciResult.success));
    case 'mib-upload-request':
      // the snapshot is frozen now; "next" commands read it even if the MIB changes meanwhile
      mib.uploadSnapshot = uploadBodies(mib.instances(now), ext);
      return done({ ...h, type: 'mib-upload-response', commands: mib.uploadSnapshot.length });
    case 'mib-upload-next-request': {
      const body = mib.uploadSnapshot[req.sequence] ?? []; // beyond the snapshot: an empty body
      if (req.sequence === mib.uploadSnapshot.length - 1) mib.uploadSnapshot = []; // upload complete: free it
      return done({ ...h, type: 'mib-upload-next-response', records: body });
    }
    case 'get-all-alarms-request':
      // a snapshot of every ME with an alarm; the numbering of notifications restarts (§A.1.4)
      mib.alarmSnapshot = activeAlarms(mib, now).filter((a) => a.alarms.length);
      mib.alarmSequence = 0;
      return done({ ...h, type: 'get-all-alarms-response', commands: mib.alarmSnapshot.length });
    case 'get-all-alarms-next-request': {
      const a = mib.alarmSnapshot[req.sequence];
      return done({ ...h, type: 'get-all-alarms-next-response', records: a ? [a] : [] });
    }
    case 'reboot-request':
      if (req.meClass !== MeClass.onuG) return done(result('reboot-response', OmciResult.notSupported));
      return done(result('reboot-response', OmciResult.success), { kind: 'reboot' });
    case 'test-request': {
      // the F601's one test: ANI-G optical line supervision (select test 7)
      if (req.meClass !== MeClass.aniG) return done(result('test-response', OmciResult.notSupported));
      if (!mib.find(req.meClass, req.meInstance, now))
        return done(result('test-response', OmciResult.unknownInstance));
      if (req.test[0] !== ANI_G_SELF_TEST) return done(result('test-response', OmciResult.parameterError));
      const data = encodeOpticalTestResult({
        powerFeedVoltageV: 3.3,
        rxDbm: mib.olt.rxPowerDbm(mib.ont, now),
        txDbm: mib.olt.txPowerDbm(mib.ont, now),
        laserBiasMa: 12.5,
        temperatureC: 41.5,
      });
      return done(result('test-response', OmciResult.success), {
        kind: 'notify',
        message: { ...h, type: 'test-result', data },
      });
    }
  }
}

function pick(values: AttrValues, def: MeDef, mask: number): AttrValues {
  const out: AttrValues = {};
  for (const a of def.attributes) if (mask & attrBit(a.index)) out[a.name] = values[a.name];
  return out;
}
