export * from './catalogue.ts';
export * from './regions.ts';
