/**
 * Storno (spec §3 Cancellation; fees spec §6): "SPs may cancel activation and fault orders; the
 * network owner never refuses a cancellation and never cancels on its own. Free until acceptance
 * when a technician visit is needed, then charged (13.27 EUR before the field visit, 19.91 EUR
 * after); free until completion when no visit is needed."
 *
 * Decisions:
 * - "activation orders" = the whole BSNA form (the activation family, spec §3 "Forms"); fault orders
 *   = SBSN. BSND (deactivation) orders are NOT cancellable: the spec grants storno to activation and
 *   fault orders only — an SP that deactivated by mistake orders a new activation.
 * - A final order (completed, rejected, cancelled) cannot be cancelled.
 * - A failed order (provisioning gave up, issue 17) can, free of charge: the failure is the network
 *   owner's, and the storno is the SP's way out of it (its reservations are released, reservations.ts).
 * - A technician visit is needed for an install-family order (activation, move, technology change)
 *   when the owner builds the home installation or the installation is NEW (Table 8: EXISTING with
 *   the SP installing the ONT means work only in the node, or none); for faults, a joint visit or a
 *   home-installation fault. Other BSNA changes (services, speed, SL reactivation) are central only.
 */
import { ONE_OFF_FEE_CENTS } from '../catalogue/catalogue.ts';
import { accept, reject, type Verdict } from '../errors.ts';
import { FINAL_ORDER_STATES } from './lifecycle.ts';
import type { InstallationKind, OrderInput, OrderState } from './types.ts';

export function needsTechnicianVisit(
  order: OrderInput,
  installation: InstallationKind = 'existing',
): boolean {
  switch (order.category) {
    case 'activation':
    case 'move':
    case 'technology-change':
      return order.ownerInstallsHome || installation !== 'existing';
    case 'joint-visit':
    case 'home-installation':
      return true;
    default:
      return false;
  }
}

export interface CancellationInput {
  order: OrderInput;
  state: OrderState;
  technicianVisitNeeded: boolean;
  /** The technician has been on site (recorded field work). */
  fieldVisitDone: boolean;
}

export interface CancellationFee {
  feeCents: number;
  /** Which spec rule set the fee. */
  rule:
    | 'free-before-acceptance'
    | 'free-no-visit'
    | 'before-field-visit'
    | 'after-field-visit'
    | 'free-after-failure';
}

export function cancellationFee(input: CancellationInput): Verdict<CancellationFee> {
  const { order, state, technicianVisitNeeded, fieldVisitDone } = input;
  if (order.form === 'BSND')
    return reject(
      'NOT_CANCELLABLE',
      'deactivation orders cannot be cancelled (spec §3: activation and fault orders only)',
    );
  if (state === 'failed') return accept({ feeCents: 0, rule: 'free-after-failure' });
  if (FINAL_ORDER_STATES.includes(state)) return reject('NOT_CANCELLABLE', `the order is ${state}`);
  if (!technicianVisitNeeded) return accept({ feeCents: 0, rule: 'free-no-visit' });
  if (state === 'received') return accept({ feeCents: 0, rule: 'free-before-acceptance' });
  return fieldVisitDone
    ? accept({ feeCents: ONE_OFF_FEE_CENTS.cancellationAfterFieldVisit, rule: 'after-field-visit' })
    : accept({ feeCents: ONE_OFF_FEE_CENTS.cancellationBeforeFieldVisit, rule: 'before-field-visit' });
}
