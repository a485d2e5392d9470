export * from './ticket.ts';
export * from './transitions.ts';
export * from './clock.ts';
