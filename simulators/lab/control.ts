/**
 * The lab's local HTTP control endpoint (design §3): how `ponctl lab fault` and other processes reach
 * a running lab. Bound to 127.0.0.1 only; JSON in and out.
 *   GET  /inventory                the inventory (inventory.ts)
 *   GET  /faults                   active faults
 *   POST /faults                   { kind, olt, pon?, ont?, clear?, value? } → FaultResult
 *   GET  /trap-receivers           configured notification receivers per OLT
 *   POST /trap-receivers           { host, port, version, community?, user?, inform?, olt? }
 *   DELETE /trap-receivers         { host, port }
 *   POST /onts                     { olt, pon, ont, serial? } → { serial }: field work — the ONT with
 *                                  `serial` is installed at that position (absent: the one there stays);
 *                                  { onts: [ … ] } → { serials: [ … ] } for many at once
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultError, type FaultRequest, type FaultResult, type ActiveFault } from './faults.ts';
import type { LabInventory } from './inventory.ts';
import type { TrapReceiver } from '../snmp/traps.ts';

/** What the endpoint needs from the lab (Lab implements it). */
export interface ControlledLab {
  inventory(): LabInventory;
  readonly activeFaults: ActiveFault[];
  fault(req: FaultRequest): FaultResult;
  addTrapReceiver(r: TrapReceiver, olt?: string): void;
  removeTrapReceiver(host: string, port: number): void;
  readonly olts: readonly { olt: { name: string }; traps: { receivers: TrapReceiver[] } }[];
  /** Field work: install the ONT with `serial` at a position (absent serial: report the one there). */
  installOnt?(
    olt: string | undefined,
    pon: string,
    ont: number,
    serial?: string,
    refresh?: boolean,
  ): { serial: string };
}

export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function fail(res: http.ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { error: { code, message } });
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new FaultError('body too large', 400);
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  const v = JSON.parse(text) as unknown;
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new FaultError('body must be a JSON object', 400);
  return v as Record<string, unknown>;
}

function toFaultRequest(b: Record<string, unknown>): FaultRequest {
  if (typeof b.olt !== 'string') throw new FaultError('olt (string) is required', 400);
  const num = (v: unknown, field: string): number | undefined => {
    if (v === undefined || v === null) return undefined;
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new FaultError(`${field} must be a number`, 400);
    return n;
  };
  return {
    kind: b.kind as FaultRequest['kind'],
    olt: b.olt,
    pon: typeof b.pon === 'string' ? b.pon : undefined,
    ont: num(b.ont, 'ont'),
    clear: b.clear === true,
    value: num(b.value, 'value'),
  };
}

export async function startControlServer(
  lab: ControlledLab,
  host = '127.0.0.1',
  port = 0,
): Promise<ControlServer> {
  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (err instanceof FaultError)
        fail(res, err.status, err.status === 404 ? 'not-found' : 'bad-request', err.message);
      else if (err instanceof SyntaxError) fail(res, 400, 'bad-json', err.message);
      else fail(res, 500, 'internal', (err as Error).message);
    });
  });
  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://lab');
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /inventory':
        return send(res, 200, lab.inventory());
      case 'GET /faults':
        return send(res, 200, { faults: lab.activeFaults });
      case 'POST /faults':
        return send(res, 200, lab.fault(toFaultRequest(await readJson(req))));
      case 'GET /trap-receivers':
        return send(res, 200, {
          receivers: lab.olts.map((o) => ({ olt: o.olt.name, receivers: o.traps.receivers })),
        });
      case 'POST /trap-receivers': {
        const b = await readJson(req);
        if (typeof b.host !== 'string' || typeof b.port !== 'number')
          throw new FaultError('host and port are required', 400);
        if (b.version !== 'v2c' && b.version !== 'v3') throw new FaultError('version must be v2c or v3', 400);
        if (b.version === 'v3' && typeof b.user !== 'object')
          throw new FaultError('a v3 receiver needs user { name, authKey, privKey }', 400);
        lab.addTrapReceiver(b as unknown as TrapReceiver, typeof b.olt === 'string' ? b.olt : undefined);
        return send(res, 200, { ok: true });
      }
      case 'DELETE /trap-receivers': {
        const b = await readJson(req);
        lab.removeTrapReceiver(String(b.host), Number(b.port));
        return send(res, 200, { ok: true });
      }
      case 'POST /onts': {
        const b = await readJson(req);
        if (!lab.installOnt) throw new FaultError('this lab cannot install ONTs', 404);
        if (Array.isArray(b.onts)) {
          // many at once: { onts: [ { olt, pon, ont, serial? } ] } → { serials: [...] }
          const serials: string[] = [];
          for (const x of b.onts as Record<string, unknown>[]) {
            if (typeof x.olt !== 'string' || typeof x.pon !== 'string' || typeof x.ont !== 'number')
              throw new FaultError('olt, pon (strings) and ont (number) are required', 400);
            if (
              x.serial !== undefined &&
              (typeof x.serial !== 'string' || !/^[A-Z]{4}[0-9A-F]{8}$/.test(x.serial))
            )
              throw new FaultError('serial must be 4 letters + 8 hex digits', 400);
            serials.push(lab.installOnt(x.olt, x.pon, x.ont, x.serial as string | undefined, false).serial);
          }
          lab.installOnt(undefined, '', 0, undefined, true);
          return send(res, 200, { serials });
        }
        if (typeof b.olt !== 'string' || typeof b.pon !== 'string' || typeof b.ont !== 'number')
          throw new FaultError('olt, pon (strings) and ont (number) are required', 400);
        if (
          b.serial !== undefined &&
          (typeof b.serial !== 'string' || !/^[A-Z]{4}[0-9A-F]{8}$/.test(b.serial))
        )
          throw new FaultError('serial must be 4 letters + 8 hex digits', 400);
        return send(res, 200, lab.installOnt(b.olt, b.pon, b.ont, b.serial as string | undefined));
      }
      default:
        return fail(res, 404, 'not-found', `no route ${route}`);
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
