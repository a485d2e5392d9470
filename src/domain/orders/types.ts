/**
 * Order types (spec §3; design §4 "Categories"): one discriminated union per form, discriminated by
 * `category`. These are the *parsed* shapes the API hands the domain; validation (validate.ts) turns
 * an unknown body into one of them or a reason code.
 */
import type { AccessLevel, ServiceSelection } from '../catalogue/catalogue.ts';
import type { LocalDate } from '../calendar/local-date.ts';

export type Form = 'BSNA' | 'BSND' | 'SBSN';

export const BSNA_CATEGORIES = [
  'activation',
  'move',
  'add-service',
  'remove-service',
  'speed-change',
  'sl-reactivation',
  'technology-change',
] as const;
export const BSND_CATEGORIES = ['permanent', 'temporary-3m', 'temporary-6m'] as const;
export const SBSN_CATEGORIES = [
  'degradation',
  'interruption',
  'joint-visit',
  'home-installation',
  'ont-replacement',
] as const;
export type BsnaCategory = (typeof BSNA_CATEGORIES)[number];
export type BsndCategory = (typeof BSND_CATEGORIES)[number];
export type SbsnCategory = (typeof SBSN_CATEGORIES)[number];
export type Category = BsnaCategory | BsndCategory | SbsnCategory;

export const CATEGORIES_BY_FORM: Record<Form, readonly Category[]> = {
  BSNA: BSNA_CATEGORIES,
  BSND: BSND_CATEGORIES,
  SBSN: SBSN_CATEGORIES,
};

export interface Address {
  street: string;
  number: string;
  city: string;
  county: string;
  flat?: string;
  floor?: string;
}

export interface Contact {
  name: string;
  phone: string;
  email?: string;
}

/** Number portability (spec §3 BSNA fields: CABP ID and porting time window). */
export interface Porting {
  cabpId: string;
  window?: string;
}

interface BsnaBase {
  form: 'BSNA';
  requestedDate?: LocalDate;
  contact?: Contact;
  porting?: Porting;
}

/** BSNA 1: a new access; gets a new AdapterID (spec §3). */
export interface ActivationOrder extends BsnaBase {
  category: 'activation';
  address: Address;
  contact: Contact;
  /** Network owner builds the home installation (and then installs the ONT itself). */
  ownerInstallsHome: boolean;
  /** Only when the SP installs the ONT (ownerInstallsHome = false). */
  ontSerial?: string;
  accessLevel: AccessLevel;
  services: ServiceSelection;
  /** Port unblocking: take the port over from another SP's active service (port-unblocking.md step 7). */
  forced?: boolean;
}

/** BSNA 2: move an access to a new address; AdapterID kept unless the technology changes. */
export interface MoveOrder extends BsnaBase {
  category: 'move';
  adapterId: string;
  address: Address;
  ownerInstallsHome: boolean;
  ontSerial?: string;
  services?: ServiceSelection;
  technologyChange?: boolean;
}

/** BSNA 3: add channels; `services` names the channels (and rates) to add. */
export interface AddServiceOrder extends BsnaBase {
  category: 'add-service';
  adapterId: string;
  services: ServiceSelection;
}

/** BSNA 4: remove channels; `services` names the channels to remove. */
export interface RemoveServiceOrder extends BsnaBase {
  category: 'remove-service';
  adapterId: string;
  services: ServiceSelection;
}

/** BSNA 5: speed change of one or more channels. */
export interface SpeedChangeOrder extends BsnaBase {
  category: 'speed-change';
  adapterId: string;
  services: ServiceSelection;
}

/** BSNA 6: early reactivation from temporary disconnection (SL). */
export interface SlReactivationOrder extends BsnaBase {
  category: 'sl-reactivation';
  adapterId: string;
}

/** BSNA 7: technology change (e.g. GPON → XGS-PON); a new AdapterID. */
export interface TechnologyChangeOrder extends BsnaBase {
  category: 'technology-change';
  adapterId: string;
  technology: 'gpon' | 'xgs-pon';
  ownerInstallsHome: boolean;
  ontSerial?: string;
  services?: ServiceSelection;
}

export type BsnaOrder =
  | ActivationOrder
  | MoveOrder
  | AddServiceOrder
  | RemoveServiceOrder
  | SpeedChangeOrder
  | SlReactivationOrder
  | TechnologyChangeOrder;

/** BSND: permanent deactivation or temporary disconnection (SL) of 3 or 6 months (spec §3). */
export interface DeactivationOrder {
  form: 'BSND';
  category: BsndCategory;
  adapterId: string;
  requestedDate?: LocalDate;
  contact?: Contact;
}
export type BsndOrder = DeactivationOrder;

/** SBSN: fault ticket (spec §4). */
export interface FaultOrder {
  form: 'SBSN';
  category: SbsnCategory;
  adapterId: string;
  ontSerial?: string;
  /** ONT replacement: the serial of the new ONT (spec §4). */
  newOntSerial?: string;
  description: string;
  measurements?: string;
  contact?: Contact;
}
export type SbsnOrder = FaultOrder;

/**
 * The SP's own reference of an order (its CRM or ticket id; issue 14 §7): kept with the order and
 * carried in every webhook about it, `order.rejected` included. Not a spec field; at most 100
 * characters.
 */
export interface SpReference {
  reference?: string;
}

export type OrderInput = (BsnaOrder | BsndOrder | SbsnOrder) & SpReference;

/**
 * The ONT serial an order reserves from the SP's stock (spec §7): an ONT replacement's new ONT,
 * otherwise the order's own `ontSerial`, if any.
 */
export function reservedOntSerial(order: OrderInput): string | undefined {
  if (order.category === 'ont-replacement') return order.newOntSerial;
  return 'ontSerial' in order ? order.ontSerial : undefined;
}

/** Installation kind for activation deadlines (spec §3 Table 6 → Table 8 rows). */
export const INSTALLATION_KINDS = [
  'existing',
  'new-drop-present',
  'new-aerial-drop-missing',
  'new-underground-drop-missing',
  'new-network-extension',
] as const;
export type InstallationKind = (typeof INSTALLATION_KINDS)[number];

/** Order lifecycle states (issue 3 §4). */
export const ORDER_STATES = [
  'received',
  'accepted',
  'rejected',
  'scheduled',
  'due',
  'in-progress',
  'completed',
  'failed',
  'cancelled',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];
