/**
 * The lifecycle of one access (AdapterID) as an explicit transition table (style.md, VOLTHA's
 * olt_state_transitions.go): each trigger lists the states it may leave and the state it enters.
 *
 *   pending ──activate──▶ active ──disconnect-temporarily──▶ temporarily-disconnected
 *      │                   ▲  │  ◀──────────reactivate────────────┘          │
 *      │abandon            │  │take-over (forced order, port-unblocking.md)  │take-over
 *      ▼                   │  ▼                                              │
 *   deactivated ◀─release─ taken-over ◀──────────────────────────────────────┘
 *        ▲                 (restore: dispute within the window → active)
 *        └──────deactivate────── active | temporarily-disconnected
 */
import type { Verdict } from '../errors.ts';
import { transitionBy, triggersFrom } from '../state-machine.ts';

export const ACCESS_STATES = [
  'pending',
  'active',
  'temporarily-disconnected',
  'deactivated',
  'taken-over',
] as const;
export type AccessState = (typeof ACCESS_STATES)[number];

export type AccessTrigger =
  | 'activate'
  | 'abandon'
  | 'disconnect-temporarily'
  | 'reactivate'
  | 'deactivate'
  | 'take-over'
  | 'restore'
  | 'release';

interface AccessTransition {
  readonly from: readonly AccessState[];
  readonly to: AccessState;
  /** Why the transition exists (spec section). */
  readonly why: string;
}

export const ACCESS_TRANSITIONS: Readonly<Record<AccessTrigger, AccessTransition>> = {
  activate: { from: ['pending'], to: 'active', why: 'spec §3 BSNA 1: the activation order is carried out' },
  abandon: {
    from: ['pending'],
    to: 'deactivated',
    why: 'the activation order was cancelled or failed before the access existed',
  },
  'disconnect-temporarily': {
    from: ['active'],
    to: 'temporarily-disconnected',
    why: 'spec §3 BSND 2/3: SL of 3 or 6 months',
  },
  reactivate: {
    from: ['temporarily-disconnected'],
    to: 'active',
    why: 'spec §3: SL expiry (92/184 D), a BSNA sl-reactivation, or any BSNA order carried out on a line in SL',
  },
  deactivate: {
    from: ['active', 'temporarily-disconnected'],
    to: 'deactivated',
    why: 'spec §3 BSND 1: permanent deactivation (an order on an SL line is treated as on an active one)',
  },
  'take-over': {
    from: ['active', 'temporarily-disconnected'],
    to: 'taken-over',
    why: "port-unblocking.md steps 7–8: another SP's forced order deactivates the services blocking the port",
  },
  restore: {
    from: ['taken-over'],
    to: 'active',
    why: 'port-unblocking.md steps 16–18: forced reactivation within the dispute window',
  },
  release: {
    from: ['taken-over'],
    to: 'deactivated',
    why: 'port-unblocking.md step 15: the dispute window closed, the snapshot is released',
  },
};

export function transitionAccess(state: AccessState, trigger: AccessTrigger): Verdict<AccessState> {
  return transitionBy(ACCESS_TRANSITIONS, 'an access', state, trigger);
}

/** Triggers that may fire in a state (for UIs and tests). */
export function accessTriggersFrom(state: AccessState): AccessTrigger[] {
  return triggersFrom(ACCESS_TRANSITIONS, state);
}

/**
 * spec §3: "An order on an AdapterID that is in temporary disconnection is treated as on an active
 * one; after it is carried out the service is active."
 */
export function isEffectivelyActive(state: AccessState): boolean {
  return state === 'active' || state === 'temporarily-disconnected';
}
