/**
 * Which ONTs an OLT has authorised, and how (the lab's authorised-ONU view): what the OMCI MIB, the
 * SNMP agents and monitoring parts of the lab read, whichever configuration model the OLT keeps — the
 * BBF/NETCONF OLT's OltConfigStore, or the simulated ZXA10's own running configuration
 * (simulators/zxa10/config/views.ts). ONUs are given in OltConfig's v-ANI shape.
 */
import type { VAni } from '../../src/domain/olt-config/model.ts';
import type { OltConfigStore } from './config-store.ts';

export interface AuthorisedOnuView {
  /** The ONU authorised by this serial, and its PON port `R/S/P`. */
  findOnuBySerial(serial: string): { pon: string; onu: VAni } | undefined;
  findOnu(pon: string, onuId: number): VAni | undefined;
}

/** The view over the NETCONF OLT's one configuration store (running). */
export function storeView(store: OltConfigStore): AuthorisedOnuView {
  return {
    findOnuBySerial(serial) {
      const f = store.findOnuBySerial(serial);
      return f ? { pon: f.ct.name, onu: f.onu } : undefined;
    },
    findOnu: (pon, onuId) => store.findOnu(pon, onuId),
  };
}
