/**
 * The telemetry port (application/ports/telemetry.ts) over the network: ONT tables by SNMP GETBULK
 * (net-snmp, OIDs from the device profile's `snmp` section), notifications on an SNMP trap receiver,
 * OMCI over the TR-451-style UDP transport (omci/omci-reader.ts), and the SSH reachability probe.
 */
import type {
  OltTarget,
  OmciReader,
  OntRow,
  OntTableReader,
  ReceivedTrap,
  Telemetry,
  TrapSource,
  TrapSourceOptions,
} from '../../../application/ports/telemetry.ts';
import { snmp } from '../../../protocols/snmp/net-snmp.ts';
import {
  loadOltSnmpProfile,
  profileForSysObjectID,
  type OltSnmpProfile,
  type OntColumn,
} from '../../../protocols/snmp/olt-snmp-profile.ts';
import { NetconfOnuStateTable } from './netconf/onu-state-table.ts';
import { readDeviceProfileFile } from '../../../protocols/device-profile-files.ts';
import { OltOmciReader } from './omci/omci-reader.ts';
import { sshAnswers } from './reachability.ts';
import { pinnedHostKey, type HostKeyPolicy } from '../ssh-connect.ts';
import { SnmpClient } from './snmp/client.ts';
import { DEFAULT_POLL_COLUMNS, readOntTable } from './snmp/ont-table.ts';
import { SnmpTrapReceiver, decodeOntTrap } from './snmp/trap-receiver.ts';

const IDENTITY_COLUMNS: readonly OntColumn[] = [...DEFAULT_POLL_COLUMNS, 'serial', 'description'];

export interface NetworkTelemetryOptions {
  /** GETBULK requests in flight at once within one OLT (default 8). */
  parallel?: number;
  /** Hears a host key an OLT presented that was refused (the registry: pending, or the changed-key alarm). */
  onHostKey?(olt: string, fingerprint: string, pinned: string | undefined): void;
  /**
   * The OLT's pin as the registry holds it now (undefined: not registered, the target's `hostKey`
   * holds): an operator's `trust` takes effect at the next connection, whatever built the target.
   */
  registeredHostKey?(olt: string): Promise<{ pinned?: string } | undefined>;
}

const SYS_OBJECT_ID = '1.3.6.1.2.1.1.2.0';

/**
 * One OLT's ONT table over SNMP; keeps the PON list and per-PON row counts between rounds. The
 * tables are those of the family the OLT's sysObjectID names (issue 18 item 3: a C600 has no `.1012`
 * tree, a C3xx answers in it), read once per session; the OLT's configured profile otherwise.
 */
class SnmpOntTableReader implements OntTableReader {
  private profile: OltSnmpProfile;
  private detected = false;
  private client: SnmpClient;
  private ponPorts?: Map<number, string>;
  private readonly rowsPerPon = new Map<number, number>();

  constructor(
    private readonly target: OltTarget,
    private readonly parallel?: number,
  ) {
    this.profile = loadOltSnmpProfile(target.profile);
    this.client = this.connect();
  }

  private connect(): SnmpClient {
    const s = this.target.snmp;
    return new SnmpClient({
      host: this.target.host,
      port: s.port,
      version: s.version,
      community: s.community,
      v3: s.v3,
      timeoutMs: s.timeoutMs ?? 1000,
      retries: s.retries ?? 1,
      device: this.target.name,
    });
  }

  /** The profile whose sysObjectID prefix the OLT answers with, if any (docs/zxa10-dialect.md §1). */
  private async detectFamily(): Promise<void> {
    const [vb] = await this.client.get([SYS_OBJECT_ID]);
    const found = vb && !snmp.isVarbindError(vb) ? profileForSysObjectID(String(vb.value)) : undefined;
    if (found && found !== this.profile.name && snmpTablesOf(found)) this.profile = loadOltSnmpProfile(found);
    this.detected = true;
  }

  async read(o: { identity: boolean }): Promise<OntRow[]> {
    if (!this.detected) await this.detectFamily();
    const { rows, ponPorts } = await readOntTable(this.client, this.profile, {
      columns: o.identity ? IDENTITY_COLUMNS : DEFAULT_POLL_COLUMNS,
      ponPorts: this.ponPorts,
      parallel: this.parallel,
      rowsPerPon: this.rowsPerPon,
    });
    this.ponPorts = ponPorts;
    return rows;
  }

  reset(): void {
    this.detected = false;
    this.ponPorts = undefined;
    this.rowsPerPon.clear();
    this.client.close();
    this.client = this.connect();
  }

  close(): void {
    this.client.close();
  }
}

/** Whether the OLT's device profile has SNMP tables (an unknown profile has none). */
function snmpTablesOf(profile: string): boolean {
  try {
    return (
      (readDeviceProfileFile(profile).snmp as { ontTable?: unknown } | undefined)?.ontTable !== undefined
    );
  } catch {
    return false;
  }
}

export class NetworkTelemetry implements Telemetry {
  constructor(private readonly o: NetworkTelemetryOptions = {}) {}

  /**
   * SNMP tables where the device profile has them (ZTE); an OLT whose profile has none (bbf-tr385)
   * is read over NETCONF from its operational datastore (issue 12 item 3).
   */
  ontTable(target: OltTarget): OntTableReader {
    const { netconf } = target;
    if (netconf && !snmpTablesOf(target.profile))
      return new NetconfOnuStateTable({ ...target, netconf }, () =>
        this.hostKeyPolicy(target.name, target.hostKey),
      );
    return new SnmpOntTableReader(target, this.o.parallel);
  }

  trapSource(o: TrapSourceOptions): TrapSource {
    return new SnmpTrapReceiver(o);
  }

  decodeOntTrap(profile: string, trap: ReceivedTrap) {
    return decodeOntTrap(loadOltSnmpProfile(profile), trap);
  }

  connectOmci(
    target: OltTarget,
    o: { requestTimeoutMs: number; connectTimeoutMs: number },
  ): Promise<OmciReader> {
    return OltOmciReader.open(target, { requestTimeoutMs: o.requestTimeoutMs });
  }

  sshAnswers(p: {
    olt?: string;
    hostKey?: string;
    host: string;
    port: number;
    username?: string;
    password?: string;
    timeoutMs?: number;
  }) {
    const olt = p.olt ?? `${p.host}:${p.port}`;
    return this.hostKeyPolicy(olt, p.hostKey).then((hostKey) => sshAnswers({ ...p, hostKey }));
  }

  /** The one host-key policy of monitoring's SSH connections (ssh-connect.ts `pinnedHostKey`). */
  private async hostKeyPolicy(olt: string, targetPin: string | undefined): Promise<HostKeyPolicy> {
    const registered = await this.o.registeredHostKey?.(olt);
    return pinnedHostKey(olt, registered ? registered.pinned : targetPin, this.o.onHostKey);
  }
}
