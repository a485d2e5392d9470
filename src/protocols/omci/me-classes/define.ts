/**
 * How a managed entity class is written down (ITU-T G.988 clause 9): its attributes in number order
 * with size, encoding and access, who creates it, and its alarm list. Attribute 0 (the ME id) is not
 * listed: it travels in the message header. Attribute n (1..16) is bit 16−n of a 16-bit attribute
 * mask, so attribute 1 is 0x8000 (G.988 §11.2.5).
 */

/** How an attribute's bytes are read: unsigned / two's complement big-endian integer, NUL-padded ASCII, raw octets, or a table row. */
export type AttrType = 'uint' | 'int' | 'string' | 'bytes' | 'table';

export interface AttributeDef {
  /** 1..16, the attribute number in G.988. */
  index: number;
  name: string;
  /** Size in bytes; for a table, the size of one row (the table itself is read with Get next). */
  size: number;
  type: AttrType;
  writable: boolean;
  /** Set-by-create: carried, in attribute order, in a Create request (G.988 §11.2.4, Create). */
  setByCreate: boolean;
}

export interface MeDef {
  classId: number;
  name: string;
  /** G.988 clause of the ME definition. */
  clause: string;
  /** Who instantiates it: the ONU autonomously, or the OLT with Create. */
  createdBy: 'onu' | 'olt';
  attributes: readonly AttributeDef[];
  /** Alarm number (bit in the 28-byte alarm bit map, 0 = MSB of the first byte) → name. */
  alarms: Readonly<Record<number, string>>;
}

/** `[name, size, type, access]`: access R (read-only), RW, RWC (also set-by-create), RC (set-by-create only). */
export type Spec = [name: string, size: number, type: AttrType, access?: 'R' | 'RW' | 'RWC' | 'RC'];

export function me(
  classId: number,
  name: string,
  clause: string,
  createdBy: 'onu' | 'olt',
  specs: Spec[],
  alarms: Record<number, string> = {},
): MeDef {
  return {
    classId,
    name,
    clause,
    createdBy,
    alarms,
    attributes: specs.map(([n, size, type, access = 'R'], i) => ({
      index: i + 1,
      name: n,
      size,
      type,
      writable: access === 'RW' || access === 'RWC',
      setByCreate: access === 'RWC' || access === 'RC',
    })),
  };
}
