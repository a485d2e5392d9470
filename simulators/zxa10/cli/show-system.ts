/**
 * Optical and chassis `show` commands of the simulated ZXA10: `show pon power attenuation` (live C3xx
 * layout, 2 sources), `show pon power onu-rx|onu-tx` (live C3xx), `show card` (live, both families),
 * `show system-group` (2+ live C3xx) and `show version` (layout NOT RECORDED publicly: the
 * system-group block, the closest documented one). TITAN optical layouts are NOT RECORDED: the C3xx
 * ones are used with TITAN names.
 */
import { opticalLevels } from '../optics.ts';
import type { CmdCtx, Reply } from './context.ts';
import { paramError } from './context.ts';
import { parseIfName } from './handlers.ts';
import { entryArg, ontOf } from './show-onu.ts';
import { wrap80 } from '../config/render.ts';

const pad = (s: string, n: number) => (s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length));
const dbm = (v: number | null) => (v === null ? 'N/A' : `${v.toFixed(3)}(dbm)`);
const db = (v: number | null) => (v === null ? 'N/A' : `${v.toFixed(3)}(dB)`);

export function powerAttenuation(c: CmdCtx): Reply {
  const e = entryArg(c);
  if (!('id' in e)) return e;
  const o = opticalLevels(c.olt, ontOf(c, e), c.now);
  const up = o.oltRx === null || o.onuTx === null ? null : o.onuTx - o.oltRx;
  const down = o.onuRx === null ? null : o.oltTx - o.onuRx;
  // c300/show-pon-power-attenuation-c320-v2.1.0.txt (live): trailing 5 spaces, blank line is one space
  return {
    lines: [
      '           OLT                  ONU              Attenuation',
      '-'.repeat(74),
      ` up      Rx :${pad(dbm(o.oltRx), 18)}Tx:${pad(dbm(o.onuTx), 18)}${pad(db(up), 15)}`,
      ' ',
      ` down    Tx :${pad(dbm(o.oltTx), 18)}Rx:${pad(dbm(o.onuRx), 18)}${pad(db(down), 15)}`,
    ],
  };
}

/** `show pon power onu-rx|onu-tx <port>` (c300/show-pon-power-onu-rx-onu-tx-c3xx.txt, live). */
export function powerOnus(c: CmdCtx, what: 'rx' | 'tx'): Reply {
  const { pon } = parseIfName(c.args.port);
  const p = c.cfg.pons.get(pon);
  if (!p) return paramError(c, 'port');
  const rows: string[] = [];
  for (const e of [...p.onus.values()].sort((a, b) => a.id - b.id)) {
    const o = opticalLevels(c.olt, ontOf(c, e), c.now);
    rows.push(pad(c.fam.onu(pon, e.id), 20) + dbm(what === 'rx' ? o.onuRx : o.onuTx));
  }
  if (!rows.length) return { lines: [c.fam.errors.noInformation] };
  return { lines: [`Onu                 ${what === 'rx' ? 'Rx' : 'Tx'} power`, '-'.repeat(36), ...rows] };
}

function slots(c: CmdCtx): number[] {
  return [...new Set([...c.cfg.pons.keys()].map((p) => Number(p.split('/')[1])))].sort((a, b) => a - b);
}

export function showCard(c: CmdCtx): Reply {
  if (c.fam.id === 'c300') {
    // c300/show-card-c320-v2.1.0.txt (live): GPON cards GTGH/GTGHG, control card SCXN
    const row = (slot: number, cfg: string, real: string, port: number, status: string) =>
      `${pad('1', 5)}${pad('1', 6)}${pad(String(slot), 5)}${pad(cfg, 8)}${pad(real, 9)}${pad(String(port), 6)}${pad('V1.0.0', 8)}${pad('V2.1.0', 16)}${status}`;
    const used = slots(c);
    const rows = used.map((s) => row(s, 'GTGH', 'GTGHG', 16, 'INSERVICE'));
    if (!used.includes(10)) rows.push(row(10, 'SCXN', 'SCXN', 0, 'INSERVICE'));
    return {
      lines: [
        'Rack Shelf Slot CfgType RealType Port  HardVer SoftVer         Status',
        '-'.repeat(79),
        ...rows,
      ],
    };
  }
  // c600/show-card-c600-v1.2.2.txt (live; printed without a rule under the header)
  const row = (slot: number, cfg: string, name: string, port: number) =>
    `${pad('1', 5)}${pad(String(slot).padStart(2), 6)}${pad(cfg, 7)}${pad(name, 16)}${pad(String(port), 5)}${pad('V1.8.0', 8)}INSERVICE`;
  const rows = slots(c).map((s) => row(s, 'GFGL', 'GFGL', 16));
  return { lines: ['Shelf Slot CfgType CardName        Port HardVer Status', ...rows] };
}

function uptime(ms: number): string {
  const m = Math.floor(ms / 60000);
  return `${Math.floor(m / 1440)} days, ${Math.floor((m % 1440) / 60)} hours, ${m % 60} minutes`;
}

/** `show system-group` (c300/session-login-system-group-c320-v2.1.0.txt, NSO README: 2+ live). */
export function systemGroup(c: CmdCtx, startedAt: number): Reply {
  return {
    lines: [
      `System Description: ${c.fam.sysDescr}`,
      `System ObjectId: .${c.fam.sysObjectID}`,
      `Started before: ${uptime(c.now - startedAt)}`,
      'Contact with: noc@ponctl.lab',
      `System name:  ${c.cfg.hostname}`,
      'Location: ponctl lab',
      'This system primarily offers a set of 78 services',
    ].flatMap(wrap80),
  };
}
