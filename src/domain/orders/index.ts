/** Public surface of the order domain (spec §3): parse, validate, schedule, lifecycle, storno. */
export * from './types.ts';
export * from './parse.ts';
export * from './validate.ts';
export * from './deadlines.ts';
export * from './lifecycle.ts';
export * from './cancellation.ts';
export * from './intake.ts';
export * from './provisioning-retry.ts';
export * from './reservations.ts';
