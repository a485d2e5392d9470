/** SLA domain (spec §4–§6, design §7): outage classification, repair clock, credits, statement. */
export * from './causes.ts';
export * from './stop-reasons.ts';
export * from './intervals.ts';
export * from './incidents.ts';
export * from './incidents-validate.ts';
export * from './planned-works.ts';
export * from './classify.ts';
export * from './credit-rules.ts';
export * from './monthly-credits.ts';
export * from './statement.ts';
export * from './natural-order.ts';
export * from './repair-clock/index.ts';
export * from './billable-days.ts';
