/** Public surface of the OMCI simulator: the relay subsystem handler and the per-OLT OMCI state. */
export { omciRelayHandler, createOmciRelayHandler, oltOmci, OltOmci, OMCI_REBOOT_MS } from './relay.ts';
export { OntMib, ANI_G_INSTANCE, UNI_INSTANCE } from './mib.ts';
