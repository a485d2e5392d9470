/**
 * Running-config text of the simulated ZXA10, per family [dialect §5]: C3xx blocks closed by `!`
 * after `Building configuration...`, 2-space bodies, `end` last (live: c300/show-running-config-*.txt,
 * c300/session-nso-ned-live-status-c320.txt); TITAN `!<section>` … `!</section>` parts with `$`-closed
 * blocks and an 80-column hard wrap (live: c600/running-config-c620-*.txt). Inside a block the device
 * lists lines by kind, not in the order they were typed (e.g. all T-CONTs, then GEM ports).
 */
import type { Block, OnuEntry, PonEntry, Zxa10Config } from './model.ts';
import type { Zxa10Family } from '../family.ts';

const INDENT = '  ';

function num(key: string): number {
  const m = /\d+/.exec(key);
  return m ? Number(m[0]) / 1000 : 0;
}

/** Device order of lines in an ONU interface (live C3xx config: tconts, gemports, switchports, services). */
export function onuRank(key: string): number {
  const order: [RegExp, number][] = [
    [/^name$/, 0],
    [/^description$/, 1],
    [/^sn-bind$/, 2],
    [/^fec$/, 3],
    [/^vport-mode$/, 4],
    [/^tcont /, 10],
    [/^gemport \d+ traffic-limit$/, 20.0005],
    [/^gemport /, 20],
    [/^encrypt /, 25],
    [/^vport \d+$/, 30],
    [/^vport-map /, 31],
    [/^switchport mode /, 40],
    [/^switchport vlan /, 41],
    [/^service-port /, 50],
    [/^dba mode$/, 90],
  ];
  for (const [re, r] of order) if (re.test(key)) return r + num(key);
  return 60;
}

/** Device order in pon-onu-mng (live C3xx: services, WAN, name, UNI VLANs, then the rest). */
export function mngRank(key: string): number {
  const order: [RegExp, number][] = [
    [/^loop-detect /, 0],
    [/^mgmt-ip$/, 1],
    [/^service /, 2],
    [/^flow /, 3],
    [/^gemport /, 4],
    [/^wan-ip /, 5],
    [/^wan /, 6],
    [/^name$/, 7],
    [/^mvlan$/, 8],
    [/^vlan port /, 9],
  ];
  for (const [re, r] of order) if (re.test(key)) return r;
  return 20;
}

/** Device order in a TITAN vport interface (live C620: service-port, MAC limit, storm control, QoS, ACL). */
export function vportRank(key: string): number {
  if (key.startsWith('service-port ')) return 0 + num(key);
  if (key.startsWith('security max-mac-learn')) return 1;
  if (key.startsWith('security vlan-stormcontrol')) return 2;
  if (key.startsWith('qos ')) return 3;
  if (key.startsWith('ip access-group')) return 9;
  return 5;
}

function block(head: string, lines: string[], end: string): string[] {
  return [head, ...lines.map((l) => INDENT + l), end];
}

export function onuBlock(fam: Zxa10Family, e: OnuEntry): string[] {
  return block(`interface ${fam.onu(e.pon, e.id)}`, e.iface.ordered(onuRank), fam.blockEnd);
}

export function mngBlock(fam: Zxa10Family, e: OnuEntry): string[] {
  return block(`pon-onu-mng ${fam.onu(e.pon, e.id)}`, e.mng.ordered(mngRank), fam.blockEnd);
}

export function vportBlock(e: OnuEntry, k: number, b: Block): string[] {
  return block(`interface vport-${e.pon}.${e.id}:${k}`, b.ordered(vportRank), '$');
}

/** `interface gpon-olt_…`: port lines, then each ONU's registration and its bindings. */
export function oltBlock(fam: Zxa10Family, p: PonEntry): string[] {
  const lines = p.block.keys().filter((k) => !/^(onu|bind-onu) \d+ /.test(k));
  const body = lines.map((k) => p.block.get(k)!);
  for (const e of [...p.onus.values()].sort((a, b) => a.id - b.id)) {
    body.push(`onu ${e.id} type ${e.type} ${e.auth.kind} ${e.auth.value}`);
    for (const k of p.block.keys())
      if (k.startsWith(`onu ${e.id} `) || k.startsWith(`bind-onu ${e.id} `)) body.push(p.block.get(k)!);
  }
  return block(`interface ${fam.oltPort(p.name)}`, body, fam.blockEnd);
}

const sortedOnus = (cfg: Zxa10Config): OnuEntry[] =>
  [...cfg.pons.values()].flatMap((p) => [...p.onus.values()].sort((a, b) => a.id - b.id));

/** C3xx `show running-config` (section order beyond the live per-interface blocks is NOT RECORDED). */
export function c300RunningConfig(fam: Zxa10Family, cfg: Zxa10Config): string[] {
  const out = ['Building configuration...', '!'];
  const sys = cfg.global.keys().filter((k) => !k.startsWith('igmp mvlan '));
  if (cfg.hostname !== 'ZXAN') out.push(`hostname ${cfg.hostname}`);
  for (const k of sys) out.push(cfg.global.get(k)!);
  if (cfg.gpon.size) out.push(...block('gpon', cfg.gpon.ordered(), '!'));
  if (cfg.pon.size) out.push(...block('pon', cfg.pon.ordered(), '!'));
  for (const [name, b] of cfg.uplinks) out.push(...block(`interface ${name}`, b.ordered(), '!'));
  for (const p of cfg.pons.values()) out.push(...oltBlock(fam, p));
  const onus = sortedOnus(cfg);
  for (const e of onus) out.push(...onuBlock(fam, e));
  for (const e of onus) out.push(...mngBlock(fam, e));
  for (const k of cfg.global.keys().filter((x) => x.startsWith('igmp mvlan '))) out.push(k);
  out.push('!', 'end');
  return out;
}

/** TITAN running-config sections (live C620 layout); `only` selects one (`xpon`, `msan`). */
export function c600RunningConfig(fam: Zxa10Family, cfg: Zxa10Config, only?: 'xpon' | 'msan'): string[] {
  const onus = sortedOnus(cfg);
  const ifIntf = ['!<if-intf>'];
  for (const p of cfg.pons.values()) ifIntf.push(`interface ${fam.oltPort(p.name)}`, '$');
  for (const e of onus) ifIntf.push(`interface ${fam.onu(e.pon, e.id)}`, '$');
  for (const e of onus)
    for (const k of e.vports.keys()) ifIntf.push(`interface vport-${e.pon}.${e.id}:${k}`, '$');
  ifIntf.push('!</if-intf>');
  const xpon = ['!<xpon>'];
  if (cfg.pon.size) xpon.push(...block('pon', cfg.pon.ordered(), '$'));
  for (const p of cfg.pons.values()) if (p.onus.size || p.block.size) xpon.push(...oltBlock(fam, p));
  for (const e of onus) xpon.push(...onuBlock(fam, e));
  if (cfg.gpon.size) xpon.push(...block('gpon', cfg.gpon.ordered(), '$'));
  for (const e of onus) xpon.push(...mngBlock(fam, e));
  xpon.push('!</xpon>');
  const msan = ['!<MSAN>'];
  for (const [name, b] of cfg.uplinks) msan.push(...block(`interface ${name}`, b.ordered(), '$'));
  for (const e of onus) for (const [k, b] of e.vports) msan.push(...vportBlock(e, k, b));
  for (const k of cfg.global.keys()) msan.push(cfg.global.get(k)!);
  for (const [m, b] of cfg.mvlans) msan.push(...block(`igmp mvlan ${m}`, b.ordered(), '$'));
  msan.push('!</MSAN>');
  const head =
    cfg.hostname !== 'ZXAN' ? ['!<system-config>', `hostname ${cfg.hostname}`, '!</system-config>'] : [];
  const parts = only === 'xpon' ? xpon : only === 'msan' ? msan : [...head, ...ifIntf, ...xpon, ...msan];
  return parts.flatMap(wrap80);
}

/** The device's 80-column hard wrap (c600/running-config-c620-two-onus.txt, c300 System Description). */
export function wrap80(line: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < line.length; i += 80) out.push(line.slice(i, i + 80));
  return out.length ? out : [''];
}
