/**
 * The two ZXA10 families the simulator speaks, as the public fixtures show them
 * (test/fixtures/zxa10/, synthesis in docs/zxa10-dialect.md): C300/C320 (ZXA10 V2.x, names
 * `gpon-olt_1/S/P`) and C600/C620 (TITAN, names `gpon_olt-1/S/P`). Everything that differs between
 * the two families and that is not a command shape lives here: names, prompts, banner, error lines,
 * SNMP identity. Nothing here comes from the controller's driver or its device profiles.
 *
 * Where the fixtures are silent the value is marked `NOT RECORDED` with what was chosen instead.
 */

export type FamilyId = 'c300' | 'c600';

export interface Zxa10Family {
  id: FamilyId;
  /** The model the simulated OLT says it is (sysDescr, show version). */
  model: string;
  firmware: string;
  /** PON port / ONU / vport interface names. */
  oltPort(pon: string): string;
  onu(pon: string, onuId: number): string;
  /** Block terminator in running-config: `!` (C3xx) or `$` (TITAN) [dialect §1]. */
  blockEnd: string;
  sysDescr: string;
  sysObjectID: string;
  /** IF-MIB ifName of a PON port: C320 `gpon_1/S/P`, C600 `gpon_olt-1/S/P` [snmp/c600-snmp-map-kusumavision.md]. */
  ponIfName(pon: string): string;
  /** Error lines (dialect §3). */
  errors: {
    invalidInput: string;
    /** Incomplete command. */
    incomplete: string;
    invalidParameter: string;
    ambiguous: string;
    /** What the family prints for an empty ONU listing. */
    noInformation: string;
  };
}

/**
 * C300 V2.1.0 as the lab's `zxa10-c300` OLT. sysObjectID `.1082.1001.300.2.1` from one public poller
 * (snmp/c300-v2.1.0-octet-counters-poller.txt); the C300 sysDescr is NOT RECORDED, so the C320 V2.1.0
 * string (2+ live) is used with the model name changed.
 */
export const C300: Zxa10Family = {
  id: 'c300',
  model: 'C300',
  firmware: 'V2.1.0',
  oltPort: (pon) => `gpon-olt_${pon}`,
  onu: (pon, id) => `gpon-onu_${pon}:${id}`,
  blockEnd: '!',
  sysDescr: 'C300 Version V2.1.0 Software, Copyright (c) by ZTE Corporation Compiled',
  sysObjectID: '1.3.6.1.4.1.3902.1082.1001.300.2.1',
  ponIfName: (pon) => `gpon_${pon}`,
  errors: {
    // errors/c320-error-20200-20203-and-codes.txt (live C320 V2.1.0): caret line, then this
    invalidInput: "%Error 20200: Invalid input detected at '^' marker.",
    incomplete: '%Error 20203: Incomplete command.',
    // errors/c300-live-errors-boss-app.txt (live C300)
    invalidParameter: "%Error 20202: Invalid input detected at '^' marker. Invalid parameter",
    // NOT RECORDED for C3xx: an ambiguous abbreviation is answered as invalid input at the word
    ambiguous: "%Error 20200: Invalid input detected at '^' marker.",
    // errors/c320-error-20200-20203-and-codes.txt: empty `show gpon onu uncfg` on C320 V2.1.0
    noInformation: '%Code 62310-GPONSRV : No related information to show.',
  },
};

/** C600 V1.2.2 (TITAN) as the lab's `zxa10-c600` OLT: identity live per snmp/c600-snmp-map-kusumavision.md. */
export const C600: Zxa10Family = {
  id: 'c600',
  model: 'C600',
  firmware: 'V1.2.2',
  oltPort: (pon) => `gpon_olt-${pon}`,
  onu: (pon, id) => `gpon_onu-${pon}:${id}`,
  blockEnd: '$',
  sysDescr: 'ZXA10 C600, ZTE ZXA10 Software Version: V1.2.2',
  sysObjectID: '1.3.6.1.4.1.3902.1082.1001.600.1.1',
  ponIfName: (pon) => `gpon_olt-${pon}`,
  errors: {
    // errors/c600-error-140303-140301.txt (2 sources, live)
    invalidInput: "%Error 140303: Invalid input detected at '^' marker.",
    // NOT RECORDED on TITAN: an incomplete command is answered with the recorded invalid-input line
    incomplete: "%Error 140303: Invalid input detected at '^' marker.",
    invalidParameter: "%Error 140303: Invalid input detected at '^' marker.",
    // number recorded (cli-notes-c600-v1.2.2.md: "%Error 140301 Ambiguous"); full text NOT RECORDED
    ambiguous: '%Error 140301: Ambiguous command.',
    // onmt (c600/onmt-c300-c600-command-shapes.txt) looks for this text; the code prefix is NOT RECORDED
    noInformation: 'No related information to show.',
  },
};

/** Which family a lab device profile is simulated as (the lab's OLT models, design §3). */
export function familyOfProfile(profile: string): Zxa10Family | undefined {
  if (profile === 'zxa10-c300') return C300;
  if (profile === 'zxa10-c600') return C600;
  return undefined;
}

/** `1/S/P` → slot and port (rack is always 1 on these shelves). */
export function slotPort(pon: string): { slot: number; port: number } {
  const [, s, p] = pon.split('/').map(Number);
  return { slot: s, port: p };
}

/** IF-MIB ifIndex of a PON port, both families: type 1 | rack 1 | shelf 1 | slot | port [dialect §9.1]. */
export function ponIfIndex(pon: string): number {
  const { slot, port } = slotPort(pon);
  return (0x11010000 | (slot << 8) | port) >>> 0;
}

/** The C3xx `.1012` ONU-table PON index: 0x10000000 | slot<<16 | port<<8 [dialect §9.1, 3 sources]. */
export function ponIndex1012(pon: string): number {
  const { slot, port } = slotPort(pon);
  return (0x10000000 | (slot << 16) | (port << 8)) >>> 0;
}
