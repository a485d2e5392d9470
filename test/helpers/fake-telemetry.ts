/**
 * A telemetry port for unit tests of monitoring (application/ports/telemetry.ts), driven by the test:
 * each OLT's ONT table is what the test last set (or a failure), notifications are pushed by hand,
 * OMCI and the SSH probe answer what they are told. No socket anywhere.
 */
import type {
  OltTarget,
  OmciReader,
  OntRow,
  OntTableReader,
  OntTrap,
  ReceivedTrap,
  Telemetry,
  TrapSource,
  TrapSourceOptions,
} from '../../src/application/ports/telemetry.ts';

/** A device error like the SNMP client's when an OLT does not answer in time. */
export class FakeTimeout extends Error {
  readonly code = 'connect-timeout';
}

export class FakeTrapSource implements TrapSource {
  port = 0;
  rejected = 0;
  closed = false;
  private onTrap?: (t: ReceivedTrap) => void;

  constructor(readonly options: TrapSourceOptions) {}

  async start(onTrap: (t: ReceivedTrap) => void): Promise<number> {
    this.onTrap = onTrap;
    this.port = 16200;
    return this.port;
  }

  /** Delivers a notification as the receiver would after authenticating it. */
  deliver(t: Partial<ReceivedTrap> & Pick<ReceivedTrap, 'address' | 'trapOid'>): void {
    if (!this.onTrap) throw new Error('trap source not started');
    this.onTrap({
      receivedAtMs: 0,
      at: new Date(0),
      port: 162,
      version: 'v2c',
      inform: false,
      varbinds: [],
      ...t,
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export class FakeTelemetry implements Telemetry {
  /** What each OLT's table answers: rows, or an error to throw. */
  readonly tables = new Map<string, OntRow[] | Error>();
  /** Reads made per OLT, with whether identity columns were asked for. */
  readonly reads: { olt: string; identity: boolean }[] = [];
  readonly resets: string[] = [];
  readonly closedReaders: string[] = [];
  sshAnswer = false;
  readonly trapSources: FakeTrapSource[] = [];
  /** Notifications decode as `{ event, pon, onuId }` carried in trapOid `ont:<event>:<pon>:<onuId>`. */

  ontTable(target: OltTarget): OntTableReader {
    return {
      read: async ({ identity }) => {
        this.reads.push({ olt: target.name, identity });
        const t = this.tables.get(target.name) ?? [];
        if (t instanceof Error) throw t;
        return t.map((r) => ({ ...r }));
      },
      reset: () => void this.resets.push(target.name),
      close: () => void this.closedReaders.push(target.name),
    };
  }

  trapSource(o: TrapSourceOptions): TrapSource {
    const s = new FakeTrapSource(o);
    this.trapSources.push(s);
    return s;
  }

  decodeOntTrap(_profile: string, trap: ReceivedTrap): OntTrap | undefined {
    const [kind, event, pon, onuId] = trap.trapOid.split(':');
    if (kind !== 'ont') return undefined;
    return { event: event as OntTrap['event'], pon, onuId: Number(onuId) };
  }

  async connectOmci(): Promise<OmciReader> {
    throw new FakeTimeout('no OMCI in this test');
  }

  async sshAnswers(): Promise<boolean> {
    return this.sshAnswer;
  }
}

/** Rows of one PON, every ONT in `phase` (RX −20 dBm when working). */
export function ponRows(pon: string, onuIds: readonly number[], phase = 'working'): OntRow[] {
  return onuIds.map((onuId) => ({ pon, onuId, phase, rxDbm: phase === 'working' ? -20 : null }));
}
