/**
 * ZXA10 running-config text → DeviceConfig, for either family, as the dialect's data describes it.
 * Tolerant the way a reader of a real device must be: blocks ponctl does not manage (system users,
 * uplinks, VLANs, ACLs, SNMP, …) are counted and skipped; inside the blocks it manages (profiles, PON
 * ports, ONUs, C600 vports, pon-onu-mng) every line is either read into the model, recognised as a
 * feature ponctl leaves alone, or reported as `unknown` — the only kind that matters.
 *
 * Layout (docs/zxa10-dialect.md §5): C3xx blocks end with `!` (c300/show-running-config-interface-
 * gpon-onu-c3xx.txt), C600 blocks with `$` and nest (`system-user` → `authorization-template 1` … `$`),
 * with `!<section>` markers and long lines hard-wrapped at 80 columns (c600/running-config-c620-two-
 * onus.txt). Some captures lose their indentation (c300/show-running-config-gpon-onu-multi-gemport-
 * c320.txt), so a managed block runs to its terminator, not to the end of its indentation.
 */
import { deviceOnu, emptyDeviceConfig, vportOf, type DeviceConfig, type DeviceOnu } from './device-config.ts';
import { matchLine, splitWords, type Values } from './line-template.ts';
import { cleanLine, unwrapLines } from './replies.ts';
import { parseName, type LineElement, type ModeKind, type Zxa10Dialect } from './zxa10-dialect.ts';

type Block =
  | { kind: 'gpon'; indent: number }
  | { kind: 'oltIf'; indent: number; pon: string }
  | { kind: 'onuIf' | 'onuMng'; indent: number; pon: string; onuId: number }
  | { kind: 'vportIf'; indent: number; pon: string; onuId: number; vport: number }
  | { kind: 'foreign'; indent: number };

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

/** The managed block a line opens, if it is one (`interface gpon-onu_1/1/1:1`, `pon-onu-mng …`, `gpon`). */
function opener(d: Zxa10Dialect, t: string, indent: number): Block | undefined {
  if (t === d.modes.gpon) return { kind: 'gpon', indent };
  const [w0, w1, extra] = t.split(/\s+/);
  if (!w1 || extra !== undefined) return undefined;
  const cmd = (m: string) => m.split(' ')[0];
  if (w0 === cmd(d.modes.onuMng)) {
    const n = parseName(d.naming.onu, w1);
    if (n?.onuId !== undefined) return { kind: 'onuMng', indent, pon: n.pon, onuId: n.onuId };
  }
  if (w0 !== cmd(d.modes.onuIf)) return undefined;
  const olt = parseName(d.naming.oltPort, w1);
  if (olt) return { kind: 'oltIf', indent, pon: olt.pon };
  const onu = parseName(d.naming.onu, w1);
  if (onu?.onuId !== undefined) return { kind: 'onuIf', indent, pon: onu.pon, onuId: onu.onuId };
  const vp = d.naming.vport ? parseName(d.naming.vport, w1) : undefined;
  if (vp?.onuId !== undefined && vp.vport !== undefined)
    return { kind: 'vportIf', indent, pon: vp.pon, onuId: vp.onuId, vport: vp.vport };
  return undefined;
}

/** Lines of framing around a listing (`Building configuration...`, `end`) — not configuration. */
function isFraming(t: string): boolean {
  return t === 'end' || t === 'exit' || /^Building configuration/.test(t);
}

const num = (v: Values, k: string) => v[k] as number;
const str = (v: Values, k: string) => v[k] as string | undefined;

/** Applies one recognised element line to the model. */
function applyElement(d: Zxa10Dialect, cfg: DeviceConfig, b: Block, e: LineElement, v: Values): void {
  if (e === 'tcontProfileMaximum' || e === 'tcontProfileFixed') {
    const name = str(v, 'name')!;
    cfg.tcontProfiles.set(name, {
      name,
      ...(e === 'tcontProfileFixed' ? { fixedKbps: num(v, 'fixedKbps') } : { maxKbps: num(v, 'maxKbps') }),
    });
    return;
  }
  if (e === 'gemTrafficProfile' || e === 'qosTrafficProfile') {
    const name = str(v, 'name')!;
    const kind = e === 'gemTrafficProfile' ? 'gem' : 'qos';
    cfg.rateProfiles.set(name, { name, kind, cirKbps: num(v, 'cirKbps'), pirKbps: num(v, 'pirKbps') });
    return;
  }
  if (b.kind === 'oltIf') {
    const o = deviceOnu(cfg, b.pon, num(v, 'onuId'));
    o.type = str(v, 'onuType');
    if (e === 'onu') o.serial = str(v, 'serial')!.toUpperCase();
    else o.password = str(v, 'password');
    return;
  }
  if (b.kind !== 'onuIf' && b.kind !== 'vportIf' && b.kind !== 'onuMng') return;
  const o = deviceOnu(cfg, b.pon, b.onuId);
  applyOnuElement(d, o, b, e, v);
}

function applyOnuElement(d: Zxa10Dialect, o: DeviceOnu, b: Block, e: LineElement, v: Values): void {
  switch (e) {
    case 'onuName':
      o.name = str(v, 'name');
      return;
    case 'onuDescription':
      o.description = str(v, 'description');
      return;
    case 'tcont':
      o.tconts.set(num(v, 'tcont'), {
        id: num(v, 'tcont'),
        name: str(v, 'tcontName'),
        profile: str(v, 'profile')!,
      });
      return;
    case 'gemport': {
      const prev = o.gemports.get(num(v, 'gemport'));
      o.gemports.set(num(v, 'gemport'), {
        ...prev,
        id: num(v, 'gemport'),
        name: str(v, 'gemName'),
        tcont: num(v, 'tcont'),
      });
      return;
    }
    case 'gemTrafficLimit': {
      const g = o.gemports.get(num(v, 'gemport')) ?? { id: num(v, 'gemport'), tcont: 0 };
      o.gemports.set(g.id, { ...g, upProfile: str(v, 'upProfile'), downProfile: str(v, 'downProfile') });
      return;
    }
    case 'hybridVport':
    case 'trunkVport':
      vportOf(o, num(v, 'vport')).hybrid = e === 'hybridVport';
      return;
    case 'switchportVlan':
      vportOf(o, num(v, 'vport')).switchportVlans = str(v, 'vlans');
      return;
    case 'servicePort': {
      const vport = b.kind === 'vportIf' ? b.vport : num(v, 'vport');
      const sp = num(v, 'sp');
      o.servicePorts.set(d.serviceScope === 'vport' ? `${vport}:${sp}` : String(sp), {
        sp,
        vport,
        userVlan: num(v, 'userVlan'),
        vlan: num(v, 'vlan'),
        ...(v.svlan !== undefined ? { svlan: num(v, 'svlan') } : {}),
        ...(v.upProfile !== undefined ? { upProfile: str(v, 'upProfile') } : {}),
        ...(v.downProfile !== undefined ? { downProfile: str(v, 'downProfile') } : {}),
      });
      return;
    }
    case 'pppoeIa':
      vportOf(o, num(v, 'vport')).pppoeIa = true;
      return;
    case 'dhcpSnooping':
      vportOf(o, num(v, 'vport')).dhcpSnooping = true;
      return;
    case 'ipSourceGuard':
      o.ipSourceGuard.add(num(v, 'sp'));
      return;
    case 'macLimit':
      if (b.kind === 'vportIf') vportOf(o, b.vport).macLimit = num(v, 'macLimit');
      return;
    case 'vportMode':
      o.vportManual = true;
      return;
    case 'vportMap':
      o.vportMap.push({ vport: num(v, 'vport'), gemport: num(v, 'gemport'), userVlan: num(v, 'userVlan') });
      return;
    case 'service':
      o.services.set(str(v, 'svcName')!, {
        name: str(v, 'svcName')!,
        gemport: num(v, 'gemport'),
        ...(v.cos !== undefined ? { cos: num(v, 'cos') } : {}),
        vlans: str(v, 'vlans')!,
      });
      return;
    case 'uniTag':
    case 'uniHybrid':
    case 'uniTrunk': {
      const uni = str(v, 'uni')!;
      const mode = e === 'uniTag' ? 'tag' : e === 'uniHybrid' ? 'hybrid' : 'trunk';
      o.unis.set(uni, {
        ...o.unis.get(uni),
        mode,
        ...(v.vlan !== undefined ? { vlan: num(v, 'vlan') } : {}),
      });
      return;
    }
    case 'uniVlanList': {
      const uni = str(v, 'uni')!;
      o.unis.set(uni, { ...o.unis.get(uni), vlans: str(v, 'vlans') });
      return;
    }
    case 'uniLock':
      o.lockedUnis.add(str(v, 'uni')!);
      return;
    case 'uniUnlock':
      o.lockedUnis.delete(str(v, 'uni')!);
      return;
    default:
      return;
  }
}

/** Element lines per mode, in profile order (cached per dialect). */
const byMode = new WeakMap<Zxa10Dialect, Map<ModeKind, { e: LineElement; d: Zxa10Dialect }[]>>();

function elementsIn(d: Zxa10Dialect, mode: ModeKind) {
  let m = byMode.get(d);
  if (!m) {
    m = new Map();
    for (const spec of Object.values(d.lines)) {
      const list = m.get(spec.mode) ?? [];
      list.push({ e: spec.element, d });
      m.set(spec.mode, list);
    }
    byMode.set(d, m);
  }
  return m.get(mode) ?? [];
}

/** Reads one line of a managed block: an element, a recognised unmanaged line, or unknown. */
function readBodyLine(d: Zxa10Dialect, cfg: DeviceConfig, b: Block, t: string, n: number): void {
  const mode = b.kind as ModeKind;
  const words = splitWords(t);
  for (const { e } of elementsIn(d, mode)) {
    const v = matchLine(d.lines[e]!.set, t, words);
    if (v) return applyElement(d, cfg, b, e, v);
  }
  if ((d.unmanaged[mode] ?? []).some((tpl) => matchLine(tpl, t, words))) {
    if (b.kind === 'onuIf' || b.kind === 'onuMng' || b.kind === 'vportIf')
      deviceOnu(cfg, b.pon, b.onuId).unmanaged.push(t);
    return;
  }
  cfg.unknown.push({ line: n, text: t });
}

/** Reads a running-config listing (whole, or the per-object reads concatenated). */
export function readRunningConfig(text: string, d: Zxa10Dialect, into = emptyDeviceConfig()): DeviceConfig {
  const cfg = into;
  const lines = unwrapLines(
    text.split('\n').map((l) => cleanLine(l, d)),
    d.wrapColumns,
  );
  let block: Block | undefined;
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n];
    const t = raw.trim();
    if (!t) continue;
    const indent = indentOf(raw);
    if (t === d.blockEnd || t.startsWith('!')) {
      // `!` ends a C3xx block and marks C600 sections; `$` ends the C600 block at its own depth
      if (block && (t.startsWith('!') || indent <= block.indent)) block = undefined;
      continue;
    }
    if (t === '$') continue;
    if (isFraming(t)) {
      block = undefined;
      continue;
    }
    const open = opener(d, t, indent);
    if (open && (!block || indent <= block.indent)) {
      block = open;
      if (open.kind === 'oltIf') cfg.pons.add(open.pon);
      if (open.kind === 'onuIf' || open.kind === 'onuMng' || open.kind === 'vportIf')
        deviceOnu(cfg, open.pon, open.onuId);
      continue;
    }
    if (block && block.kind !== 'foreign') {
      readBodyLine(d, cfg, block, t, n + 1);
      continue;
    }
    if (block) {
      cfg.foreignLines++;
      continue;
    }
    // config mode: a statement ponctl reads (C600 traffic-profile), else a foreign block or line
    const words = splitWords(t);
    const cfgEl = elementsIn(d, 'config').find(({ e }) => matchLine(d.lines[e]!.set, t, words));
    if (cfgEl) {
      applyElement(d, cfg, { kind: 'gpon', indent }, cfgEl.e, matchLine(d.lines[cfgEl.e]!.set, t, words)!);
      continue;
    }
    cfg.foreignLines++;
    let k = n + 1;
    while (k < lines.length && lines[k].trim() === '') k++;
    const next = lines[k];
    if (next !== undefined && (indentOf(next) > indent || next.trim() === d.blockEnd))
      block = { kind: 'foreign', indent };
  }
  return cfg;
}
