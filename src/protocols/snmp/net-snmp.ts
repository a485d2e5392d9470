/**
 * The one typed facade over the `net-snmp` npm package, for the controller (poller sessions, trap
 * receiver) and the simulated OLT's agent and trap sender (simulators/snmp) alike. The package ships
 * no type declarations; loading it through `createRequire` with our own narrow interface keeps `any`
 * out of both sides and avoids an ambient `declare module` that other folders could clash with.
 */
import { createRequire } from 'node:module';
import dgram, { type Socket } from 'node:dgram';
import { installFastOidCodec, type BerModule } from './ber-oid.ts';

export interface Varbind {
  oid: string;
  type: number;
  value: unknown;
}

/** A USM user (v3) as net-snmp takes it: `level` from SecurityLevel, protocols from Auth/PrivProtocols. */
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
  getBulk(
    oids: string[],
    nonRepeaters: number,
    maxRepetitions: number,
    cb: (err: Error | null, varbinds: (Varbind | Varbind[])[]) => void,
  ): void;
  trap(oid: string, varbinds: Varbind[], options: object, cb: (err: Error | null) => void): void;
  inform(oid: string, varbinds: Varbind[], options: object, cb: (err: Error | null) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  close(): void;
}

/** A decoded request PDU (agent side) or notification PDU (receiver side). */
export interface SnmpPdu {
  type: number;
  id: number;
  varbinds: Varbind[];
  nonRepeaters?: number;
  maxRepetitions?: number;
  contextName?: string;
  contextEngineID?: string;
  /** RFC 3416 error-status / error-index of a Response. */
  errorStatus?: number;
  errorIndex?: number;
  community?: string;
  user?: string;
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

interface Authorizer {
  addCommunity(c: string): void;
  addUser(u: UsmUser): void;
}

export interface NetSnmpAgent {
  listener: {
    constructor: {
      processIncoming(
        buf: Buffer,
        authorizer: unknown,
        cb: (err: Error | null) => void,
      ): SnmpMessage | undefined;
    };
    close(cb?: () => void): void;
  };
  authorizer: Authorizer;
  onMsg(socket: Socket, buffer: Buffer, rinfo: unknown): void;
  sendResponse(socket: Socket, rinfo: unknown, request: SnmpMessage, response: SnmpPdu): void;
  close(cb?: () => void): void;
}

export interface NetSnmpReceiver {
  authorizer: Authorizer;
  onMsg(socket: unknown, buffer: Buffer, rinfo: unknown): void;
}

export interface NetSnmp {
  createSession(target: string, community: string, options: object): NetSnmpSession;
  createV3Session(target: string, user: UsmUser, options: object): NetSnmpSession;
  createAgent(options: object, callback: (err: Error | null) => void): NetSnmpAgent;
  createReceiver(
    options: object,
    callback: (err: Error | null, data?: { pdu: SnmpPdu; rinfo: { address: string; port: number } }) => void,
  ): NetSnmpReceiver;
  isVarbindError(vb: Varbind): boolean;
  Version1: number;
  Version2c: number;
  Version3: number;
  ObjectType: Record<string, number>;
  PduType: Record<string, number>;
  SecurityLevel: { noAuthNoPriv: number; authNoPriv: number; authPriv: number };
  AuthProtocols: Record<string, string>;
  PrivProtocols: Record<string, string>;
  RequestTimedOutError: new (...a: unknown[]) => Error;
  /** RFC 3414 HMAC helpers (a simulated agent's USM checks and its authenticated Reports). */
  Authentication: {
    getParametersLength(authProtocol: string): number;
    isAuthentic(
      message: Buffer,
      authProtocol: string,
      authKey: string,
      engineID: Buffer,
      digest: Buffer,
    ): boolean;
    writeParameters(
      message: Buffer,
      authProtocol: string,
      authKey: string,
      engineID: Buffer,
      digest: Buffer,
    ): void;
  };
}

const require = createRequire(import.meta.url);
export const snmp = require('net-snmp') as NetSnmp;
// the BER module net-snmp itself loads: OIDs read and written without asn1-ber's garbage (ber-oid.ts)
export const ber = createRequire(require.resolve('net-snmp'))('asn1-ber').Ber as BerModule;
installFastOidCodec(ber);

const AUTH: Record<string, string> = {
  SHA: 'sha',
  MD5: 'md5',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};
const PRIV: Record<string, string> = { AES: 'aes', DES: 'des', AES256B: 'aes256b', AES256R: 'aes256r' };

/**
 * A USM authPriv user (RFC 3414) from protocol names as operators write them (`SHA`, `SHA-256`,
 * `AES`, `DES`; default SHA + AES, the lab's and the device profiles' `snmp.v3`).
 */
export function authPrivUser(u: {
  name: string;
  authKey: string;
  privKey: string;
  authProtocol?: string;
  privProtocol?: string;
}): UsmUser {
  return {
    name: u.name,
    level: snmp.SecurityLevel.authPriv,
    authProtocol: snmp.AuthProtocols[AUTH[(u.authProtocol ?? 'SHA').toUpperCase()] ?? 'sha'],
    authKey: u.authKey,
    privProtocol: snmp.PrivProtocols[PRIV[(u.privProtocol ?? 'AES').toUpperCase()] ?? 'aes'],
    privKey: u.privKey,
  };
}

/**
 * Binds a UDP socket that we own, so port 0 (ephemeral) works: net-snmp's agent and receiver would
 * bind their own and treat port 0 as 161/162. They get `inertDgramModule` instead and we feed them
 * the datagrams that arrive here.
 */
export async function bindUdp(port: number, host: string): Promise<Socket> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => {
    /* a bad datagram must not stop the agent or the receiver */
  });
  return socket;
}

/** A `dgramModule` for net-snmp's createAgent / createReceiver whose socket does nothing (see bindUdp). */
export const inertDgramModule = {
  createSocket() {
    const inert = {
      on() {
        return inert;
      },
      bind() {
        /* ours is bound */
      },
      close() {
        /* ours */
      },
    };
    return inert;
  },
};
