/** Subscriber accesses by AdapterID (spec §3): port, SP, state, services, ONT, SL usage. */
import type { AccessLevel, ServiceSelection } from '../../../domain/catalogue/catalogue.ts';
import type { AccessState } from '../../../domain/subscribers/access-lifecycle.ts';
import type { Technology } from './coverage.ts';

export interface AccessRecord {
  adapterId: string;
  spId: string;
  addressKey: string;
  olt: string;
  pon: string;
  onuId: number;
  technology: Technology;
  state: AccessState;
  services: ServiceSelection;
  accessLevel: AccessLevel;
  ontSerial?: string;
  /** Start dates (YYYY-MM-DD) of temporary disconnections had or planned (spec §3: once per calendar year). */
  slStarts: string[];
  /** End of the current temporary disconnection (YYYY-MM-DD). */
  slUntil?: string;
  /** The order that created it. */
  orderId?: string;
  createdAt: string;
  updatedAt: string;
}

/** States in which an access occupies its port. */
export const LIVE_ACCESS_STATES: readonly AccessState[] = [
  'pending',
  'active',
  'temporarily-disconnected',
  'taken-over',
];

export type AccessPatch = Partial<
  Pick<
    AccessRecord,
    'state' | 'services' | 'accessLevel' | 'ontSerial' | 'slStarts' | 'slUntil' | 'spId' | 'technology'
  >
>;

export interface AccessRepository {
  insert(a: AccessRecord): Promise<void>;

  /** `forUpdate` (inside a transaction): PostgreSQL locks the row until commit (orders on one AdapterID in turn). */
  get(adapterId: string, o?: { forUpdate?: boolean }): Promise<AccessRecord | undefined>;

  /** Updates the named fields; `expectState` guards against a concurrent change (false = not updated). */
  update(adapterId: string, patch: AccessPatch, at: string, expectState?: AccessState): Promise<boolean>;

  /** The accesses among `adapterIds` that exist, in no particular order (one statement per 500). */
  getMany(adapterIds: readonly string[]): Promise<AccessRecord[]>;

  /** `update` of many accesses at once, each with its own patch (one statement per patch shape and 500). */
  updateMany(items: readonly { adapterId: string; patch: AccessPatch }[], at: string): Promise<void>;

  /** The access that occupies a port now (pending, active, SL or taken over), if any. */
  liveAtPort(olt: string, pon: string, onuId: number): Promise<AccessRecord | undefined>;

  liveAtAddresses(keys: readonly string[]): Promise<AccessRecord[]>;

  listBySp(spId: string, limit?: number): Promise<AccessRecord[]>;

  list(q?: { state?: AccessState; olt?: string; limit?: number }): Promise<AccessRecord[]>;
}
