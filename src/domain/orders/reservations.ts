/**
 * What an order holds while it is open, and what each way out of it does with that (issue 17 item
 * 1: "a failed order never strands an access"). An accepted order reserves:
 * - an activation: a new `pending` access on the address's port (the port and address are taken:
 *   other orders there answer PORT_BLOCKED);
 * - an order carrying an ONT serial (activation, move, technology change, ONT replacement): that
 *   serial, `reserved` in the SP's stock (spec §7).
 *
 * The rule, as a table read by the order service and provisioning:
 *
 *   trigger              pending access        reserved ONT serial     why
 *   complete             → active              → installed             the order was carried out
 *   fail                 kept                  kept                    the owner failed; the SP's claim stands
 *   resume (retry)       kept                  kept                    the same order is carried out again
 *   cancel               → deactivated         → in-stock              the SP gave the order up (storno)
 *
 * Why a failed order KEEPS its reservations: a final failure is the network owner's (its OLT did not
 * take the configuration by the deadline, issue 17 item 1), never the SP's. Releasing the port
 * would let a later order — another SP's included — take the address the contract gave to the
 * earlier-received order (spec §3 priority rule), and releasing the serial would have the SP order
 * again for the same subscriber. So the order waits, visible with its reason, for one of the two
 * ways out, each of which frees or uses everything it holds in the same transaction:
 * the operator's retry (POST /v1/orders/:id/retry → due again) or the SP's storno, free of charge
 * after a failure (cancellation.ts: the failure is the owner's). Nothing else holds the access, so
 * no access is left pending without an open or failed order that can release it.
 */
import type { OrderTrigger } from './lifecycle.ts';

export type AccessEffect = 'activate' | 'keep' | 'abandon';
export type SerialEffect = 'install' | 'keep' | 'return-to-stock';

export interface ReservationRule {
  readonly access: AccessEffect;
  readonly serial: SerialEffect;
  readonly why: string;
}

/** Triggers that end or continue an order's hold on its reservations. */
export type ReservationTrigger = Extract<OrderTrigger, 'complete' | 'fail' | 'resume' | 'retry' | 'cancel'>;

export const RESERVATIONS_AFTER: Readonly<Record<ReservationTrigger, ReservationRule>> = {
  complete: {
    access: 'activate',
    serial: 'install',
    why: 'the configuration was applied and verified (the completing transaction, order-plan.ts)',
  },
  fail: {
    access: 'keep',
    serial: 'keep',
    why: "the owner's failure: the SP's claim on the port and the ONT stands until retry or storno",
  },
  retry: { access: 'keep', serial: 'keep', why: 'a transient device error: the order is due again' },
  resume: {
    access: 'keep',
    serial: 'keep',
    why: "the operator's retry: the same order is carried out again",
  },
  cancel: {
    access: 'abandon',
    serial: 'return-to-stock',
    why: 'storno (spec §3): the SP gave the order up, the port is free and the ONT back in its stock',
  },
};

export function reservationsAfter(trigger: ReservationTrigger): ReservationRule {
  return RESERVATIONS_AFTER[trigger];
}
