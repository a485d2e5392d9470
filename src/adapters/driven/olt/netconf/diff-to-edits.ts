/**
 * ConfigDiff (domain) → list-entry edits of ponctl-olt (the XML codec's OltEdit), the smallest
 * edit-config that carries the diff (RFC 6241 §7.2 operations on list entries):
 * create → `create` (the device refuses with data-exists if someone beat us to it),
 * update → `replace` of that entry (or `merge` of the v-ANI's own leaves), delete → `delete`.
 * A created/deleted v-ANI carries its children, so their own changes are not repeated.
 */
import type { ConfigDiff, OnuChange } from '../../../../domain/olt-config/diff.ts';
import type { GemPort, Tcont, VAni } from '../../../../domain/olt-config/model.ts';
import { editToXml, type OltEdit } from './olt-config-xml.ts';

const key = (port: string, onuId: number) => `${port}#${onuId}`;

function listEdits<T extends { id: number }>(
  kind: 'tcont' | 'gemport',
  ct: string,
  onuId: number,
  before: T[],
  after: T[],
): OltEdit[] {
  const out: OltEdit[] = [];
  const b = new Map(before.map((x) => [x.id, x]));
  const a = new Map(after.map((x) => [x.id, x]));
  for (const [id, x] of a) {
    const old = b.get(id);
    if (!old) out.push({ op: 'create', kind, ct, onuId, value: x } as unknown as OltEdit);
    else if (JSON.stringify(old) !== JSON.stringify(x))
      out.push({ op: 'replace', kind, ct, onuId, value: x } as unknown as OltEdit);
  }
  for (const id of b.keys()) if (!a.has(id)) out.push({ op: 'delete', kind, ct, onuId, id } as OltEdit);
  return out;
}

function onuUpdateEdits(c: OnuChange & { before: VAni; after: VAni }): OltEdit[] | 'replace' {
  const { before, after, port: ct, onuId } = c;
  // merge cannot remove a leaf: dropping the description needs the whole entry replaced
  if (before.description !== undefined && after.description === undefined) return 'replace';
  const out: OltEdit[] = [];
  const leaves: Partial<VAni> & Pick<VAni, 'onuId'> = { onuId };
  let anyLeaf = false;
  for (const f of ['onuType', 'expectedSerial', 'description'] as const) {
    if (c.fields.includes(f)) {
      (leaves as Record<string, unknown>)[f] = after[f];
      anyLeaf = true;
    }
  }
  if (anyLeaf) out.push({ op: 'merge', kind: 'v-ani', ct, value: leaves });
  if (c.fields.includes('tconts'))
    out.push(...listEdits<Tcont & { id: number }>('tcont', ct, onuId, before.tconts, after.tconts));
  if (c.fields.includes('gemports'))
    out.push(...listEdits<GemPort & { id: number }>('gemport', ct, onuId, before.gemports, after.gemports));
  return out;
}

export function diffToEdits(diff: ConfigDiff): OltEdit[] {
  const whole = new Set<string>(); // ONUs written or deleted as a whole subtree
  const edits: OltEdit[] = [];
  for (const c of diff.changes) {
    if (c.kind !== 'onu') continue;
    if (c.op === 'create' || c.op === 'delete') whole.add(key(c.port, c.onuId));
  }
  for (const c of diff.changes) {
    switch (c.kind) {
      case 'traffic-profile':
        if (c.op === 'delete') edits.push({ op: 'delete', kind: 'traffic-profile', name: c.name });
        else
          edits.push({
            op: c.op === 'create' ? 'create' : 'replace',
            kind: 'traffic-profile',
            value: c.after!,
          });
        break;
      case 'onu':
        if (c.op === 'create') edits.push({ op: 'create', kind: 'v-ani', ct: c.port, value: c.after! });
        else if (c.op === 'delete') edits.push({ op: 'delete', kind: 'v-ani', ct: c.port, onuId: c.onuId });
        else {
          const u = onuUpdateEdits(c as OnuChange & { before: VAni; after: VAni });
          if (u === 'replace') {
            whole.add(key(c.port, c.onuId));
            edits.push({ op: 'replace', kind: 'v-ani', ct: c.port, value: c.after! });
          } else edits.push(...u);
        }
        break;
      case 'vlan':
        if (whole.has(key(c.port, c.onuId))) break;
        if (c.op === 'delete')
          edits.push({ op: 'delete', kind: 'vlan', ct: c.port, onuId: c.onuId, channel: c.channel });
        else
          edits.push({
            op: c.op === 'create' ? 'create' : 'replace',
            kind: 'vlan',
            ct: c.port,
            onuId: c.onuId,
            value: c.after!,
          });
        break;
    }
  }
  // an ONU replaced as a whole after its VLAN edits were queued: drop those (they are inside the replace)
  return edits.filter((e) => !(e.kind === 'vlan' && whole.has(key(e.ct, e.onuId))));
}

/** The edit-config `<config>` payloads for a diff, at most `maxChanges` list-entry edits each. */
export function diffToEditPayloads(diff: ConfigDiff, maxChanges: number): string[] {
  const edits = diffToEdits(diff);
  const out: string[] = [];
  for (let i = 0; i < edits.length; i += Math.max(1, maxChanges))
    out.push(editToXml(edits.slice(i, i + Math.max(1, maxChanges))));
  return out;
}
