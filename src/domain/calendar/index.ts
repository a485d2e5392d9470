export * from './local-date.ts';
export * from './holidays.ts';
export * from './working-days.ts';
