export * from './ont-state.ts';
export * from './alarms.ts';
export * from './incidents.ts';
export * from './correlation.ts';
