/**
 * ANI-G optical level encodings, G.988 §9.2.1: optical signal level (RX) and transmit optical level
 * (TX) are two's complement 16-bit integers referred to 1 mW (dBm) with 0.002 dB granularity, so
 * one unit is 0.002 dB and the range is about ±65.5 dBm. Thresholds use 0.5 dB units.
 */
export const OPTICAL_LEVEL_UNIT_DB = 0.002;

/** dBm → attribute value (rounded to the nearest 0.002 dB, clamped to int16). */
export function dbmToOpticalLevel(dbm: number): number {
  const v = Math.round(dbm / OPTICAL_LEVEL_UNIT_DB);
  return Math.max(-32768, Math.min(32767, v));
}

/** Attribute value → dBm, rounded to the 3 decimals the 0.002 dB unit can express. */
export function opticalLevelToDbm(raw: number): number {
  return Math.round(raw * OPTICAL_LEVEL_UNIT_DB * 1000) / 1000;
}

/** Lower/upper optical threshold (unsigned, −0.5 dB units; 0xFF = ONU internal policy) → dBm or null. */
export function rxThresholdToDbm(raw: number): number | null {
  return raw === 0xff ? null : -raw / 2;
}

export function dbmToRxThreshold(dbm: number): number {
  return Math.max(0, Math.min(254, Math.round(-dbm * 2)));
}
