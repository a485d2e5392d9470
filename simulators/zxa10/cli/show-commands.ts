/**
 * The `show` commands of each family, in every mode (live sessions show them typed at `(config)#`
 * and `(gpon-onu-mng)#` too). Running-config reads: C3xx `show running-config [interface X]` and
 * `show onu running config gpon-onu_…` (live); TITAN `show running-config [xpon|msan]`,
 * `show running-config-interface X` and `show this` (c600/cli-notes-c600-v1.2.2.md, onmt), where the
 * C3xx forms fail with 140303 / 140301 as recorded.
 */
import type { Grammar } from './grammar.ts';
import { lineError, paramError, type CmdCtx, type Handler, type Reply } from './context.ts';
import { entryOf, parseIfName } from './handlers.ts';
import { entryArg, onuBySn, onuDetail, onuState, onuUncfg } from './show-onu.ts';
import { powerAttenuation, powerOnus, showCard, systemGroup } from './show-system.ts';
import {
  c300RunningConfig,
  c600RunningConfig,
  mngBlock,
  oltBlock,
  onuBlock,
  vportBlock,
  wrap80,
} from '../config/render.ts';
import type { FamilyId } from '../family.ts';

/** C3xx `show running-config interface X`: "Building configuration...", "!", the block, "end" (live). */
const c300Interface: Handler = (c) => {
  const name = c.args.ifname;
  const { pon, onuId } = parseIfName(name);
  const p = c.cfg.pons.get(pon);
  if (name.startsWith('gpon-olt_')) {
    if (!p) return paramError(c, 'ifname');
    return { lines: ['Building configuration...', '!', ...oltBlock(c.fam, p).slice(0, -1), '!', 'end'] };
  }
  if (name.startsWith('gpon-onu_')) {
    const e = entryArg(c, 'ifname');
    if (!('id' in e)) return e;
    void onuId;
    return { lines: ['Building configuration...', '!', ...onuBlock(c.fam, e), 'end'] };
  }
  const b = c.cfg.uplinks.get(name);
  // c300/session-nso-ned-live-status-c320.txt: an uplink block has no `!` after the first line
  return {
    lines: [
      'Building configuration...',
      `interface ${name}`,
      ...(b?.ordered() ?? []).map((l) => `  ${l}`),
      '!',
      'end',
    ],
  };
};

const c300OnuRunning: Handler = (c) => {
  const e = entryArg(c, 'ifname');
  if (!('id' in e)) return e;
  return { lines: mngBlock(c.fam, e) };
};

/** TITAN `show running-config-interface X`: gpon_onu gives its interface and pon-onu-mng blocks (onmt). */
const c600Interface: Handler = (c) => {
  const name = c.args.ifname;
  const { pon, onuId, vport } = parseIfName(name);
  if (name.startsWith('gpon_olt-')) {
    const p = c.cfg.pons.get(pon);
    return p ? { lines: oltBlock(c.fam, p).flatMap(wrap80) } : paramError(c, 'ifname');
  }
  const e = c.cfg.onu(pon, onuId!);
  if (!e) return paramError(c, 'ifname');
  if (name.startsWith('vport-')) {
    const b = e.vports.get(vport!);
    return b ? { lines: vportBlock(e, vport!, b).flatMap(wrap80) } : paramError(c, 'ifname');
  }
  return { lines: [...onuBlock(c.fam, e), ...mngBlock(c.fam, e)].flatMap(wrap80) };
};

/** TITAN `show this`: the current object's block (layout NOT RECORDED beyond "the object's config"). */
const showThis: Handler = (c) => {
  const m = c.mode;
  const e = entryOf(c);
  let lines: string[];
  if (m.kind === 'olt') lines = oltBlock(c.fam, c.cfg.pons.get(m.pon)!);
  else if (m.kind === 'onu') lines = onuBlock(c.fam, e!);
  else if (m.kind === 'mng') lines = mngBlock(c.fam, e!);
  else if (m.kind === 'vport') lines = vportBlock(e!, m.vport, c.cfg.vport(e!, m.vport));
  else return { error: { kind: 'invalid', at: c.argAt.this ?? 5 } };
  return { lines: lines.flatMap(wrap80) };
};

export function addShowCommands(g: Grammar<Handler>, fam: FamilyId, startedAt: number): void {
  const system: Handler = (c) => systemGroup(c, startedAt);
  g.add('show system-group', system);
  // `show version`: layout NOT RECORDED publicly (dialect §4.6) — the system-group block instead
  g.add('show version', system);
  g.add('show card', showCard);
  // c300/show-mac-gpon-onu-c3xx.txt (live); the lab's ONTs learn no MACs
  g.add(`show mac gpon onu <${fam === 'c300' ? 'C300_ONU' : 'C600_ONU'}:onu>`, (c) => {
    const e = entryArg(c);
    if (!('id' in e)) return e;
    return {
      lines: [
        'Total mac address : 0',
        '',
        'Mac address      Vlan   Type      Port                         Vc',
        '-'.repeat(72),
      ],
    };
  });
  g.add(
    'show gpon onu detail-info <{ONU}:onu>'.replace('{ONU}', fam === 'c300' ? 'C300_ONU' : 'C600_ONU'),
    onuDetail,
  );
  g.add('show gpon onu by sn <SN:sn>', onuBySn);
  const olt = fam === 'c300' ? 'C300_OLT' : 'C600_OLT';
  const onu = fam === 'c300' ? 'C300_ONU' : 'C600_ONU';
  g.add(`show gpon onu state [<${olt}:port> [<1-128:id>]]`, onuState);
  g.add(`show pon power attenuation <${onu}:onu>`, powerAttenuation);
  g.add(`show pon power onu-rx <${olt}:port>`, (c) => powerOnus(c, 'rx'));
  g.add(`show pon power onu-tx <${olt}:port>`, (c) => powerOnus(c, 'tx'));
  if (fam === 'c300') {
    g.add('show gpon onu uncfg [<C300_OLT_SLOT:port>]', onuUncfg);
    g.add('show running-config', (c) => ({ lines: c300RunningConfig(c.fam, c.cfg) }));
    g.add('show running-config interface <C300_OLT:ifname>', c300Interface);
    g.add('show running-config interface <C300_ONU:ifname>', c300Interface);
    g.add('show running-config interface <UPLINK:ifname>', c300Interface);
    g.add('show onu running config <C300_ONU:ifname>', c300OnuRunning);
  } else {
    g.add('show pon onu uncfg [<C600_OLT:port>]', onuUncfg);
    g.add('show running-config', (c) => ({ lines: c600RunningConfig(c.fam, c.cfg) }));
    g.add('show running-config xpon', (c) => ({ lines: c600RunningConfig(c.fam, c.cfg, 'xpon') }));
    g.add('show running-config msan', (c) => ({ lines: c600RunningConfig(c.fam, c.cfg, 'msan') }));
    g.add('show running-config-interface <C600_OLT:ifname>', c600Interface);
    g.add('show running-config-interface <C600_ONU:ifname>', c600Interface);
    g.add('show running-config-interface <C600_VPORT:ifname>', c600Interface);
    g.add('show this', showThis);
    // cli-notes-c600-v1.2.2.md (live): the C3xx form is answered "%Error 140301 Ambiguous" at `onu`
    g.add('show onu <LINE:rest>', (c: CmdCtx): Reply => ({
      error: { kind: 'ambiguous', at: c.argAt.rest - 4 },
    }));
    void lineError;
  }
}
