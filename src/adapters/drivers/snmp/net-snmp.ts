/**
 * A typed facade over the parts of the `net-snmp` npm package the controller uses (poller sessions
 * and the trap receiver). The package ships no type declarations; loading it through `createRequire`
 * with our own narrow interface keeps `any` out of the driver (same approach as simulators/snmp).
 */
import { createRequire } from 'node:module';

export interface Varbind {
  oid: string;
  type: number;
  value: unknown;
}

export interface UsmUser {
  name: string;
  level: number;
  authProtocol?: string;
  authKey?: string;
  privProtocol?: string;
  privKey?: string;
}

export interface NetSnmpSession {
  get(oids: string[], cb: (err: Error | null, varbinds: Varbind[]) => void): void;
  /** Repeaters come back as one array per requested OID (net-snmp groups them). */
  getBulk(oids: string[], nonRepeaters: number, maxRepetitions: number, cb: (err: Error | null, varbinds: (Varbind | Varbind[])[]) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  close(): void;
}

export interface ReceivedPdu {
  type: number;
  id: number;
  varbinds: Varbind[];
  contextEngineID?: string;
  community?: string;
  user?: string;
}

export interface NetSnmpReceiver {
  authorizer: { addCommunity(c: string): void; addUser(u: UsmUser): void };
  onMsg(socket: unknown, buffer: Buffer, rinfo: unknown): void;
}

export interface NetSnmp {
  createSession(target: string, community: string, options: object): NetSnmpSession;
  createV3Session(target: string, user: UsmUser, options: object): NetSnmpSession;
  createReceiver(options: object, callback: (err: Error | null, data?: { pdu: ReceivedPdu; rinfo: { address: string; port: number } }) => void): NetSnmpReceiver;
  isVarbindError(vb: Varbind): boolean;
  Version2c: number;
  Version3: number;
  ObjectType: Record<string, number>;
  PduType: Record<string, number>;
  SecurityLevel: { noAuthNoPriv: number; authNoPriv: number; authPriv: number };
  AuthProtocols: Record<string, string>;
  PrivProtocols: Record<string, string>;
  RequestTimedOutError: new (...a: unknown[]) => Error;
}

export const snmp = createRequire(import.meta.url)('net-snmp') as NetSnmp;
