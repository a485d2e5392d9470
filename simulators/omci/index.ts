/** Public surface of the OMCI simulator: the OLT's OMCI endpoint and the per-ONT F601 MIB. */
export { OltOmciEndpoint, OMCI_REBOOT_MS, PEER_TTL_MS, type OmciChannel, type Peer } from './endpoint.ts';
export { OntMib, OMCC_VERSION, type PonType, type MeInstance } from './mib.ts';
export { UNI_INSTANCE, MULTICAST_GEM_PORT, gemPortId, allocId } from './f601-services.ts';
