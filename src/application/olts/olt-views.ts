/**
 * What an operator sends to register an OLT and what the registry shows (issue 14 item 1). The view
 * keeps GET /v1/olts' fields (design: add, never rename) and adds the registry's; secrets are
 * write-only: a view says which are set, never what they are.
 */
import { managementProtocolOf, type DeviceCatalogue } from '../ports/device-catalogue.ts';
import type { OltTarget } from '../ports/telemetry.ts';
import type { OltView } from '../provisioning/provisioning-service.ts';
import type { OltPollSettings, OltRecord, OltSecrets, OltSnmpSettings } from '../ports/store/index.ts';

export interface OltInput {
  name: string;
  profile?: string;
  site?: string;
  host: string;
  ports: OltRecord['ports'];
  protocol?: 'netconf' | 'cli';
  credentials?: {
    ssh?: { username: string; password?: string; privateKey?: string; passphrase?: string };
    snmp?: { community?: string; authKey?: string; privKey?: string };
  };
  snmp?: OltSnmpSettings;
  poll?: OltPollSettings;
  maintenance?: boolean;
  /** The SSH host key to pin at once (OpenSSH `SHA256:` fingerprint). */
  hostKey?: string;
}

/** The provisioning view of an OLT (GET /v1/olts' historical fields) and what the registry adds. */
export interface OltRegistryView extends OltView {
  site?: string;
  maintenance: boolean;
  snmp?: OltSnmpSettings;
  poll?: OltPollSettings;
  /** Which secrets are set (write-only: never their values). */
  credentials: {
    ssh?: { username: string; password: boolean; privateKey: boolean };
    snmp?: { community: boolean; authKey: boolean; privKey: boolean };
    /** Resolved outside the store (the lab's reference). */
    external?: boolean;
  };
  hostKey: {
    /** `trusted`: pinned and presented as pinned; `pending`: nothing trusted yet; `changed`: the OLT presented another key. */
    state: 'trusted' | 'pending' | 'changed';
    pinned?: string;
    presented?: string;
    presentedAt?: string;
  };
  createdAt?: string;
  updatedAt: string;
}

export function hostKeyState(o: Pick<OltRecord, 'hostKey'>): OltRegistryView['hostKey']['state'] {
  if (!o.hostKey.pinned) return 'pending';
  return o.hostKey.presented && o.hostKey.presented !== o.hostKey.pinned ? 'changed' : 'trusted';
}

export function oltView(o: OltRecord, s: OltSecrets, devices: DeviceCatalogue): OltRegistryView {
  const profile = devices.profile(o.profile);
  return {
    id: o.name,
    profile: o.profile,
    protocol: profile ? managementProtocolOf(profile, o.protocol) : (o.protocol ?? 'netconf'),
    host: o.host,
    ports: o.ports,
    needsReconciliation: o.needsReconciliation,
    ...(o.reconciliationReason ? { reconciliationReason: o.reconciliationReason } : {}),
    ...(o.drift ? { drift: o.drift } : {}),
    ...(o.lastAppliedAt ? { lastAppliedAt: o.lastAppliedAt } : {}),
    ...(o.site ? { site: o.site } : {}),
    maintenance: o.maintenance,
    ...(o.snmp ? { snmp: o.snmp } : {}),
    ...(o.poll ? { poll: o.poll } : {}),
    credentials: {
      ...(s.ssh
        ? { ssh: { username: s.ssh.username, password: !!s.ssh.password, privateKey: !!s.ssh.privateKey } }
        : {}),
      ...(s.snmp
        ? { snmp: { community: !!s.snmp.community, authKey: !!s.snmp.authKey, privKey: !!s.snmp.privKey } }
        : {}),
      ...(o.secrets ? {} : { external: true }),
    },
    hostKey: {
      state: hostKeyState(o),
      ...(o.hostKey.pinned ? { pinned: o.hostKey.pinned } : {}),
      ...(o.hostKey.presented ? { presented: o.hostKey.presented } : {}),
      ...(o.hostKey.presentedAt ? { presentedAt: o.hostKey.presentedAt } : {}),
    },
    ...(o.createdAt ? { createdAt: o.createdAt } : {}),
    updatedAt: o.updatedAt,
  };
}

/**
 * The monitoring target of a registered OLT (issue 6 pollers follow the registry): SNMP with its
 * opened secrets and its pinned host key (which every SSH connection of monitoring verifies); SSH
 * only as a banner probe (it sends nothing, so no login is handed out for it). Undefined when the
 * OLT has no SNMP port.
 */
/** The SNMPv3 user of an OLT when its settings and sealed keys make one (authPriv only). */
export function snmpV3Of(o: OltRecord, s: OltSecrets) {
  return o.snmp?.version === 'v3' && o.snmp.user && s.snmp?.authKey && s.snmp.privKey
    ? {
        user: o.snmp.user,
        authKey: s.snmp.authKey,
        privKey: s.snmp.privKey,
        authProtocol: o.snmp.authProtocol,
        privProtocol: o.snmp.privProtocol,
      }
    : undefined;
}

export function monitoringTargetOf(o: OltRecord, s: OltSecrets): OltTarget | undefined {
  if (!o.ports.snmp) return undefined;
  const v3 = snmpV3Of(o, s);
  const sshPort = o.ports.netconf ?? o.ports.cli;
  return {
    name: o.name,
    profile: o.profile,
    host: o.host,
    snmp: {
      port: o.ports.snmp,
      version: v3 ? 'v3' : 'v2c',
      community: s.snmp?.community,
      ...(v3 ? { v3 } : {}),
    },
    ...(o.hostKey.pinned ? { hostKey: o.hostKey.pinned } : {}),
    ...(sshPort ? { ssh: { port: sshPort } } : {}),
  };
}
