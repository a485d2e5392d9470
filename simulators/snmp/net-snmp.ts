/**
 * A typed facade over the parts of the `net-snmp` npm package the simulator uses. The package ships
 * no type declarations; loading it through `createRequire` with our own narrow interface avoids an
 * ambient `declare module` that could clash with other folders' declarations.
 */
import { createRequire } from 'node:module';
import type { Socket } from 'node:dgram';

export interface Varbind {
  oid: string;
  type: number;
  value: unknown;
}

export interface SnmpUser {
  name: string;
  level: number;
  authProtocol?: string;
  authKey?: string;
  privProtocol?: string;
  privKey?: string;
}

export interface SnmpPdu {
  type: number;
  id: number;
  varbinds: Varbind[];
  nonRepeaters?: number;
  maxRepetitions?: number;
  contextName?: string;
  getResponsePduForRequest(): SnmpPdu;
}

export interface SnmpMessage {
  version: number;
  pdu: SnmpPdu;
  report?: boolean;
  original?: SnmpMessage;
  hasAuthoritativeEngineID(): boolean;
  isReportable(): boolean;
}

export interface NetSnmpAgent {
  listener: {
    constructor: { processIncoming(buf: Buffer, authorizer: unknown, cb: (err: Error | null) => void): SnmpMessage | undefined };
    close(cb?: () => void): void;
  };
  authorizer: { addCommunity(c: string): void; addUser(u: SnmpUser): void };
  onMsg(socket: Socket, buffer: Buffer, rinfo: unknown): void;
  sendResponse(socket: Socket, rinfo: unknown, request: SnmpMessage, response: SnmpPdu): void;
  close(cb?: () => void): void;
}

export interface NetSnmpSession {
  trap(oid: string, varbinds: Varbind[], options: object, cb: (err: Error | null) => void): void;
  inform(oid: string, varbinds: Varbind[], options: object, cb: (err: Error | null) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  close(): void;
}

export interface NetSnmp {
  createAgent(options: object, callback: (err: Error | null) => void): NetSnmpAgent;
  createSession(target: string, community: string, options: object): NetSnmpSession;
  createV3Session(target: string, user: SnmpUser, options: object): NetSnmpSession;
  Version2c: number;
  Version3: number;
  ObjectType: Record<string, number>;
  PduType: Record<string, number>;
  SecurityLevel: { noAuthNoPriv: number; authNoPriv: number; authPriv: number };
  AuthProtocols: Record<string, string>;
  PrivProtocols: Record<string, string>;
}

export const snmp = createRequire(import.meta.url)('net-snmp') as NetSnmp;
