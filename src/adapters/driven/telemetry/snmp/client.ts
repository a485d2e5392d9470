/**
 * SNMP poller client of one OLT (design §6: "GETBULK over tables", v2c and v3 authPriv): a net-snmp
 * session plus a column walker that reads several table columns in the same GETBULK (one varbind per
 * column as repeaters, RFC 3416 §4.2.3) and can split a table into independent segments (one per PON
 * port) walked concurrently, so a 4 096-ONT table costs a few round trips per PON, not per row.
 * Errors are typed (application/ports/olt-driver/errors.ts) so the monitoring service can tell a timeout from a refusal.
 */
import { ConnectionError, ConnectTimeoutError } from '../../../../application/ports/olt-driver/errors.ts';
import {
  authPrivUser,
  snmp,
  type NetSnmpSession,
  type Varbind,
} from '../../../../protocols/snmp/net-snmp.ts';
import type { SnmpV3Credentials } from '../../../../application/ports/telemetry.ts';

export interface SnmpTarget {
  host: string;
  port: number;
  version: 'v2c' | 'v3';
  community?: string;
  v3?: SnmpV3Credentials;
  /** Per-request timeout (ms, default 2000) and retries (default 1). */
  timeoutMs?: number;
  retries?: number;
  /** Name used in errors (OLT name). */
  device?: string;
}

/** `a` is a strict prefix (subtree root) of `b`. */
export function inSubtree(root: string, oid: string): boolean {
  return oid.length > root.length && oid.startsWith(root) && oid.charCodeAt(root.length) === 46; // '.'
}

export interface WalkSegment {
  /** Subtree roots walked together (e.g. the phaseState and rxPower columns of one PON). */
  roots: string[];
  /**
   * Rows expected per root (e.g. from the previous poll): the last request asks for only what is
   * left (+1 to see the end), so a segment does not over-read into the next one.
   */
  expectedRows?: number;
}

export class SnmpClient {
  private readonly session: NetSnmpSession;
  private lastError?: Error;
  /** Requests sent (GET + GETBULK), for tests and metrics. */
  requests = 0;

  constructor(readonly target: SnmpTarget) {
    const options = {
      port: target.port,
      retries: target.retries ?? 1,
      timeout: target.timeoutMs ?? 2000,
      version: target.version === 'v3' ? snmp.Version3 : snmp.Version2c,
      idBitsSize: 32,
    };
    if (target.version === 'v3') {
      const v3 = target.v3;
      if (!v3) throw new Error('an SNMPv3 target needs v3 credentials');
      this.session = snmp.createV3Session(target.host, authPrivUser({ ...v3, name: v3.user }), options);
    } else {
      this.session = snmp.createSession(target.host, target.community ?? 'public', options);
    }
    this.session.on('error', (e) => {
      this.lastError = e;
    });
  }

  private wrap(err: Error): Error {
    const device = this.target.device ?? `${this.target.host}:${this.target.port}`;
    if ((err as unknown) instanceof snmp.RequestTimedOutError || /timed out/i.test(err.message)) {
      return new ConnectTimeoutError(
        this.target.timeoutMs ?? 2000,
        `SNMP ${this.target.version} request to ${device} timed out`,
        { device, cause: err },
      );
    }
    return new ConnectionError(`SNMP request to ${device} failed: ${err.message}`, {
      device,
      cause: this.lastError ?? err,
    });
  }

  get(oids: string[]): Promise<Varbind[]> {
    this.requests++;
    return new Promise((resolve, reject) => {
      this.session.get(oids, (err, vbs) => (err ? reject(this.wrap(err)) : resolve(vbs)));
    });
  }

  getBulk(oids: string[], maxRepetitions: number): Promise<Varbind[][]> {
    this.requests++;
    return new Promise((resolve, reject) => {
      this.session.getBulk(oids, 0, maxRepetitions, (err, vbs) => {
        if (err) {
          reject(this.wrap(err));
          return;
        }
        resolve(vbs.map((v) => (Array.isArray(v) ? v : [v])));
      });
    });
  }

  /**
   * Walks the subtrees of one segment together: each GETBULK carries one varbind per subtree still
   * open, continuing from the last OID seen in it; a subtree closes at its first OID outside it or at
   * endOfMibView. `onVarbind` receives every in-subtree varbind (value errors skipped).
   */
  async walkSegment(
    seg: WalkSegment,
    maxRepetitions: number,
    onVarbind: (root: string, vb: Varbind) => void,
  ): Promise<void> {
    const cursor = new Map(seg.roots.map((r) => [r, r]));
    let seen = 0;
    while (cursor.size > 0) {
      const roots = [...cursor.keys()];
      const left = seg.expectedRows === undefined ? maxRepetitions : Math.max(1, seg.expectedRows - seen + 1);
      const res = await this.getBulk(
        roots.map((r) => cursor.get(r)!),
        Math.min(maxRepetitions, left),
      );
      seen += Math.max(0, ...res.map((c) => c.length));
      roots.forEach((root, i) => {
        const column = res[i] ?? [];
        let open = column.length > 0;
        let last: string | undefined;
        for (const vb of column) {
          if (snmp.isVarbindError(vb) || !inSubtree(root, vb.oid)) {
            open = false;
            break;
          }
          onVarbind(root, vb);
          last = vb.oid;
        }
        if (!open) cursor.delete(root);
        else if (last !== undefined) cursor.set(root, last);
      });
    }
  }

  /** Walks several segments with at most `parallel` GETBULK requests in flight. */
  async walkSegments(
    segs: WalkSegment[],
    maxRepetitions: number,
    parallel: number,
    onVarbind: (root: string, vb: Varbind) => void,
  ): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < segs.length) {
        const seg = segs[next++];
        await this.walkSegment(seg, maxRepetitions, onVarbind);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, segs.length)) }, worker));
  }

  close(): void {
    try {
      this.session.close();
    } catch {
      /* already closed */
    }
  }
}
