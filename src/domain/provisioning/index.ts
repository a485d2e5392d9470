export * from './vlan-plan.ts';
export * from './subscriber-intent.ts';
export * from './olt-intent.ts';
