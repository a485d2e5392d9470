/**
 * What the `ponctl` commands need from the composition root (src/main/ponctl.ts hands it in): the
 * commands that talk to a running controller need nothing but its URL and key; these are the ones
 * that start something or work on the store directly.
 */
import type { Store } from '../../../application/ports/store/index.ts';

/** A started `ponctl start`: what it prints, and how it stops. */
export interface RunningController {
  url: string;
  store: 'sqlite' | 'postgres';
  storeDescription: string;
  /** The controller's clock at start (ISO). */
  clock: string;
  lab?: { inventoryFile: string; olts: { name: string; profile: string }[] };
  /** The demo data was seeded now (false: it was there). */
  seeded: boolean;
  keysFile: string;
  /** The demo keys (lab only; a production start makes none). */
  keys?: { operator: string; sps: Record<string, string> };
  /** OLTs in the registry. */
  olts?: number;
  demoSps: { id: string; name: string; region?: string }[];
  /** A free demo address with an ONT in sp-alpha's stock: the README's first order. */
  freeAddress?: { address: object; serial: string };
  close(): Promise<void>;
}

/** A running simulated lab (`ponctl lab`). */
export interface RunningLabView {
  inventory(): {
    control: string;
    olts: {
      name: string;
      model: string;
      profile: string;
      host: string;
      ports: { cli: number; netconf: number; snmp: number };
      credentials: { username: string; password: string; community: string };
      pons: { onts: unknown[] }[];
    }[];
  };
  close(): Promise<void>;
}

export interface LabStartOptions {
  olts: number;
  /** Index of the first OLT when one lab is spread over several processes (default 0). */
  firstOlt?: number;
  /** The step between this process's OLTs' indexes (default 1). */
  oltStep?: number;
  pons: number;
  onts: number;
  profiles?: string[];
  trapReceivers: { host: string; port: number; version: 'v2c'; community: string }[];
  controlPort?: number;
  /** Progress lines go to stderr (with --json the inventory must stay the first stdout line). */
  showProgress: boolean;
}

export interface CliDeps {
  /** `ponctl --version`. */
  version?: string;
  /** `ponctl start`: the controller, with the simulated lab unless PONCTL_LAB=0. */
  start(): Promise<RunningController>;
  /** `ponctl lab`: the simulated lab in the foreground. */
  startLab(o: LabStartOptions): Promise<RunningLabView>;
  /** The fault kinds `ponctl lab fault` accepts (design §3). */
  faultKinds: readonly string[];
  /** The data directory `ponctl start` uses (lab.json, demo keys). */
  dataDir(): string;
  /** Runs `fn` on the configured store and closes it afterwards, whatever happens (`ponctl keys`). */
  withStore(fn: (store: Store) => Promise<void>): Promise<void>;
  /** `ponctl secrets rotate`: every sealed secret of the store under a new key. */
  rotateSecrets(o: { newKey?: string; showKey(base64: string): void }): Promise<{
    previousKeyId: string;
    keyId: string;
    resealed: number;
    keyFile?: string;
  }>;
}
