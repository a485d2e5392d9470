/**
 * A MIB upload snapshot (G.988 §I.1.2): the MIB at the moment of MIB upload, cut into the bodies the
 * MIB upload next commands read. Baseline: one ME per body, its attributes in attribute order, as
 * many per body as fit the 26 value bytes. Extended (A.2): as many whole-ME records per body as fit
 * the 1 966-byte contents. Table attributes are not uploaded: the lab's ONTs serve them with Get and
 * Get next (§11.2.4), which keeps the F601's upload near 200 baseline messages.
 */
import { BASELINE_UPLOAD_ROOM } from '../../src/protocols/omci/upload-records.ts';
import { EXTENDED_MAX_CONTENTS } from '../../src/protocols/omci/frame.ts';
import { attrBit, meDef } from '../../src/protocols/omci/me-defs.ts';
import type { UploadRecord } from '../../src/protocols/omci/messages.ts';
import type { AttrValues } from '../../src/protocols/omci/attributes.ts';
import type { MeInstance } from './mib.ts';

/** Each ME's non-table attributes as records of at most `room` value bytes. */
function records(m: MeInstance, room: number): UploadRecord[] {
  const def = meDef(m.classId);
  if (!def) return [];
  const out: UploadRecord[] = [];
  let mask = 0;
  let used = 0;
  let attributes: AttrValues = {};
  const flush = () => {
    if (mask) out.push({ meClass: m.classId, meInstance: m.instance, mask, attributes });
    mask = 0;
    used = 0;
    attributes = {};
  };
  for (const a of def.attributes) {
    const v = m.values[a.name];
    if (a.type === 'table' || v === undefined) continue;
    if (used + a.size > room) flush();
    mask |= attrBit(a.index);
    used += a.size;
    attributes[a.name] = v;
  }
  flush();
  if (!out.length) out.push({ meClass: m.classId, meInstance: m.instance, mask: 0, attributes: {} });
  return out;
}

function size(r: UploadRecord): number {
  const def = meDef(r.meClass)!;
  return 8 + def.attributes.filter((a) => r.mask & attrBit(a.index)).reduce((n, a) => n + a.size, 0);
}

/** The bodies of one upload: baseline one record each, extended several. */
export function uploadBodies(mes: readonly MeInstance[], extended: boolean): UploadRecord[][] {
  if (!extended) return mes.flatMap((m) => records(m, BASELINE_UPLOAD_ROOM)).map((r) => [r]);
  const bodies: UploadRecord[][] = [];
  let body: UploadRecord[] = [];
  let used = 0;
  for (const r of mes.flatMap((m) => records(m, EXTENDED_MAX_CONTENTS - 8))) {
    if (used + size(r) > EXTENDED_MAX_CONTENTS) {
      bodies.push(body);
      body = [];
      used = 0;
    }
    body.push(r);
    used += size(r);
  }
  if (body.length) bodies.push(body);
  return bodies;
}
