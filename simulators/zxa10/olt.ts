/**
 * One simulated ZXA10 OLT: the physical model it shares with the rest of the lab (SimOlt: PONs, ONTs,
 * optics, faults), its family, its own running configuration, and the ONT history its shows and SNMP
 * tables report. Creating it makes the OLT's authorised-ONU view (what OMCI, SNMP and monitoring parts
 * of the lab read) a view over this configuration.
 */
import type { SimOlt } from '../core/topology.ts';
import { Zxa10Config } from './config/model.ts';
import { Zxa10AuthorisedView } from './config/views.ts';
import type { Zxa10Family } from './family.ts';
import { OntHistory } from './history.ts';

export interface Zxa10Olt {
  readonly fam: Zxa10Family;
  readonly olt: SimOlt;
  readonly cfg: Zxa10Config;
  readonly history: OntHistory;
  readonly startedAt: number;
}

const byOlt = new WeakMap<SimOlt, Zxa10Olt>();

/** The ZXA10 of a SimOlt, created on first use (CLI and SNMP of one OLT share it). */
export function zxa10Of(olt: SimOlt, fam: Zxa10Family, hostname?: string): Zxa10Olt {
  let z = byOlt.get(olt);
  if (z) return z;
  const startedAt = Date.now();
  const cfg = new Zxa10Config(
    olt.pons.map((p) => p.name),
    hostname,
  );
  z = { fam, olt, cfg, history: new OntHistory(olt, startedAt), startedAt };
  olt.authorised = new Zxa10AuthorisedView(cfg);
  // authorising or removing an ONU changes what the physical model reports as authorised
  cfg.on('change', (c: { kind: string }) => {
    if (c.kind === 'onu') olt.refresh();
  });
  byOlt.set(olt, z);
  return z;
}

/**
 * Authorises every ONT of the physical model at its position (`onu N type T sn S` on each PON, as a
 * provisioning run would leave it), for SNMP tests and benches that need rows: a ZXA10 has rows for
 * configured ONUs only. Ids above 128, which a C3xx PON does not have, are skipped.
 */
export function authoriseAllOnts(z: Zxa10Olt, type = 'F601'): number {
  let n = 0;
  for (const pon of z.olt.pons)
    for (const ont of pon.onts) {
      if (ont.id > 128 || z.cfg.onu(pon.name, ont.id)) continue;
      z.cfg.addOnu(pon.name, ont.id, type, { kind: 'sn', value: ont.serial });
      n++;
    }
  return n;
}
