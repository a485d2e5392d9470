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
import {
  loadOltSnmpProfile,
  type OltSnmpProfile,
  type OntColumn,
} from '../../../protocols/snmp/olt-snmp-profile.ts';
import { NetconfOnuStateTable } from './netconf/onu-state-table.ts';
import { readDeviceProfileFile } from '../../../protocols/device-profile-files.ts';
import { OltOmciReader } from './omci/omci-reader.ts';
import { sshAnswers } from './reachability.ts';
import { SnmpClient } from './snmp/client.ts';
import { DEFAULT_POLL_COLUMNS, readOntTable } from './snmp/ont-table.ts';
import { SnmpTrapReceiver, decodeOntTrap } from './snmp/trap-receiver.ts';

const IDENTITY_COLUMNS: readonly OntColumn[] = [...DEFAULT_POLL_COLUMNS, 'serial', 'description'];

export interface NetworkTelemetryOptions {
  /** GETBULK requests in flight at once within one OLT (default 8). */
  parallel?: number;
}

/** One OLT's ONT table over SNMP; keeps the PON list and per-PON row counts between rounds. */
class SnmpOntTableReader implements OntTableReader {
  private readonly profile: OltSnmpProfile;
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

  async read(o: { identity: boolean }): Promise<OntRow[]> {
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
    return readDeviceProfileFile(profile).snmp !== undefined;
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
    if (netconf && !snmpTablesOf(target.profile)) return new NetconfOnuStateTable({ ...target, netconf });
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

  sshAnswers(p: { host: string; port: number; username?: string; password?: string; timeoutMs?: number }) {
    return sshAnswers(p);
  }
}
