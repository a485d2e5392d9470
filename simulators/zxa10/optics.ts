/**
 * The optical levels of one ONT as every part of the simulated ZXA10 reports them — `show pon power
 * attenuation|onu-rx|onu-tx`, the SNMP RX/TX columns and, through the physical model, the ONU's OMCI
 * ANI-G — from the one source, the lab topology (SimOlt.rxPowerDbm/txPowerDbm, 0.01 dB steps, which
 * the SNMP raw encoding of 0.002 dB represents exactly).
 */
import type { SimOlt, SimOnt } from '../core/topology.ts';

/** Launch power of the simulated OLT's PON optics (dBm); class B+ lasers launch +1.5..+5 dBm. */
export const OLT_TX_DBM = 5;

/** Upstream (1310 nm) loses more than downstream (1490 nm) on the same fibre: ~0.5 dB here. */
const UPSTREAM_EXTRA_LOSS_DB = 0.5;

export interface OntOpticalLevels {
  /** ONU receive (downstream) and transmit power, dBm; null when no light. */
  onuRx: number | null;
  onuTx: number | null;
  /** OLT transmit power and OLT-side receive power from this ONU, dBm. */
  oltTx: number;
  oltRx: number | null;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

export function opticalLevels(olt: SimOlt, ont: SimOnt | undefined, now = Date.now()): OntOpticalLevels {
  const onuRx = ont ? olt.rxPowerDbm(ont, now) : null;
  const onuTx = ont ? olt.txPowerDbm(ont, now) : null;
  if (onuRx === null || onuTx === null) return { onuRx, onuTx, oltTx: OLT_TX_DBM, oltRx: null };
  const downLoss = OLT_TX_DBM - onuRx;
  return { onuRx, onuTx, oltTx: OLT_TX_DBM, oltRx: round3(onuTx - downLoss - UPSTREAM_EXTRA_LOSS_DB) };
}

/** C3xx/C600 ONU optical raw value [dialect §9.2]: dBm = raw × 0.002 − 30; 65535 = no value. */
export function onuOpticalRaw(dbm: number | null): number {
  if (dbm === null) return 65535;
  return Math.round((dbm + 30) / 0.002) & 0xffff;
}

/** zxAnPonRxOpticalPower [snmp/mib-zte-an-smi-and-pon-base-excerpt.txt]: 0.001 dBm; −80000 = no signal. */
export function oltRxMilliDbm(dbm: number | null): number {
  return dbm === null ? -80000 : Math.round(dbm * 1000);
}
