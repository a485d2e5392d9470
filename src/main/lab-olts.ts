/**
 * Filling the OLT registry from the simulated lab's inventory (design §3: `npm start` drives the lab's
 * OLTs — the first over NETCONF, the second over the ZXA10 CLI, as each device profile prefers).
 * A freshly started lab holds no configuration, so every OLT is flagged for reconciliation: the
 * first provisioning pass pushes the services the store already knows (demo seed) to it.
 */
import type { Store } from '../application/ports/store/index.ts';
import type { CredentialVault } from '../adapters/driven/olt/registry.ts';

export interface LabInventoryLike {
  control?: string;
  olts: {
    name: string;
    profile?: string;
    host?: string;
    ports?: { cli?: number; netconf?: number; snmp?: number };
    credentials?: { username: string; password: string };
  }[];
}

export const LAB_CREDENTIALS_REF = 'lab';

export async function registerLabOlts(
  store: Store,
  vault: CredentialVault,
  inv: LabInventoryLike,
  at: string,
): Promise<string[]> {
  const names: string[] = [];
  for (const o of inv.olts) {
    if (!o.profile || !o.host || !o.ports) continue;
    if (o.credentials)
      vault.set(LAB_CREDENTIALS_REF, { username: o.credentials.username, password: o.credentials.password });
    await store.olts.upsert(
      { name: o.name, profile: o.profile, host: o.host, ports: o.ports, credentialsRef: LAB_CREDENTIALS_REF },
      at,
    );
    await store.olts.setNeedsReconciliation(
      o.name,
      'lab started: the simulated OLT holds no configuration yet',
      at,
    );
    names.push(o.name);
  }
  return names;
}
