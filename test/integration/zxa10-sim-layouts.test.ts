/**
 * Proofs (b) and (c) of issue 18 item 4: the simulator's `show` replies have the recorded layouts —
 * header lines and rules byte-identical to the fixtures, data rows with the recorded column starts,
 * footers as recorded — and its error lines for the recorded error cases are byte-identical.
 * The expected text is read from test/fixtures/zxa10 at run time, never from the simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureBody, startZxa10Sim, zxa10Client, type Zxa10Sim } from '../helpers/zxa10-sim.ts';
import type { CliClient } from '../helpers/cli-sim.ts';

let sim: Zxa10Sim | undefined;
let c: CliClient | undefined;
afterEach(async () => {
  c?.close();
  await sim?.close();
  sim = c = undefined;
});

const body = (out: string) => out.replace(/\r/g, '').split('\n').slice(1, -1);
/** Column starts of the words of a row (multi-space separated). */
const starts = (row: string) =>
  [...row.matchAll(/(?:^|\s{2,}|(?<=\S) (?=\S+$))(\S)/g)].map((m) => m.index! + m[0].length - 1);
const fx = (rel: string) => fixtureBody(rel).replace(/\r/g, '').split('\n');

async function c300(): Promise<void> {
  sim = await startZxa10Sim('zxa10-c300', { pons: 2, onts: 4 });
  c = (await zxa10Client(sim)).c;
  const sn = (n: number) => sim!.olt.ont('1/1/1', n)!.serial;
  for (const l of [
    'configure terminal',
    'interface gpon-olt_1/1/1',
    `onu 1 type F609 sn ${sn(1)}`,
    `onu 2 type F609 sn ${sn(2)}`,
    'end',
  ])
    await c.cmd(l);
  sim.olt.ont('1/1/1', 2)!.powered = false;
  sim.olt.refresh();
}

describe('(b) show layouts as recorded', () => {
  it('C300 show gpon onu state: header, 62-dash rule, row columns, ONU Number footer', async () => {
    await c300();
    const out = body(await c!.cmd('show gpon onu state'));
    const rec = fx('c300/show-gpon-onu-state-onu-number-footer.txt');
    expect(out.slice(0, 2)).toEqual(rec.slice(0, 2));
    expect(starts(out[2])).toEqual(starts(rec[2]));
    expect(out[3]).toMatch(/^1\/1\/1:2\s+enable\s+disable\s+DyingGasp\s+1\(GPON\)$/);
    expect(out.at(-1)).toBe('ONU Number: 1/2');
  });

  it('C300 uncfg, attenuation, onu-rx, detail-info keys', async () => {
    await c300();
    const unc = body(await c!.cmd('show gpon onu uncfg'));
    const recU = fx('c300/show-gpon-onu-uncfg-c320.txt').filter((l) => /^(OnuIndex|---|gpon-onu)/.test(l));
    expect(unc.slice(0, 2)).toEqual(recU.slice(0, 2));
    expect(starts(unc[2])).toEqual(starts(recU[2]));
    const att = body(await c!.cmd('show pon power attenuation gpon-onu_1/1/1:1'));
    const recA = fx('c300/show-pon-power-attenuation-c320-v2.1.0.txt');
    expect(att.slice(0, 2)).toEqual(recA.slice(0, 2));
    expect(att[3]).toBe(recA[3]);
    for (const i of [2, 4]) expect(starts(att[i])).toEqual(starts(recA[i]));
    const rx = body(await c!.cmd('show pon power onu-rx gpon-olt_1/1/1'));
    const recR = fx('c300/show-pon-power-onu-rx-onu-tx-c3xx.txt');
    expect(rx.slice(0, 2)).toEqual(recR.slice(1, 3));
    expect(starts(rx[2])).toEqual(starts(recR[3]));
    expect(rx[3]).toMatch(/^gpon-onu_1\/1\/1:2\s+N\/A$/);
    const det = body(await c!.cmd('show gpon onu detail-info gpon-onu_1/1/1:1'));
    const recD = fx('c300/show-gpon-onu-detail-info-c3xx.txt').slice(1);
    const keys = (ls: string[]) =>
      ls.filter((l) => /^ {0,2}\S[^:]*:/.test(l)).map((l) => l.replace(/:.*/, ':').trim());
    // every recorded key, in the recorded order, with V2.1's `Config state` (raf-bot, live) added
    expect(keys(det).filter((k) => k !== 'Config state:')).toEqual(keys(recD));
    for (const l of det.filter((x) => /^ {2}\S[^:]*: +\S/.test(x)).slice(0, 5))
      expect(l.search(/\S+$/)).toBe(23);
    // the 42-dash rule and the history header, then 10 rows
    const rule = recD.indexOf('-'.repeat(42));
    expect(det.slice(det.indexOf('-'.repeat(42)), det.indexOf('-'.repeat(42)) + 2)).toEqual(
      recD.slice(rule, rule + 2),
    );
    expect(det.length - det.indexOf('-'.repeat(42)) - 2).toBe(10);
    const card = body(await c!.cmd('show card'));
    expect(card.slice(0, 2)).toEqual(fx('c300/show-card-c320-v2.1.0.txt').slice(0, 2));
  });

  it('C600 show gpon onu state and show pon onu uncfg headers and columns', async () => {
    sim = await startZxa10Sim('zxa10-c600', { pons: 1, onts: 4 });
    c = (await zxa10Client(sim)).c;
    const unc = body(await c.cmd('show pon onu uncfg'));
    const recU = fx('c600/show-pon-onu-uncfg-c600.txt');
    expect(unc.slice(0, 2)).toEqual(recU.slice(1, 3));
    expect(starts(unc[2]).slice(0, 3)).toEqual(starts(recU[3]).slice(0, 3));
    for (const l of [
      'configure terminal',
      'interface gpon_olt-1/1/1',
      `onu 1 type F601 sn ${sim.olt.ont('1/1/1', 1)!.serial}`,
      'end',
    ])
      await c.cmd(l);
    const st = body(await c.cmd('show gpon onu state'));
    const recS = fx('c600/banner-and-show-gpon-onu-state-c600.txt');
    expect(st).toEqual([recS[5], recS[6], recS[7]]);
  });
});

describe('(c) recorded error lines, byte for byte', () => {
  it('C300: caret + 20200, 20203, %Code 32310, %Code 62391, %Info 20272', async () => {
    await c300();
    const rec = fx('errors/c320-error-20200-20203-and-codes.txt');
    const bad = body(await c!.cmd('show gpon onuu state'));
    expect(bad[1]).toBe(rec[1]);
    expect(bad[0]).toMatch(/^ +\^$/);
    expect(bad[0].length - 1).toBe('ZXAN#show gpon '.length);
    expect(body(await c!.cmd('show gpon onu detail-info'))).toEqual([rec[2]]);
    expect(body(await c!.cmd('configure terminal'))).toEqual([rec[4]]);
    await c!.cmd('interface gpon-olt_1/1/1');
    expect(body(await c!.cmd('no onu 9'))).toEqual([
      fx('errors/c300-code-32310-onu-does-not-exist.txt')[0].replace(/^.*→ /, ''),
    ]);
    const exists = fx('c300/undo-forms-nso-ned.txt').find((l) => l.startsWith('%Code 62391'))!;
    expect(body(await c!.cmd(`onu 1 type F609 sn ${sim!.olt.ont('1/1/1', 3)!.serial}`))).toEqual([exists]);
  });

  it('C600: 140303 for unknown input, C3xx read forms and write in config mode', async () => {
    sim = await startZxa10Sim('zxa10-c600', { pons: 1, onts: 2 });
    c = (await zxa10Client(sim)).c;
    const rec = fx('errors/c600-error-140303-140301.txt')[2].replace(/^! /, '');
    expect(body(await c.cmd('show version-running'))[1]).toBe(rec);
    expect(body(await c.cmd('show running-config interface gpon_olt-1/1/1'))[1]).toBe(rec);
    await c.cmd('configure terminal');
    expect(body(await c.cmd('write'))[1]).toBe(rec);
    expect(body(await c.cmd('show onu running config gpon_onu-1/1/1:1'))[1]).toMatch(/^%Error 140301/);
  });
});
