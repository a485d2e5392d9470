/**
 * Fault injection into a running lab (design §3, issue 4 §8): one function behind both the HTTP
 * control endpoint and the tests. Physical faults change the SimOlt's ONT/PON model and then call
 * `refresh()`, so `ont-state` events fire (SNMP traps, OMCI alarms); device faults set FaultState,
 * which every protocol server consults. `clear` undoes the fault.
 */
import { FAULT_KINDS, type FaultKind } from '../core/faults.ts';
import type { SimOlt, SimOnt, SimPon } from '../core/topology.ts';

export interface FaultRequest {
  kind: FaultKind;
  olt: string;
  /** PON port `R/S/P` (pon-cut, and the ONT faults). */
  pon?: string;
  /** ONU id on that PON (drop-cut, dying-gasp, rx-degrade, reboot). */
  ont?: number;
  clear?: boolean;
  /** rx-degrade: dB (default 10); reboot: ms (default 5000); latency: ms; drop-connection: after N config ops; fail-commit: Nth op (default 1). */
  value?: number;
}

export interface ActiveFault extends FaultRequest {
  since: string;
}

export interface FaultResult {
  ok: true;
  fault: FaultRequest;
  /** ONTs whose phase changed because of it. */
  changed: number;
}

/** A bad fault request; `status` is the HTTP status the control endpoint answers with. */
export class FaultError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
  }
}

/** What the lab offers the fault logic: its OLTs, their SSH sessions, and timers. */
export interface FaultTarget {
  findOlt(name: string): SimOlt | undefined;
  /** Cut every open SSH session (CLI and NETCONF ports) of the OLT. */
  dropSessions(olt: string): void;
  /** Run `fn` after `ms` unless the lab closes first. */
  later(ms: number, fn: () => void): void;
  readonly activeFaults: ActiveFault[];
}

export function isFaultKind(k: unknown): k is FaultKind {
  return typeof k === 'string' && (FAULT_KINDS as readonly string[]).includes(k);
}

function needPon(olt: SimOlt, req: FaultRequest): SimPon {
  if (!req.pon) throw new FaultError(`${req.kind} needs --pon R/S/P`, 400);
  const pon = olt.pon(req.pon);
  if (!pon) throw new FaultError(`OLT ${olt.name} has no PON ${req.pon}`, 404);
  return pon;
}

function needOnt(olt: SimOlt, req: FaultRequest): SimOnt {
  const pon = needPon(olt, req);
  if (req.ont === undefined || !Number.isInteger(req.ont))
    throw new FaultError(`${req.kind} needs --ont N`, 400);
  const ont = pon.onts.find((o) => o.id === req.ont);
  if (!ont) throw new FaultError(`PON ${pon.name} of ${olt.name} has no ONT ${req.ont}`, 404);
  return ont;
}

function sameTarget(a: FaultRequest, b: FaultRequest): boolean {
  return (
    a.kind === b.kind &&
    a.olt === b.olt &&
    (a.pon ?? null) === (b.pon ?? null) &&
    (a.ont ?? null) === (b.ont ?? null)
  );
}

export function applyFault(target: FaultTarget, req: FaultRequest, now = Date.now()): FaultResult {
  if (!isFaultKind(req.kind)) throw new FaultError(`unknown fault kind ${String(req.kind)}`, 400);
  if (req.value !== undefined && !Number.isFinite(req.value))
    throw new FaultError('value must be a number', 400);
  const olt = target.findOlt(req.olt);
  if (!olt) throw new FaultError(`no OLT named ${req.olt}`, 404);
  const clear = req.clear === true;
  const f = olt.faults;
  switch (req.kind) {
    case 'pon-cut':
      needPon(olt, req).fibreOk = clear;
      break;
    case 'drop-cut':
      needOnt(olt, req).dropFibreOk = clear;
      break;
    case 'dying-gasp':
      needOnt(olt, req).powered = clear;
      break;
    case 'rx-degrade':
      needOnt(olt, req).rxDegradeDb = clear ? 0 : (req.value ?? 10);
      break;
    case 'reboot': {
      const ont = needOnt(olt, req);
      const ms = req.value ?? 5000;
      ont.rebootingUntil = clear ? 0 : now + ms;
      // the ONT comes back by itself: re-evaluate when the reboot is over so `up` is reported
      if (!clear) {
        target.later(ms + 5, () => {
          olt.refresh();
          const list = target.activeFaults;
          for (let i = list.length - 1; i >= 0; i--) if (sameTarget(list[i], req)) list.splice(i, 1);
        });
      }
      break;
    }
    case 'olt-down':
      f.down = !clear;
      if (!clear) target.dropSessions(olt.name);
      break;
    case 'latency':
      f.latencyMs = clear ? 0 : Math.max(0, req.value ?? 1000);
      break;
    case 'drop-connection':
      if (clear) f.dropAfterOps = null;
      else if (req.value === undefined) target.dropSessions(olt.name);
      else f.dropAfterOps = Math.max(0, Math.floor(req.value));
      break;
    case 'fail-commit':
      f.failOnOp = clear ? null : Math.max(1, Math.floor(req.value ?? 1));
      break;
  }
  const changed = olt.refresh(now).length;
  const list = target.activeFaults;
  for (let i = list.length - 1; i >= 0; i--) if (sameTarget(list[i], req)) list.splice(i, 1);
  // one-shot faults leave nothing active behind
  const oneShot = req.kind === 'drop-connection' && req.value === undefined;
  if (!clear && !oneShot) {
    const rec: ActiveFault = { kind: req.kind, olt: req.olt, since: new Date(now).toISOString() };
    if (req.pon !== undefined) rec.pon = req.pon;
    if (req.ont !== undefined) rec.ont = req.ont;
    if (req.value !== undefined) rec.value = req.value;
    list.push(rec);
  }
  const fault: FaultRequest = { ...req, clear };
  return { ok: true, fault, changed };
}
