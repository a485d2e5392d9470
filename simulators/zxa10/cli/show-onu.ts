/**
 * ONU listings of the simulated ZXA10 with the recorded column layouts [dialect §4]: `show gpon onu
 * state` (C3xx V2.1 header + `ONU Number:` footer; TITAN lower-case header + Speed mode), unconfigured
 * ONUs (`show gpon onu uncfg` / TITAN `show pon onu uncfg`), `show gpon onu detail-info`, and
 * `show gpon onu by sn` (layout NOT RECORDED publicly: the one line onmt looks for is given).
 * State comes from the physical model (SimOlt), configuration from the simulator's own model.
 */
import type { OntPhase, SimOnt } from '../../core/topology.ts';
import type { OnuEntry } from '../config/model.ts';
import { ifaceText } from '../config/views.ts';
import { deviceTime } from '../history.ts';
import { CODE, lineError, paramError, type CmdCtx, type Reply } from './context.ts';
import { parseIfName } from './handlers.ts';

const pad = (s: string, n: number) => (s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length));

/** CLI phase words (2+ live on both families). `auth-failed` wording is NOT RECORDED. */
const PHASE_WORD: Record<OntPhase, string> = {
  working: 'working',
  los: 'LOS',
  'dying-gasp': 'DyingGasp',
  offline: 'OffLine',
  'auth-failed': 'AuthFailed',
  syncing: 'syncMib',
};

/** The physical ONT an ONU entry stands for: the one with its serial, on its PON. */
export function ontOf(c: CmdCtx, e: OnuEntry): SimOnt | undefined {
  if (e.auth.kind !== 'sn') return undefined;
  const ont = c.olt.ontBySerial(e.auth.value);
  return ont && ont.pon === e.pon ? ont : undefined;
}

export function phaseOf(c: CmdCtx, e: OnuEntry): OntPhase {
  const ont = ontOf(c, e);
  return ont ? c.olt.phaseOf(ont, c.now) : 'offline';
}

/** PONs named by an optional `gpon-olt_…` argument (all when absent). */
function ponsOf(c: CmdCtx, arg: string): string[] | Reply {
  const v = c.args[arg];
  if (v === undefined) return [...c.cfg.pons.keys()];
  const { pon } = parseIfName(v);
  return c.cfg.pons.has(pon) ? [pon] : paramError(c, arg);
}

export function onuState(c: CmdCtx): Reply {
  const pons = ponsOf(c, 'port');
  if (!Array.isArray(pons)) return pons;
  const only = c.args.id === undefined ? undefined : Number(c.args.id);
  const rows: string[] = [];
  let working = 0;
  for (const pon of pons)
    for (const e of [...c.cfg.pons.get(pon)!.onus.values()].sort((a, b) => a.id - b.id)) {
      if (only !== undefined && e.id !== only) continue;
      const phase = phaseOf(c, e);
      if (phase === 'working') working++;
      const omcc = phase === 'working' ? 'enable' : 'disable';
      if (c.fam.id === 'c300')
        rows.push(
          `${pad(`${pon}:${e.id}`, 12)}${pad('enable', 13)}${pad(omcc, 12)}${pad(PHASE_WORD[phase], 13)}1(GPON)`,
        );
      else
        rows.push(
          `${pad(`${pon}:${e.id}`, 13)}${pad('enable', 13)}${pad(omcc, 12)}${pad(PHASE_WORD[phase], 13)}GPON`,
        );
    }
  if (!rows.length) return { lines: [c.fam.errors.noInformation] };
  if (c.fam.id === 'c300')
    // c300/show-gpon-onu-state-c300-paging.txt + show-gpon-onu-state-onu-number-footer.txt (live)
    return {
      lines: [
        'OnuIndex   Admin State  OMCC State  Phase State  Channel',
        '-'.repeat(62),
        ...rows,
        `ONU Number: ${working}/${rows.length}`,
      ],
    };
  // c600/banner-and-show-gpon-onu-state-c600.txt (live); no footer recorded on TITAN
  return {
    lines: ['OnuIndex     Admin state  OMCC state  Phase state  Speed mode', '-'.repeat(65), ...rows],
  };
}

/** Physical ONTs ranging on a PON whose serial is not authorised. */
function unconfigured(c: CmdCtx, pon: string): SimOnt[] {
  const p = c.olt.pon(pon);
  if (!p) return [];
  return p.onts.filter((o) => !c.cfg.onuBySerial(o.serial) && c.olt.phaseOf(o, c.now) === 'working');
}

export function onuUncfg(c: CmdCtx): Reply {
  let pons = [...c.cfg.pons.keys()];
  const v = c.args.port;
  if (v !== undefined) {
    // `show gpon onu uncfg gpon-olt_1/S` (a slot) or a port (boss-app help)
    const slot = /_(\d+\/\d+)$/.exec(v)?.[1];
    pons = slot ? pons.filter((p) => p.startsWith(slot + '/')) : pons.filter((p) => p === parseIfName(v).pon);
    if (!pons.length) return paramError(c, 'port');
  }
  const rows: string[] = [];
  for (const pon of pons)
    unconfigured(c, pon).forEach((o, k) => {
      if (c.fam.id === 'c300') rows.push(`${pad(`gpon-onu_${pon}:${k + 1}`, 25)}${pad(o.serial, 20)}unknown`);
      else rows.push(`${pad(c.fam.oltPort(pon), 20)}${pad(o.model, 21)}${pad(o.serial, 19)}N/A`);
    });
  if (!rows.length) return { lines: [c.fam.errors.noInformation] };
  if (c.fam.id === 'c300')
    // c300/show-gpon-onu-uncfg-c320.txt (live, 2+)
    return { lines: ['OnuIndex                 Sn                  State', '-'.repeat(69), ...rows] };
  // c600/show-pon-onu-uncfg-c600.txt (live, 2+)
  return {
    lines: ['OltIndex            Model                SN                 PW', '-'.repeat(77), ...rows],
  };
}

/** The ONU entry an ONU-name argument names, or the family's answer for a missing one. */
export function entryArg(c: CmdCtx, arg = 'onu'): OnuEntry | Reply {
  const { pon, onuId } = parseIfName(c.args[arg]);
  if (!c.cfg.pons.has(pon)) return paramError(c, arg);
  const e = c.cfg.onu(pon, onuId!);
  // C3xx answer for a missing ONU (live, `no onu N`); TITAN's is NOT RECORDED: invalid parameter
  if (!e) return c.fam.id === 'c300' ? lineError(CODE.onuMissing) : paramError(c, arg);
  return e;
}

function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m ${s % 60}s`;
}

/** `show gpon onu detail-info`: keys padded to column 23 (C3xx) / 24 (TITAN), 42-dash rule, history. */
export function onuDetail(c: CmdCtx): Reply {
  const e = entryArg(c);
  if (!('id' in e)) return e;
  const ont = ontOf(c, e);
  const phase = phaseOf(c, e);
  const working = phase === 'working';
  const serial = e.auth.kind === 'sn' ? e.auth.value : '';
  const hist = ont ? c.history.of(ont.serial) : [];
  const distance = `${1000 + ((e.id * 137) % 9000)}m`;
  const online = working && hist[0] ? duration(c.now - hist[0].authpass) : '0h 0m 0s';
  const c3 = c.fam.id === 'c300';
  // an empty value is printed without padding (both live captures: "  Password:")
  const kv = (k: string, v: string) => {
    const key = `  ${k}:`;
    return v === '' || key.length >= (c3 ? 23 : 24) ? key + v : pad(key, c3 ? 23 : 24) + v;
  };
  const head = (c3 ? pad('ONU interface:', 23) : pad('ONU interface:', 24)) + c.fam.onu(e.pon, e.id);
  const lines = c3
    ? // c300/show-gpon-onu-detail-info-c3xx.txt (live) with V2.1's "Config state" (show-…-c320-v2.1.0.txt)
      [
        head,
        kv('Name', ifaceText(e, 'name')),
        kv('Type', e.type),
        kv('State', 'ready'),
        kv('Admin state', 'enable'),
        kv('Phase state', PHASE_WORD[phase]),
        kv('Config state', 'success'),
        kv('Authentication mode', e.auth.kind),
        kv('SN Bind', e.iface.get('sn-bind') === 'sn-bind disable' ? 'disable' : 'enable with SN check'),
        kv('Serial number', serial),
        kv('Password', e.auth.kind === 'pw' ? e.auth.value : ''),
        kv('Device ID', ''),
        kv(
          'Description',
          ifaceText(e, 'description') || `ONU-${parseIfName(e.pon).pon.split('/')[1]}:${e.id}`,
        ),
        kv('Vport mode', 'gemport'),
        kv('DBA Mode', 'Hybrid'),
        kv('ONU Status', 'enable'),
        kv('OMCI BW Profile', 'enable'),
        kv('Line Profile', 'N/A'),
        kv('Service Profile', 'N/A'),
        kv('Alarm Profile', 'N/A'),
        kv('Performance Profile', 'N/A'),
        kv('ONU Distance', working ? distance : 'N/A'),
        kv('Online Duration', online),
        kv('FEC', 'none'),
        kv('1PPS+ToD', 'disable'),
      ]
    : // c600/show-gpon-onu-detail-info-c600-dyinggasp.txt (live): Name/Description censored
      [
        head,
        kv('Name', '********'),
        kv('Splitter', ''),
        kv('Type', e.type),
        kv('Configured speed mode', 'auto'),
        kv('Current speed mode', working ? 'GPON' : 'N/A'),
        kv('Admin state', 'enable'),
        kv('Phase state', PHASE_WORD[phase]),
        kv('Config state', working ? 'success' : 'fail'),
        kv('Authentication mode', e.auth.kind),
        kv('SN Bind', 'enable with SN check'),
        kv('Serial number', serial),
        kv('Password', e.auth.kind === 'pw' ? e.auth.value : ''),
        kv('Description', '********'),
        kv('Vport mode', e.iface.has('vport-mode') ? 'manual' : 'gemport'),
        kv('DBA Mode', 'Hybrid'),
        kv('ONU Status', 'enable'),
        kv('OMCI BW Profile', '704kbps'),
        kv('OMCC Encrypt', 'disable'),
        kv('Line Profile', 'N/A'),
        kv('Service Profile', 'N/A'),
        kv('ONU Distance', working ? distance : 'N/A'),
        kv('Online Duration', online),
        kv('FEC', e.iface.has('fec') ? 'enable' : 'disable'),
        kv('FEC actual mode', 'disable'),
        kv('1PPS+ToD', 'disable'),
        kv('Auto replace', 'disable'),
        kv('Multicast encryption', 'disable'),
        kv('Multicast encryption current state', 'N/A'),
      ];
  lines.push('-'.repeat(42), '       Authpass Time          OfflineTime             Cause');
  // C3xx lists 10 rows (empty ones zeroed); TITAN the used rows and one empty
  const n = c3 ? 10 : Math.min(10, hist.length + 1);
  for (let i = 0; i < n; i++) {
    const r = hist[i];
    const row = `${String(i + 1).padStart(4)}   ${deviceTime(r?.authpass)}    ${deviceTime(r?.offline)}`;
    lines.push(r?.cause ? `${row}     ${r.cause}` : row);
  }
  return { lines };
}

/** `show gpon onu by sn S` — layout NOT RECORDED publicly (onmt: reply has `SearchResult` and the ONU name). */
export function onuBySn(c: CmdCtx): Reply {
  const e = c.cfg.onuBySerial(c.args.sn);
  if (!e) return { lines: [c.fam.errors.noInformation] };
  return { lines: [c.fam.id === 'c300' ? 'Search result' : 'SearchResult', c.fam.onu(e.pon, e.id)] };
}
