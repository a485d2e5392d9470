/**
 * The simulated ONT's OMCI message handling: one request in, one response out (same TCI, G.988
 * §11.2.1), judged against the ONT's MIB (mib.ts). Result codes per G.988 §11.2.4: unknown class →
 * 4, unknown instance → 5, Create of an existing instance → 7, Set of a read-only attribute or Create
 * of an ONU-created class → 3 (parameter error), attributes that do not fit a Get response → 9 with
 * the failed-attribute mask.
 */
import type { OmciMessage, OmciMessageOf, OmciRequest } from '../../src/protocols/omci/messages.ts';
import { setByCreateMask } from '../../src/protocols/omci/messages.ts';
import { OmciResult } from '../../src/protocols/omci/frame.ts';
import { encodeAttributes, type AttrValues } from '../../src/protocols/omci/attributes.ts';
import { MeClass, attrBit, meDef } from '../../src/protocols/omci/me-defs.ts';
import { uploadBodies, type OntMib } from './mib.ts';

/** What the ONT does after answering (the relay carries it out). */
export type AfterEffect = { kind: 'none' } | { kind: 'reboot' };

export interface Answer {
  response: OmciMessage;
  after: AfterEffect;
}

const NONE: AfterEffect = { kind: 'none' };

export function answer(mib: OntMib, req: OmciRequest, now = Date.now()): Answer {
  const h = {
    tci: req.tci,
    priority: req.priority ?? false,
    meClass: req.meClass,
    meInstance: req.meInstance,
  };
  const def = meDef(req.meClass);
  switch (req.type) {
    case 'get-request': {
      const r = (
        result: OmciMessageOf<'get-response'>['result'],
        extra: Partial<OmciMessageOf<'get-response'>> = {},
      ) => ({
        ...h,
        type: 'get-response' as const,
        result,
        mask: 0,
        attributes: {},
        unsupportedMask: 0,
        failedMask: 0,
        ...extra,
      });
      if (!def) return { response: r(OmciResult.unknownEntity), after: NONE };
      const me = mib.find(req.meClass, req.meInstance, now);
      if (!me) return { response: r(OmciResult.unknownInstance), after: NONE };
      const known = def.attributes.reduce((m, a) => m | attrBit(a.index), 0);
      const unsupported = req.mask & ~known & 0xffff;
      const values: AttrValues = {};
      for (const a of def.attributes) {
        if (!(req.mask & attrBit(a.index))) continue;
        // a table attribute answers its size in bytes; the rows come with Get next
        values[a.name] = a.type === 'table' ? (me.tables?.[a.name]?.length ?? 0) * a.size : me.values[a.name];
      }
      const enc = encodeAttributes(def, req.mask & known, values, 'get', 25);
      const failed = enc.overflow;
      const result = unsupported || failed ? OmciResult.attributeFailed : OmciResult.success;
      return {
        response: r(result, {
          mask: enc.mask,
          attributes: pick(values, def, enc.mask),
          unsupportedMask: unsupported,
          failedMask: failed,
        }),
        after: NONE,
      };
    }
    case 'set-request': {
      const r = (result: OmciMessageOf<'set-response'>['result'], unsupportedMask = 0, failedMask = 0) => ({
        ...h,
        type: 'set-response' as const,
        result,
        unsupportedMask,
        failedMask,
      });
      if (!def) return { response: r(OmciResult.unknownEntity), after: NONE };
      if (!mib.find(req.meClass, req.meInstance, now))
        return { response: r(OmciResult.unknownInstance), after: NONE };
      const readOnly = def.attributes
        .filter((a) => !a.writable && req.mask & attrBit(a.index))
        .reduce((m, a) => m | attrBit(a.index), 0);
      if (readOnly) return { response: r(OmciResult.attributeFailed, 0, readOnly), after: NONE };
      mib.set(req.meClass, req.meInstance, req.attributes);
      return { response: r(OmciResult.success), after: NONE };
    }
    case 'create-request': {
      const r = (result: OmciMessageOf<'create-response'>['result'], executionMask = 0) => ({
        ...h,
        type: 'create-response' as const,
        result,
        executionMask,
      });
      if (!def) return { response: r(OmciResult.unknownEntity), after: NONE };
      if (def.createdBy === 'onu')
        return { response: r(OmciResult.parameterError, setByCreateMask(def)), after: NONE };
      if (mib.find(req.meClass, req.meInstance, now))
        return { response: r(OmciResult.instanceExists), after: NONE };
      const values: AttrValues = { ...req.attributes };
      // attributes not set by create start at zero (G.988: "upon ME instantiation ... 0")
      for (const a of def.attributes) {
        if (values[a.name] !== undefined) continue;
        values[a.name] =
          a.type === 'uint' || a.type === 'int' ? 0 : a.type === 'string' ? '' : Buffer.alloc(a.size);
      }
      mib.create({ classId: req.meClass, instance: req.meInstance, values, tables: {} });
      return { response: r(OmciResult.success), after: NONE };
    }
    case 'delete-request': {
      const r = (result: OmciMessageOf<'delete-response'>['result']) => ({
        ...h,
        type: 'delete-response' as const,
        result,
      });
      if (!def) return { response: r(OmciResult.unknownEntity), after: NONE };
      if (def.createdBy === 'onu') return { response: r(OmciResult.notSupported), after: NONE };
      if (!mib.find(req.meClass, req.meInstance, now))
        return { response: r(OmciResult.unknownInstance), after: NONE };
      mib.delete(req.meClass, req.meInstance);
      return { response: r(OmciResult.success), after: NONE };
    }
    case 'mib-reset-request':
      if (req.meClass !== MeClass.onuData)
        return {
          response: { ...h, type: 'mib-reset-response', result: OmciResult.unknownEntity },
          after: NONE,
        };
      mib.reset();
      return { response: { ...h, type: 'mib-reset-response', result: OmciResult.success }, after: NONE };
    case 'mib-upload-request':
      // the snapshot is frozen now; "next" commands read it even if the MIB changes meanwhile
      mib.uploadSnapshot = uploadBodies(mib.instances(now));
      return {
        response: { ...h, type: 'mib-upload-response', commands: mib.uploadSnapshot.length },
        after: NONE,
      };
    case 'mib-upload-next-request': {
      const body = mib.uploadSnapshot[req.sequence];
      // out of range: an empty body (class 0), as ONUs commonly answer
      return {
        response: {
          ...h,
          type: 'mib-upload-next-response',
          uploadClass: body?.classId ?? 0,
          uploadInstance: body?.instance ?? 0,
          mask: body?.mask ?? 0,
          attributes: body?.values ?? {},
        },
        after: NONE,
      };
    }
    case 'get-all-alarms-request':
      mib.alarmSnapshot = mib.activeAlarms(now);
      return {
        response: { ...h, type: 'get-all-alarms-response', commands: mib.alarmSnapshot.length },
        after: NONE,
      };
    case 'get-all-alarms-next-request': {
      const a = mib.alarmSnapshot[req.sequence];
      return {
        response: {
          ...h,
          type: 'get-all-alarms-next-response',
          alarmedClass: a?.classId ?? 0,
          alarmedInstance: a?.instance ?? 0,
          alarms: a?.alarms ?? [],
        },
        after: NONE,
      };
    }
    case 'reboot-request':
      if (req.meClass !== MeClass.onuG)
        return { response: { ...h, type: 'reboot-response', result: OmciResult.notSupported }, after: NONE };
      return {
        response: { ...h, type: 'reboot-response', result: OmciResult.success },
        after: { kind: 'reboot' },
      };
  }
}

function pick(values: AttrValues, def: NonNullable<ReturnType<typeof meDef>>, mask: number): AttrValues {
  const out: AttrValues = {};
  for (const a of def.attributes) if (mask & attrBit(a.index)) out[a.name] = values[a.name];
  return out;
}
