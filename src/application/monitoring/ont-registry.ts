/**
 * The ONTs monitoring knows (issue 6 §2): each one's place, AdapterID, serial, state and RX level, by
 * position and by serial, and which of them changed since the last save — so a poll round or a trap
 * saves only those, never a scan of every ONT of every OLT.
 */
import type { OntRef } from '../../domain/monitoring/correlation.ts';
import type { OntState } from '../../domain/monitoring/ont-state.ts';
import type { OntStatusRecord } from '../ports/store/index.ts';
import type { ReadingSource } from '../ports/store/ont-monitoring.ts';
import type { SampledOnt } from './optical-history.ts';

export interface OntRuntime extends OntRef, SampledOnt {
  state: OntState;
  rxDbm?: number | null;
  serial?: string;
  /** Where the state / RX level were last read from (the ONT view's `source`). */
  source?: ReadingSource;
  /** When it was last observed (ISO; restored rows: when their state was last saved). */
  seenAt?: string;
  /** Its place as the correlator's topology lists it, kept while its AdapterID stays (applyPoll). */
  ref?: OntRef;
}

/** An observation's origin (events.ts) → the protocol it was read with: the ONT view's `source`. */
export function readingSourceOf(origin: 'snmp-poll' | 'trap' | 'omci'): ReadingSource {
  return origin === 'omci' ? 'omci' : 'snmp';
}

export const ontKey = (olt: string, pon: string, onuId: number): string => `${olt}|${pon}|${onuId}`;

export class OntRegistry {
  /** Every known ONT by `olt|pon|onuId`. */
  readonly byPosition = new Map<string, OntRuntime>();
  /**
   * The same ONTs by OLT, PON and ONU id: a poll row finds its ONT with the OLT's and PON's names (the
   * same strings every round) and a number, without a key string made and hashed per row.
   */
  private readonly byPlace = new Map<string, Map<string, Map<number, OntRuntime>>>();
  private readonly bySerial = new Map<string, OntRuntime>();
  private readonly unsaved = new Set<OntRuntime>();

  /** Forgets everything and takes the store's saved states as the truth. */
  restore(rows: readonly OntStatusRecord[]): void {
    this.byPosition.clear();
    this.byPlace.clear();
    this.bySerial.clear();
    this.unsaved.clear();
    for (const s of rows) this.put(s);
  }

  private put(s: OntStatusRecord): void {
    const o: OntRuntime = {
      olt: s.olt,
      pon: s.pon,
      onuId: s.onuId,
      adapterId: s.adapterId,
      state: s.state,
      rxDbm: s.rxDbm,
      serial: s.serial,
      source: s.source,
      seenAt: s.updatedAt,
    };
    this.byPosition.set(ontKey(s.olt, s.pon, s.onuId), o);
    this.place(o);
    if (s.serial) this.bySerial.set(s.serial, o);
  }

  private place(o: OntRuntime): void {
    let pons = this.byPlace.get(o.olt);
    if (!pons) this.byPlace.set(o.olt, (pons = new Map()));
    let onts = pons.get(o.pon);
    if (!onts) pons.set(o.pon, (onts = new Map()));
    onts.set(o.onuId, o);
  }

  /** Replaces one OLT's ONTs with the store's saved states (its monitoring moved here, design §8). */
  restoreOlt(olt: string, rows: readonly OntStatusRecord[]): void {
    this.forgetOlt(olt);
    for (const s of rows) if (s.olt === olt) this.put(s);
  }

  /** Forgets one OLT's ONTs (after its unsaved changes were taken). */
  forgetOlt(olt: string): void {
    this.byPlace.delete(olt);
    for (const [k, o] of this.byPosition) {
      if (o.olt !== olt) continue;
      this.byPosition.delete(k);
      if (o.serial && this.bySerial.get(o.serial) === o) this.bySerial.delete(o.serial);
      this.unsaved.delete(o);
    }
  }

  get(olt: string, pon: string, onuId: number): OntRuntime | undefined {
    return this.byPlace.get(olt)?.get(pon)?.get(onuId);
  }

  withSerial(serial: string): OntRuntime | undefined {
    return this.bySerial.get(serial);
  }

  /** The ONT at a position (created `unknown` when new), with the AdapterID and serial seen now. */
  at(olt: string, pon: string, onuId: number, adapterId?: string, serial?: string): OntRuntime {
    let o = this.get(olt, pon, onuId);
    if (!o) {
      o = { olt, pon, onuId, state: 'unknown' };
      this.byPosition.set(ontKey(olt, pon, onuId), o);
      this.place(o);
      this.unsaved.add(o);
    }
    if (adapterId && adapterId !== o.adapterId) {
      o.adapterId = adapterId;
      this.unsaved.add(o);
    }
    if (serial && serial !== o.serial) {
      if (o.serial) this.bySerial.delete(o.serial);
      o.serial = serial;
      this.bySerial.set(serial, o);
      this.unsaved.add(o);
    }
    return o;
  }

  /** The ONT's state or level changed: it is saved with the next round. */
  changed(o: OntRuntime): void {
    this.unsaved.add(o);
  }

  /** The ONTs changed since the last call, as the store's status rows at `at`. */
  takeUnsaved(at: Date): OntStatusRecord[] {
    const rows = [...this.unsaved].map((o) => ({
      olt: o.olt,
      pon: o.pon,
      onuId: o.onuId,
      state: o.state,
      rxDbm: o.rxDbm ?? undefined,
      serial: o.serial,
      adapterId: o.adapterId,
      source: o.source,
      updatedAt: at.toISOString(),
    }));
    this.unsaved.clear();
    return rows;
  }
}
