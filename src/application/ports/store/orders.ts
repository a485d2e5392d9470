/**
 * Orders (spec §3) and their lease for the workers that carry them out (design §8: due orders are
 * claimed with `FOR UPDATE SKIP LOCKED` leases on PostgreSQL, so a crashed instance's work is taken
 * over when its lease runs out). State changes go through application/orders (transition table +
 * appended event in one transaction), never straight through `setState` from elsewhere.
 */
import type { ServiceSelection } from '../../../domain/catalogue/catalogue.ts';
import type {
  Category,
  Form,
  InstallationKind,
  OrderInput,
  OrderState,
} from '../../../domain/orders/types.ts';

/** A recorded technician visit (POST /v1/orders/:id/field-work, or the lab's stand-in). */
export interface FieldWorkRecord {
  at: string;
  by: string;
  /** The ONT installed (owner-installed ONTs are only known after the visit). */
  ontSerial?: string;
  note?: string;
}

/**
 * Provisioning's failures of an order since its last success or the operator's retry (issue 17
 * item 1, domain/orders/provisioning-retry.ts); instants on the controller's clock.
 */
export interface ProvisioningAttempts {
  /** Attempts failed in a row. */
  attempts: number;
  /** `code: message` of the last failure. */
  lastError: string;
  /** When the last failure happened. */
  at: string;
  /** When the first of these failures happened (retries go on from here until the give-up point). */
  since?: string;
  /** The OLT the last attempt was made on, when it got that far. */
  olt?: string;
  /** When the next attempt is made (a retried order); absent once the order failed. */
  nextAttemptAt?: string;
  /** When retrying stops: the deadline's end, or the minimum window after `since`. */
  giveUpAt?: string;
  /** Set when the order failed: it cannot be carried out, or its deadline passed. */
  failedBecause?: 'permanent' | 'deadline-passed';
}

/** What every order's detail holds: the facts decided at acceptance, and what happened since. */
export interface OrderDetailCommon {
  /** Spec Table 6 installation kind at the address (the Table 8 row). */
  installation: InstallationKind;
  /** Working days added by the capacity rule (spec §3: 40 activations a day). */
  capacityExtensionDays: number;
  /** Date by which feasibility is answered (Table 8 column), when the row has one. */
  feasibilityBy?: string;
  /** The technician's visit, once recorded. */
  fieldWork?: FieldWorkRecord;
  /** The field visit is done (recorded or by the lab's stand-in). */
  fieldVisitDone?: boolean;
  /** Provisioning's failed attempts in a row (retry with backoff until the deadline, issue 17). */
  provisioning?: ProvisioningAttempts;
}

/** An existing SP's access that a forced activation takes over (port unblocking). */
export interface TakenOverAccess {
  adapterId: string;
  spId: string;
}

/**
 * Facts decided at acceptance and recorded while the order is carried out, by form (the order's own
 * `form`, so a stored row always says which): BSNA knows the services after it and, forced, the
 * access it takes over; BSND its temporary disconnection's end; SBSN its hour deadline.
 */
export type OrderDetail =
  | (OrderDetailCommon & { form: 'BSNA'; servicesAfter?: ServiceSelection; takesOver?: TakenOverAccess[] })
  | (OrderDetailCommon & { form: 'BSND'; slEndsOn?: string })
  | (OrderDetailCommon & { form: 'SBSN'; deadlineAt?: string });

export interface OrderRecord {
  id: string;
  spId: string;
  form: Form;
  category: Category;
  state: OrderState;
  adapterId?: string;
  /** The OLT the order writes (set at acceptance; provisioning claims by OLT, issue 16 item 3). */
  olt?: string;
  input: OrderInput;
  receivedAt: string;
  /** Europe/Zagreb date of receipt (day 0 of the deadlines, spec §1). */
  receivedDate: string;
  plannedDate?: string;
  deadline?: string;
  /** Fee charged (cancellation fee, …) in EUR cents. */
  feeCents?: number;
  /** Facts decided at acceptance and recorded since (installation kind, capacity extension, …). */
  detail?: OrderDetail;
  leaseOwner?: string;
  leaseUntil?: number;
  updatedAt: string;
}

/** States an order is still open in (the priority rule looks at these, spec §3). */
export const OPEN_ORDER_STATES: readonly OrderState[] = [
  'received',
  'accepted',
  'scheduled',
  'due',
  'in-progress',
];

export type OrderPatch = Partial<
  Pick<OrderRecord, 'adapterId' | 'plannedDate' | 'deadline' | 'feeCents' | 'detail'>
>;

/** One order's move in a batch (OrderRepository.setStates). */
export interface OrderMove {
  id: string;
  from: OrderState;
  to: OrderState;
  at: string;
  /** Set with the move when given (the one field a batched move writes besides the state). */
  detail?: OrderDetail;
}

export interface OrderQuery {
  spId?: string;
  states?: readonly OrderState[];
  adapterId?: string;
  /** Received on or after this date (YYYY-MM-DD, Zagreb). */
  from?: string;
  /** Received on or before this date. */
  to?: string;
  /** Keyset pagination: only orders after this (receivedAt, id) in the list's order. */
  after?: readonly [receivedAt: string, id: string];
  limit?: number;
}

/** What `OrderRepository.versions` reads of an order. */
export type OrderVersion = Pick<OrderRecord, 'id' | 'state' | 'updatedAt' | 'leaseOwner' | 'leaseUntil'>;

export interface OrderRepository {
  insert(o: OrderRecord): Promise<void>;

  get(id: string): Promise<OrderRecord | undefined>;

  /** The orders among `ids` that exist, in no particular order (one statement per 500 ids). */
  getMany(ids: readonly string[]): Promise<OrderRecord[]>;

  /**
   * `getMany` without the input and detail: each order's state, last change and lease (a check
   * that records read earlier are still current: every write to an order but its lease moves its
   * `updatedAt`).
   */
  versions(ids: readonly string[]): Promise<OrderVersion[]>;

  list(q?: OrderQuery): Promise<OrderRecord[]>;

  count(q?: { spId?: string }): Promise<number>;

  /**
   * Moves an order from `from` to `to` (optimistic: only if it is still in `from`), with optional
   * field changes. Returns false when the order was not in `from`.
   */
  setState(id: string, from: OrderState, to: OrderState, at: string, patch?: OrderPatch): Promise<boolean>;

  /**
   * `setState` for many orders at once (provisioning's batches, issue 16 item 3): each moves only if
   * it is still in its `from`; returns the ids moved. One statement per group of moves with the same
   * `from`, `to` and whether a detail is set; the SP's open-order count follows in the transaction.
   * `skipLocked`: an order another transaction holds is left out instead of waited for (PostgreSQL
   * `FOR UPDATE SKIP LOCKED`; SQLite has one writer, nothing to skip) — for work any instance may do
   * once, such as the lab's bring-forward, where instances waiting on each other's rows only queue.
   */
  setStates(moves: readonly OrderMove[], o?: { skipLocked?: boolean }): Promise<string[]>;

  /** Scheduled orders whose planned date is on or before `date` (the scheduler's tick). */
  scheduledUpTo(date: string, limit?: number): Promise<OrderRecord[]>;

  /**
   * The earliest-received open order on an AdapterID among `forms` (and of `category`), other than
   * `exceptId`: the priority rule's question (spec §3), answered from an index of open orders only, so
   * its cost does not grow with the orders on the access (issue 17 item 4).
   */
  earliestOpenOnAdapter(
    adapterId: string,
    q: { forms: readonly Form[]; category?: Category; exceptId?: string },
  ): Promise<OrderRecord | undefined>;

  /** How many orders are open on an AdapterID (an index of open orders only, migration 095). */
  countOpenOnAdapter(adapterId: string): Promise<number>;

  /**
   * The SP's open orders (OPEN_ORDER_STATES), from an aggregate kept with every insert and state
   * change in the same transaction: one row read, whatever the count (per-SP limit, issue 17 item 4).
   */
  openCount(spId: string): Promise<number>;

  /** Orders of the given categories received on a Zagreb date (capacity rule, spec §3). */
  countReceivedOn(date: string, categories: readonly Category[]): Promise<number>;

  /**
   * Claims up to `limit` orders in `states` whose lease is free or expired for `owner` for `leaseMs`
   * (design §8); a lease of a live instance (its registration in `instances`) does not expire while it
   * lives — its heartbeat keeps it. PostgreSQL: `FOR UPDATE SKIP LOCKED`, so instances claiming together never get the
   * same order; SQLite: one UPDATE statement, atomic by itself.
   */
  claimDueOrders(
    limit: number,
    owner: string,
    leaseMs: number,
    now?: number,
    states?: readonly OrderState[],
  ): Promise<OrderRecord[]>;

  /** Sets the order's lease to `owner` until `untilMs` whoever held it (a reservation no claim takes). */
  holdLease(id: string, owner: string, untilMs: number): Promise<void>;

  /** Gives a lease back (the order stays where it is). */
  releaseLease(id: string, owner: string): Promise<boolean>;
}
