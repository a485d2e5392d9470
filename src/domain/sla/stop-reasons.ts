/**
 * The legal reasons to stop ("park") the repair clock, spec §4 — and no others. Each needs a message
 * to the SP; the clock restarts with a message too (repair-clock.ts).
 */
export const STOP_REASONS = [
  'awaiting-subscriber-appointment', // from contacting the subscriber until the agreed appointment
  'awaiting-contact-data', // after 3 failed contact attempts; SP has until 16:00 of the next RD
  'subscriber-made-visit-useless', // from the useless visit until the new appointment
  'owner-refuses-works', // residents' representative or building owner refuses the works
  'third-party-permit', // third-party permits needed
  'health-risk',
  'natural-disaster',
] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export function isStopReason(v: unknown): v is StopReason {
  return typeof v === 'string' && (STOP_REASONS as readonly string[]).includes(v);
}
