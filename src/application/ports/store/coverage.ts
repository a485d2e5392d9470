/** Covered addresses and the port serving each (spec §8 coverage report; design §4 /v1/coverage). */

export type Technology = 'gpon' | 'xgs-pon';

export interface AddressParts {
  street: string;
  number: string;
  city: string;
  flat?: string;
}

export interface CoverageRecord {
  /** Normalised address (see `addressKey`). */
  addressKey: string;
  street: string;
  number: string;
  city: string;
  county: string;
  flat?: string;
  /** Distribution node / OLT site name shown to SPs. */
  node: string;
  technology: Technology;
  olt: string;
  pon: string;
  onuId: number;
  /** Spec Table 6 install type at this address when nobody is served there (deadline row). */
  installation: string;
}

/** One part of an address as keys hold it: NFC, trimmed, lower case, single spaces. */
export const normalizeAddressPart = (s: string | undefined): string =>
  (s ?? '').normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');

/** The key an address is stored under: city|street|number[|flat], case- and space-insensitive. */
export function addressKey(a: AddressParts): string {
  const base = `${normalizeAddressPart(a.city)}|${normalizeAddressPart(a.street)}|${normalizeAddressPart(a.number)}`;
  return a.flat && normalizeAddressPart(a.flat) ? `${base}|${normalizeAddressPart(a.flat)}` : base;
}

export interface CoverageRepository {
  upsert(c: CoverageRecord): Promise<void>;

  /**
   * `forUpdate` (inside a transaction): PostgreSQL locks the row until commit, so concurrent
   * intakes for one port run one after the other (SQLite transactions are serial anyway).
   */
  get(key: string, o?: { forUpdate?: boolean }): Promise<CoverageRecord | undefined>;

  /** The coverage entry of an address: the flat's own entry if there is one, else the building's. */
  findByAddress(a: AddressParts, o?: { forUpdate?: boolean }): Promise<CoverageRecord | undefined>;

  findByPort(olt: string, pon: string, onuId: number): Promise<CoverageRecord | undefined>;

  /** Case-insensitive search by city and street prefix (on the normalised key, same on both dialects). */
  search(q: {
    city?: string;
    street?: string;
    /** Keyset pagination: addresses after this normalised address key (the SQL order). */
    after?: readonly [addressKey: string];
    limit?: number;
  }): Promise<CoverageRecord[]>;

  count(): Promise<number>;
}
