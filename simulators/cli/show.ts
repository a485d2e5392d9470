/**
 * `show …` commands of the simulated ZXA10 CLI: what the OLT reports about its configuration and
 * about the physical ONTs (simulators/core/topology.ts), in the column layout of the ZXA10 family.
 * Each returns output lines, or an error for the shell to print.
 */
import type { SimOlt, SimOnt } from '../core/topology.ts';
import {
  formatName,
  parseName,
  tokenize,
  type CliDialect,
} from '../../src/adapters/driven/olt/zxa10-cli/dialect.ts';
import type { CliError } from '../../src/adapters/driven/olt/zxa10-cli/running-config-apply.ts';
import {
  renderOnuRunningConfig,
  renderRunningConfig,
} from '../../src/adapters/driven/olt/zxa10-cli/running-config.ts';

export type ShowResult = { lines: string[] } | { error: CliError };

/** Fixed launch power of the simulated OLT's PON optics (dBm). */
const OLT_TX_DBM = 5;

const pad = (s: string, n: number) => (s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length));
const dbm = (v: number | null) => (v === null ? 'N/A' : `${v.toFixed(3)}(dbm)`);

function textLines(text: string): string[] {
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

/** The physical ONT answering to an authorised serial on that PON, if any. */
function physicalOnt(olt: SimOlt, pon: string, serial: string): SimOnt | undefined {
  const ont = olt.ontBySerial(serial);
  return ont && ont.pon === pon ? ont : undefined;
}

function runningConfig(olt: SimOlt, d: CliDialect, args: string[], caretBase: number): ShowResult {
  const cfg = olt.config.running;
  if (args.length === 0)
    return { lines: ['Building configuration...', ...textLines(renderRunningConfig(cfg, d))] };
  if (args[0] !== 'interface' || args.length !== 2)
    return { error: { kind: 'invalid-input', caretAt: caretBase } };
  const name = args[1];
  const onu = parseName(d.naming.onu, name);
  if (onu) {
    const text = renderOnuRunningConfig(cfg, d, onu.pon, onu.onuId!);
    return text
      ? { lines: ['Building configuration...', ...textLines(text)] }
      : { error: { kind: 'not-found', detail: `ONU ${name}` } };
  }
  const port = parseName(d.naming.oltPort, name);
  if (port && olt.pon(port.pon)) {
    const ct = cfg.channelTerminations.find((c) => c.name === port.pon);
    const one = { trafficProfiles: [], channelTerminations: [{ name: port.pon, onus: ct?.onus ?? [] }] };
    // only the port's own section (its `onu N type T sn S` lines)
    const all = textLines(renderRunningConfig(one, d));
    const end = all.indexOf('!');
    return { lines: ['Building configuration...', ...all.slice(0, end + 1), 'end'] };
  }
  return { error: { kind: 'not-found', detail: `Interface ${name}` } };
}

function portFilter(
  olt: SimOlt,
  d: CliDialect,
  arg: string | undefined,
): { pons: string[] } | { error: CliError } {
  if (arg === undefined) return { pons: olt.pons.map((p) => p.name) };
  const p = parseName(d.naming.oltPort, arg);
  if (!p || !olt.pon(p.pon)) return { error: { kind: 'not-found', detail: `Interface ${arg}` } };
  return { pons: [p.pon] };
}

function onuUncfg(olt: SimOlt, d: CliDialect, arg: string | undefined): ShowResult {
  const f = portFilter(olt, d, arg);
  if ('error' in f) return f;
  const rows: string[] = [];
  const now = Date.now();
  for (const name of f.pons) {
    const pon = olt.pon(name)!;
    let slot = 1;
    for (const ont of pon.onts) {
      // an ONT the OLT sees ranging (light both ways) but whose serial no `onu … sn …` authorises
      if (olt.isAuthorised(ont) || olt.phaseOf(ont, now) !== 'working') continue;
      rows.push(
        `${pad(formatName(d.naming.onu, { pon: name, onuId: slot++ }), 25)}${pad(ont.serial, 20)}unknown`,
      );
    }
  }
  if (!rows.length) return { lines: ['No related information to show.'] };
  return { lines: [`${pad('OnuIndex', 25)}${pad('Sn', 20)}State`, '-'.repeat(69), ...rows] };
}

function onuState(olt: SimOlt, d: CliDialect, arg: string | undefined): ShowResult {
  const f = portFilter(olt, d, arg);
  if ('error' in f) return f;
  const now = Date.now();
  const rows: string[] = [];
  let working = 0;
  let total = 0;
  for (const name of f.pons) {
    const ct = olt.config.running.channelTerminations.find((c) => c.name === name);
    for (const onu of ct?.onus ?? []) {
      const ont = physicalOnt(olt, name, onu.expectedSerial);
      const phase = ont ? olt.phaseOf(ont, now) : 'offline';
      total++;
      if (phase === 'working') working++;
      rows.push(
        `${pad(`${name}:${onu.onuId}`, 13)}${pad('enable', 13)}${pad(phase === 'working' ? 'enable' : 'disable', 12)}${pad(d.phaseNames[phase] ?? phase, 13)}1(GPON)`,
      );
    }
  }
  if (!rows.length) return { lines: ['No related information to show.'] };
  return {
    lines: [
      `${pad('OnuIndex', 13)}${pad('Admin State', 13)}${pad('OMCC State', 12)}${pad('Phase State', 13)}Channel`,
      '-'.repeat(64),
      ...rows,
      `ONU Number: ${working}/${total}`,
    ],
  };
}

function powerAttenuation(olt: SimOlt, d: CliDialect, arg: string | undefined): ShowResult {
  const n = arg === undefined ? undefined : parseName(d.naming.onu, arg);
  if (!n)
    return { error: { kind: arg === undefined ? 'incomplete' : 'not-found', detail: `ONU ${arg ?? ''}` } };
  const onu = olt.config.findOnu(n.pon, n.onuId!);
  if (!onu) return { error: { kind: 'not-found', detail: `ONU ${arg}` } };
  const ont = physicalOnt(olt, n.pon, onu.expectedSerial);
  const now = Date.now();
  const onuRx = ont ? olt.rxPowerDbm(ont, now) : null;
  const onuTx = ont ? olt.txPowerDbm(ont, now) : null;
  const downLoss = onuRx === null ? null : OLT_TX_DBM - onuRx;
  // upstream (1310 nm) loses ~0.5 dB more than downstream (1490 nm) on the same fibre
  const oltRx =
    onuTx === null || downLoss === null ? null : Math.round((onuTx - downLoss - 0.5) * 1000) / 1000;
  const att = (v: number | null) => (v === null ? 'N/A' : `${v.toFixed(3)}(dB)`);
  return {
    lines: [
      `${' '.repeat(11)}OLT${' '.repeat(18)}ONU${' '.repeat(14)}Attenuation`,
      '-'.repeat(74),
      ` up      Rx :${pad(dbm(oltRx), 16)}Tx:${pad(dbm(onuTx), 17)}${att(oltRx === null || onuTx === null ? null : onuTx - oltRx)}`,
      '',
      ` down    Tx :${pad(dbm(OLT_TX_DBM), 16)}Rx:${pad(dbm(onuRx), 17)}${att(downLoss)}`,
    ],
  };
}

/**
 * Run a `show …` line. Returns undefined when the line is not a show command. `caretBase` is the
 * column of the line's first word (for the `^` marker).
 */
export function runShow(olt: SimOlt, d: CliDialect, line: string): ShowResult | undefined {
  const tokens = tokenize(line);
  if (tokens[0]?.word !== 'show') return undefined;
  const w = tokens.map((t) => t.word);
  const at = (i: number) => tokens[Math.min(i, tokens.length - 1)].at;
  if (w[1] === 'running-config') return runningConfig(olt, d, w.slice(2), at(2));
  if (w[1] === 'gpon' && w[2] === 'onu' && w[3] === 'uncfg' && w.length <= 5) return onuUncfg(olt, d, w[4]);
  if (w[1] === 'gpon' && w[2] === 'onu' && w[3] === 'state' && w.length <= 5) return onuState(olt, d, w[4]);
  if (w[1] === 'pon' && w[2] === 'power' && w[3] === 'attenuation' && w.length <= 5)
    return powerAttenuation(olt, d, w[4]);
  if (w.length === 1) return { error: { kind: 'incomplete' } };
  let k = 1;
  if (w[1] === 'gpon' || w[1] === 'pon') k = w[2] === 'onu' || w[2] === 'power' ? 3 : 2;
  return { error: { kind: 'invalid-input', caretAt: at(k) } };
}
