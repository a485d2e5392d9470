/**
 * The optical limits of an ONT model, from its device profile's `optics` section
 * (device-profiles/zxhn-f601.json: GPON class B+, RX warning −27 dBm, critical −28 dBm, overload
 * −8 dBm; issue 6 §2), and how a simulated ONT's RX level classifies against them. The low/high
 * bands use the domain's own rule (opticalSeverity) so the lab and monitoring cannot disagree on
 * where "warning" starts.
 */
import { readFileSync } from 'node:fs';
import { opticalSeverity } from '../../src/domain/monitoring/ont-state.ts';

export interface OntOptics {
  rxWarningDbm: number;
  rxCriticalDbm: number;
  rxOverloadDbm: number;
}

/** GPON class B+ (ITU-T G.984.2): the F601's limits, used when a model has no profile. */
export const CLASS_B_PLUS: OntOptics = { rxWarningDbm: -27, rxCriticalDbm: -28, rxOverloadDbm: -8 };

/** Where an RX level sits: `normal`, below the warning or critical level, or above overload. */
export type OpticalLevel = 'normal' | 'warning' | 'critical' | 'overload';

const cache = new Map<string, OntOptics>();

/** The optics of ONT model `model` (`ZXHN-F601` → device-profiles/zxhn-f601.json). */
export function ontOpticsOf(model: string): OntOptics {
  let o = cache.get(model);
  if (o) return o;
  const name = model.toLowerCase();
  let section: Partial<OntOptics> | undefined;
  if (/^[\w.-]+$/.test(name)) {
    try {
      const url = new URL(`../../device-profiles/${name}.json`, import.meta.url);
      section = (JSON.parse(readFileSync(url, 'utf8')) as { optics?: Partial<OntOptics> }).optics;
    } catch {
      /* no profile for this model: class B+ */
    }
  }
  o = {
    rxWarningDbm: section?.rxWarningDbm ?? CLASS_B_PLUS.rxWarningDbm,
    rxCriticalDbm: section?.rxCriticalDbm ?? CLASS_B_PLUS.rxCriticalDbm,
    rxOverloadDbm: section?.rxOverloadDbm ?? CLASS_B_PLUS.rxOverloadDbm,
  };
  cache.set(model, o);
  return o;
}

export function opticalLevelOf(rxDbm: number, o: OntOptics): OpticalLevel {
  return rxDbm > o.rxOverloadDbm ? 'overload' : opticalSeverity(rxDbm, o);
}
