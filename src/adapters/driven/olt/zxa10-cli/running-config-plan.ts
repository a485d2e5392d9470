/**
 * ConfigDiff (src/domain/olt-config/diff.ts) → the ZXA10 command lines that carry it out, each with
 * the lines that undo it (issue 5 item 3: "for every command its undo, so a failed change is undone
 * in reverse order"). Pure; the CLI driver sends `cliScript(steps)` and, on an `%Error`, sends the
 * undo lines of the steps that succeeded in reverse order.
 *
 * Order (why): a ZXA10 refuses dangling references and duplicates, so
 *   1. traffic profiles created/updated (before anything uses them);
 *   2. service ports removed (frees GEM ports, service-port indexes, channels);
 *   3. ONUs removed — also ONUs whose serial or type changes, which the device only takes by
 *      re-authorising (`no onu N` drops everything below it);
 *   4. ONUs created / updated: authorisation, description, T-CONTs, GEM ports (upserts);
 *   5. service ports created / updated with their settings, and the ONU-side `pon-onu-mng` lines;
 *   6. GEM ports, then T-CONTs no longer wanted (after the service ports left them);
 *   7. traffic profiles removed (after their last user).
 * A service port whose index changes (or, C600, whose vport changes) is removed in 2 and recreated in 5.
 */
import type { ConfigChange, ConfigDiff } from '../../../../domain/olt-config/diff.ts';
import type { VAni, VlanSubInterface } from '../../../../domain/olt-config/model.ts';
import type { CliDialect, ElementName } from './dialect.ts';
import {
  elementLine,
  onuAuthLine,
  onuContext,
  onuMngContext,
  onuMngLines,
  onuSections,
  oltPortContext,
  servicePortValues,
  VLAN_SETTINGS,
  vlanContext,
  vlanLines,
  vlanSettingLine,
  vlanSettingUnsetLine,
} from './running-config.ts';

/** A line typed in a context ('' = config mode; else the line entering the mode). */
export interface CliLine {
  context: string;
  line: string;
}

export interface CliStep extends CliLine {
  /** Lines undoing this step, in order, given the configuration before it. */
  undo: CliLine[];
  /** What the step changes, for plans and logs. */
  element: ElementName;
  op: 'set' | 'unset';
}

const L = (context: string, line: string): CliLine => ({ context, line });

/** Lines authorising an ONU and configuring it, without its service ports. */
function onuBaseLines(d: CliDialect, pon: string, onu: VAni): CliLine[] {
  const out: CliLine[] = [L(oltPortContext(d, pon), onuAuthLine(d, onu))];
  for (const s of onuSections(d, pon, { ...onu, vlans: [] }))
    for (const l of s.lines) out.push(L(s.context, l));
  return out;
}

/** Lines configuring a whole ONU from nothing (undo of its removal). */
function onuCreateLines(d: CliDialect, pon: string, onu: VAni): CliLine[] {
  return [...onuBaseLines(d, pon, onu), ...onu.vlans.flatMap((v) => vlanCreateLines(d, pon, onu.onuId, v))];
}

function vlanCreateLines(d: CliDialect, pon: string, onuId: number, v: VlanSubInterface): CliLine[] {
  const ctx = vlanContext(d, pon, onuId, v.gemport);
  return [
    ...vlanLines(d, v).map((l) => L(ctx, l)),
    ...onuMngLines(d, v).map((l) => L(onuMngContext(d, pon, onuId), l)),
  ];
}

function onuMngUnsetLines(d: CliDialect, pon: string, onuId: number, v: VlanSubInterface): CliLine[] {
  const ctx = onuMngContext(d, pon, onuId);
  return [
    L(ctx, elementLine(d, 'onuService', 'unset', { channel: v.channel })),
    L(ctx, elementLine(d, 'uniVlan', 'unset', { userVlan: v.userVlan })),
  ];
}

function identityChanged(c: ConfigChange): boolean {
  return (
    c.kind === 'onu' &&
    c.op === 'update' &&
    (c.fields.includes('onuType') || c.fields.includes('expectedSerial'))
  );
}

/** Must this VLAN update be a remove + create (its key on the device changes)? */
function vlanRecreated(d: CliDialect, before: VlanSubInterface, after: VlanSubInterface): boolean {
  return (
    before.servicePort !== after.servicePort || (d.vlanScope === 'vport' && before.gemport !== after.gemport)
  );
}

export function planCliSteps(d: CliDialect, diff: ConfigDiff): CliStep[] {
  const phase: CliStep[][] = [[], [], [], [], [], [], []];
  const step = (
    p: number,
    ctx: string,
    line: string,
    undo: CliLine[],
    element: ElementName,
    op: 'set' | 'unset',
  ) => phase[p].push({ context: ctx, line, undo, element, op });
  /** ONUs rebuilt from scratch: their own VLAN changes are covered by the rebuild. */
  const rebuilt = new Set<string>();
  const key = (port: string, onuId: number) => `${port}#${onuId}`;
  for (const c of diff.changes) {
    if (c.kind === 'onu' && (c.op === 'delete' || identityChanged(c))) rebuilt.add(key(c.port, c.onuId));
  }

  const removeVlan = (pon: string, onuId: number, v: VlanSubInterface) => {
    for (const l of onuMngUnsetLines(d, pon, onuId, v)) step(1, l.context, l.line, [], 'onuService', 'unset');
    step(
      1,
      vlanContext(d, pon, onuId, v.gemport),
      elementLine(d, 'servicePort', 'unset', { servicePort: v.servicePort }),
      vlanCreateLines(d, pon, onuId, v),
      'servicePort',
      'unset',
    );
  };
  const createVlan = (pon: string, onuId: number, v: VlanSubInterface) => {
    const ctx = vlanContext(d, pon, onuId, v.gemport);
    // undoing the service-port line removes its settings with it; the ONU-side lines undo one by one
    vlanLines(d, v).forEach((line, i) =>
      step(
        4,
        ctx,
        line,
        i === 0 ? [L(ctx, elementLine(d, 'servicePort', 'unset', { servicePort: v.servicePort }))] : [],
        i === 0 ? 'servicePort' : 'channel',
        'set',
      ),
    );
    const mng = onuMngContext(d, pon, onuId);
    const [svc, uni] = onuMngLines(d, v);
    const [noSvc, noUni] = onuMngUnsetLines(d, pon, onuId, v);
    step(4, mng, svc, [noSvc], 'onuService', 'set');
    step(4, mng, uni, [noUni], 'uniVlan', 'set');
  };

  for (const c of diff.changes) {
    if (c.kind === 'traffic-profile') {
      const line = (p: { name: string; cirKbps: number; pirKbps: number }) =>
        elementLine(d, 'trafficProfile', 'set', { name: p.name, cirKbps: p.cirKbps, pirKbps: p.pirKbps });
      if (c.op === 'delete')
        step(
          6,
          '',
          elementLine(d, 'trafficProfile', 'unset', { name: c.name }),
          [L('', line(c.before!))],
          'trafficProfile',
          'unset',
        );
      else
        step(
          0,
          '',
          line(c.after!),
          [
            c.before
              ? L('', line(c.before))
              : L('', elementLine(d, 'trafficProfile', 'unset', { name: c.name })),
          ],
          'trafficProfile',
          'set',
        );
      continue;
    }
    const { port: pon, onuId } = c;
    if (c.kind === 'onu') {
      const olt = oltPortContext(d, pon);
      if (c.op === 'delete' || identityChanged(c)) {
        step(
          2,
          olt,
          elementLine(d, 'onu', 'unset', { onuId }),
          onuCreateLines(d, pon, c.before!),
          'onu',
          'unset',
        );
      }
      if (c.op === 'create' || identityChanged(c)) {
        onuBaseLines(d, pon, c.after!).forEach((l, i) => {
          step(
            3,
            l.context,
            l.line,
            i === 0 ? [L(olt, elementLine(d, 'onu', 'unset', { onuId }))] : [],
            i === 0 ? 'onu' : 'tcont',
            'set',
          );
        });
        // a new ONU's service ports come as VLAN changes of the diff; a rebuilt one's are all redone here
        if (c.op === 'update') for (const v of c.after!.vlans) createVlan(pon, onuId, v);
        continue;
      }
      if (c.op !== 'update') continue;
      const b = c.before!;
      const a = c.after!;
      const ctx = onuContext(d, pon, onuId);
      if (b.description !== a.description) {
        const set = (t: string) => elementLine(d, 'onuDescription', 'set', { description: t });
        const unset = elementLine(d, 'onuDescription', 'unset', {});
        step(
          3,
          ctx,
          a.description !== undefined ? set(a.description) : unset,
          [L(ctx, b.description !== undefined ? set(b.description) : unset)],
          'onuDescription',
          a.description !== undefined ? 'set' : 'unset',
        );
      }
      const tLine = (t: { id: number; trafficProfile: string }) =>
        elementLine(d, 'tcont', 'set', { tcont: t.id, trafficProfile: t.trafficProfile });
      const gLine = (g: { id: number; tcont: number }) =>
        elementLine(d, 'gemport', 'set', { gemport: g.id, tcont: g.tcont });
      for (const t of a.tconts) {
        const old = b.tconts.find((x) => x.id === t.id);
        if (!old)
          step(3, ctx, tLine(t), [L(ctx, elementLine(d, 'tcont', 'unset', { tcont: t.id }))], 'tcont', 'set');
        else if (old.trafficProfile !== t.trafficProfile)
          step(3, ctx, tLine(t), [L(ctx, tLine(old))], 'tcont', 'set');
      }
      for (const g of a.gemports) {
        const old = b.gemports.find((x) => x.id === g.id);
        if (!old)
          step(
            3,
            ctx,
            gLine(g),
            [L(ctx, elementLine(d, 'gemport', 'unset', { gemport: g.id }))],
            'gemport',
            'set',
          );
        else if (old.tcont !== g.tcont) step(3, ctx, gLine(g), [L(ctx, gLine(old))], 'gemport', 'set');
      }
      const gone = b.gemports.filter((g) => !a.gemports.some((x) => x.id === g.id));
      for (const g of gone)
        step(
          5,
          ctx,
          elementLine(d, 'gemport', 'unset', { gemport: g.id }),
          [L(ctx, gLine(g))],
          'gemport',
          'unset',
        );
      const goneT = b.tconts.filter((t) => !a.tconts.some((x) => x.id === t.id));
      for (const t of goneT)
        phase[5].push({
          context: ctx,
          line: elementLine(d, 'tcont', 'unset', { tcont: t.id }),
          undo: [L(ctx, tLine(t))],
          element: 'tcont',
          op: 'unset',
        });
      continue;
    }
    // VLAN sub-interface
    if (rebuilt.has(key(pon, onuId))) continue;
    const b = c.before;
    const a = c.after;
    if (c.op === 'delete') {
      removeVlan(pon, onuId, b!);
      continue;
    }
    if (c.op === 'create') {
      createVlan(pon, onuId, a!);
      continue;
    }
    if (vlanRecreated(d, b!, a!)) {
      removeVlan(pon, onuId, b!);
      createVlan(pon, onuId, a!);
      continue;
    }
    const ctx = vlanContext(d, pon, onuId, a!.gemport);
    const spb = servicePortValues(b!);
    const spa = servicePortValues(a!);
    if (Object.keys(spa).some((k) => spa[k] !== spb[k])) {
      step(
        4,
        ctx,
        elementLine(d, 'servicePort', 'set', spa),
        [L(ctx, elementLine(d, 'servicePort', 'set', spb))],
        'servicePort',
        'set',
      );
    }
    for (const s of VLAN_SETTINGS) {
      if (a![s] === b![s]) continue;
      const now = vlanSettingLine(d, s, a!) ?? vlanSettingUnsetLine(d, s, a!.servicePort)!;
      const was = vlanSettingLine(d, s, b!) ?? vlanSettingUnsetLine(d, s, b!.servicePort)!;
      step(4, ctx, now, [L(ctx, was)], s, vlanSettingLine(d, s, a!) ? 'set' : 'unset');
    }
    if (a!.channel !== b!.channel || a!.gemport !== b!.gemport || a!.userVlan !== b!.userVlan) {
      for (const l of onuMngUnsetLines(d, pon, onuId, b!))
        step(4, l.context, l.line, [], 'onuService', 'unset');
      for (const l of onuMngLines(d, a!)) step(4, onuMngContext(d, pon, onuId), l, [], 'onuService', 'set');
    }
  }
  // 6: GEM ports before T-CONTs (a GEM port holds its T-CONT)
  phase[5].sort((x, y) => (x.element === y.element ? 0 : x.element === 'gemport' ? -1 : 1));
  return phase.flat();
}

/**
 * The lines to type, from config mode back to config mode: a context line before each run of
 * lines in that context and `exit` after it.
 */
export function cliScript(lines: readonly CliLine[]): string[] {
  const out: string[] = [];
  let ctx = '';
  for (const l of lines) {
    if (l.context !== ctx) {
      if (ctx) out.push('exit');
      if (l.context) out.push(l.context);
      ctx = l.context;
    }
    out.push(l.line);
  }
  if (ctx) out.push('exit');
  return out;
}

/** Undo lines of the steps that were applied, in reverse order (last step undone first). */
export function undoScript(applied: readonly CliStep[]): CliLine[] {
  const out: CliLine[] = [];
  for (let i = applied.length - 1; i >= 0; i--) out.push(...applied[i].undo);
  return out;
}
