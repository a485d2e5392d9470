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

/**
 * ANI-G Test (G.988 A.3 Test, "optical line supervision"): select test 7 = self test and measure
 * optical line supervision values, then a 2-byte general purpose buffer pointer and 2 vendor bytes
 * (0 = none). The ONU answers the Test with a result code and then sends a Test result message with
 * the same TCI carrying type-tagged readings (type 1 power feed voltage, 20 mV; 3 received optical
 * power and 5 mean optical launch power, 0.002 dB two's complement dBm; 9 laser bias current, 2 µA;
 * 12 temperature, 1/256 °C two's complement), as omci-lib-go's OpticalLineSupervisionTestResult.
 */
export const ANI_G_SELF_TEST = 7;

export interface OpticalTestResult {
  powerFeedVoltageV: number | null;
  rxDbm: number | null;
  txDbm: number | null;
  laserBiasMa: number | null;
  temperatureC: number | null;
}

export function opticalTestRequest(): Buffer {
  return Buffer.from([ANI_G_SELF_TEST, 0, 0, 0, 0]);
}

const TEST_TYPES = { voltage: 1, rx: 3, tx: 5, bias: 9, temperature: 12 } as const;

export function encodeOpticalTestResult(r: OpticalTestResult): Buffer {
  const b = Buffer.alloc(15);
  const put = (i: number, type: number, v: number | null, signed: boolean) => {
    b[3 * i] = v === null ? 0 : type; // type 0: the ONU did not measure it
    if (v === null) return;
    if (signed) b.writeInt16BE(Math.max(-32768, Math.min(32767, v)), 3 * i + 1);
    else b.writeUInt16BE(Math.max(0, Math.min(0xffff, v)), 3 * i + 1);
  };
  put(
    0,
    TEST_TYPES.voltage,
    r.powerFeedVoltageV === null ? null : Math.round(r.powerFeedVoltageV / 0.02),
    false,
  );
  put(1, TEST_TYPES.rx, r.rxDbm === null ? null : dbmToOpticalLevel(r.rxDbm), true);
  put(2, TEST_TYPES.tx, r.txDbm === null ? null : dbmToOpticalLevel(r.txDbm), true);
  put(3, TEST_TYPES.bias, r.laserBiasMa === null ? null : Math.round(r.laserBiasMa / 0.002), false);
  put(4, TEST_TYPES.temperature, r.temperatureC === null ? null : Math.round(r.temperatureC * 256), true);
  return b;
}

export function decodeOpticalTestResult(data: Buffer): OpticalTestResult {
  const out: OpticalTestResult = {
    powerFeedVoltageV: null,
    rxDbm: null,
    txDbm: null,
    laserBiasMa: null,
    temperatureC: null,
  };
  for (let o = 0; o + 3 <= Math.min(data.length, 15); o += 3) {
    const u = data.readUInt16BE(o + 1);
    const s = data.readInt16BE(o + 1);
    switch (data[o]) {
      case TEST_TYPES.voltage:
        out.powerFeedVoltageV = Math.round(u * 20) / 1000;
        break;
      case TEST_TYPES.rx:
        out.rxDbm = opticalLevelToDbm(s);
        break;
      case TEST_TYPES.tx:
        out.txDbm = opticalLevelToDbm(s);
        break;
      case TEST_TYPES.bias:
        out.laserBiasMa = Math.round(u * 2) / 1000;
        break;
      case TEST_TYPES.temperature:
        out.temperatureC = Math.round((s / 256) * 100) / 100;
        break;
    }
  }
  return out;
}
