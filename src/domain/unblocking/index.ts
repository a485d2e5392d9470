export * from './snapshot.ts';
export * from './dispute-window.ts';
