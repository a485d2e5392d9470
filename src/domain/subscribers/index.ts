/** Public surface of the subscriber (access) domain: AdapterID lifecycle and service intent. */
export * from './access-lifecycle.ts';
export * from './adapter-id.ts';
export * from './services.ts';
