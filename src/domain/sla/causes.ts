/**
 * Outage causes and whether each is the network owner's (spec §5: "an outage is time in which the
 * wholesale service was unavailable because of faults on the network owner's side").
 *
 * Decision on `unknown`: it COUNTS. The exclusions of spec §5 are a closed list (subscriber
 * equipment, home installation, announced planned works, suspension of the SP), and spec §4 puts the
 * burden of proof on the network owner ("if the fault is outside the network owner's domain, it is
 * closed with measurements as proof"). An outage nobody has attributed is therefore presumed the
 * owner's until it is shown otherwise — reclassify it and recompute to withdraw the credit.
 * `monitoring-blind-spot` does NOT count: it marks time in which monitoring could not see the
 * access, not time in which the service was shown to be down (issue 7 lists it as an exclusion).
 */
export const OUTAGE_CAUSES = [
  'pon-fibre-cut',
  'olt-down',
  'drop-fibre',
  'network-equipment',
  'dying-gasp',
  'home-installation',
  'subscriber-equipment',
  'sp-requested',
  'monitoring-blind-spot',
  'unknown',
] as const;
export type OutageCause = (typeof OUTAGE_CAUSES)[number];

/** Causes on the network owner's side: they are outages in the sense of spec §5. */
export type OwnerSideCause = 'pon-fibre-cut' | 'olt-down' | 'drop-fibre' | 'network-equipment' | 'unknown';
/** Causes that spec §5 says are not outages of the network owner. */
export type ExcludedCause = Exclude<OutageCause, OwnerSideCause>;

/** Why each cause counts or not, with the spec line; the table is the rule. */
export const CAUSE_POLICY: Record<OutageCause, { counts: boolean; why: string }> = {
  'pon-fibre-cut': { counts: true, why: "spec §5: fault in the owner's fibre network" },
  'olt-down': { counts: true, why: "spec §5: fault in the owner's access system" },
  'drop-fibre': { counts: true, why: "spec §5: the drop cable is the owner's network" },
  'network-equipment': {
    counts: true,
    why: "spec §5: fault in the owner's equipment (ONT included: BSN ONTs are the owner's, spec §1)",
  },
  unknown: { counts: true, why: "spec §4/§5: presumed the owner's until shown otherwise with measurements" },
  'dying-gasp': {
    counts: false,
    why: "spec §5: subscriber power loss (ONT dying gasp) is the subscriber's side",
  },
  'home-installation': { counts: false, why: 'spec §5: faults in the home installation are not outages' },
  'subscriber-equipment': {
    counts: false,
    why: "spec §5: faults in the subscriber's equipment are not outages",
  },
  'sp-requested': {
    counts: false,
    why: "spec §3/§5: disconnection or SL at the SP's request, or suspension of the SP",
  },
  'monitoring-blind-spot': {
    counts: false,
    why: 'unavailability not established: monitoring could not see the access',
  },
};

export function isOutageCause(v: unknown): v is OutageCause {
  return typeof v === 'string' && (OUTAGE_CAUSES as readonly string[]).includes(v);
}

export function causeCounts(cause: OutageCause): cause is OwnerSideCause {
  return CAUSE_POLICY[cause].counts;
}
