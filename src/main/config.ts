/**
 * Controller configuration (design §3): `ponctl.config.json` (or `.yaml`, a flat subset) in the
 * working directory, then environment variables, the environment winning.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { StoreConfig } from '../adapters/driven/store/index.ts';
import { DEFAULT_INTAKE_GATE } from '../adapters/driving/api/intake-gate.ts';
import { DEFAULT_DISPUTE_WINDOW_DAYS } from '../domain/unblocking/index.ts';

export type { StoreConfig } from '../adapters/driven/store/index.ts';

export interface Config {
  listen: { host: string; port: number };
  dataDir: string;
  store: StoreConfig;
  /** ISO instant the controller's clock starts at (`PONCTL_CLOCK`), undefined = wall clock. */
  clockStart?: string;
  /** Start the simulated lab with the controller (`PONCTL_LAB`, default on). */
  lab: boolean;
  /**
   * Drive a lab already running in its own process (`ponctl lab`) instead of starting one: the path
   * of its inventory (`PONCTL_LAB_INVENTORY`, e.g. the `lab.json` `ponctl lab` writes, or a file
   * holding the line `ponctl lab --json` prints). Its OLTs keep their state when the controller
   * stops or is killed (issue 17 item 6: crash tests read back what the devices really hold).
   */
  labInventory?: string;
  /**
   * Seed the demo SPs, coverage, stock and keys on first start (`PONCTL_DEMO`, default: as `lab`).
   * A production start (PONCTL_LAB=0) has none (issue 14 item 4); PONCTL_DEMO=1 keeps them (tests).
   */
  demo: boolean;
  /**
   * Identifies this controller instance in leases (several instances share PostgreSQL, design §8).
   * Stable across restarts (issue 17 item 6): a restarted instance is the same owner, so it takes its
   * own leases back at once instead of waiting for them to run out. Default: host + data directory;
   * instances sharing one data directory on one host must set `PONCTL_INSTANCE` apart.
   */
  instanceId: string;
  /**
   * Several instances on one store (design §8, issue 16): the lease period — an instance that stops
   * is declared dead, and its OLTs and work taken over, within `leaseMs` (`PONCTL_LEASE_MS`,
   * default 10 000; application/cluster/membership.ts derives the heartbeat from it).
   */
  cluster: { leaseMs: number };
  /**
   * OLTs one instance provisions at once (`PONCTL_OLT_CONCURRENCY`, default 8; issue 16 item 3): in
   * parallel across OLTs, one writer per OLT across instances.
   */
  oltConcurrency: number;
  poll: {
    /** How often due orders are looked for (ms). */
    schedulerMs: number;
    /** ONT state / optical polling by SNMP (ms). */
    snmpMs: number;
  };
  /**
   * Webhooks (design §4, issue 17 item 3): first retry after `retryBaseMs` (5 s, doubling to 1 h),
   * dead-lettered after `maxAttempts`; at most `maxEndpointsPerSp` endpoints per SP
   * (`PONCTL_WEBHOOK_MAX_ENDPOINTS`, default 10); `allow`: CIDRs a lab may reach although they are
   * loopback/private/… (`PONCTL_WEBHOOK_ALLOW`, comma-separated; none by default); `ownAddresses`:
   * this controller's addresses beyond its interfaces' (`PONCTL_OWN_ADDRESSES`).
   */
  webhooks: {
    timeoutMs: number;
    retryBaseMs: number;
    maxAttempts: number;
    maxEndpointsPerSp: number;
    allow: string[];
    ownAddresses: string[];
  };
  /**
   * Per API key (issue 14 §7, issue 17 items 4–5): requests per `windowMs` (`PONCTL_RATE_LIMIT`,
   * default 6 000 a minute per instance; 0 = off), open event streams (`PONCTL_MAX_STREAMS_PER_KEY`, default 10),
   * how often revocations are looked for in the store (`PONCTL_REVOCATION_POLL_MS`, default 1 000).
   */
  api: {
    rateLimit: number;
    rateWindowMs: number;
    maxStreamsPerKey: number;
    revocationPollMs: number;
    /**
     * Fair order intake (docs/fairness.md): intakes in flight at once (`PONCTL_INTAKE_CONCURRENCY`,
     * default 8; 0 = no gate), of an SP alone in intake (`PONCTL_INTAKE_PER_SP`, default 8; beside
     * other SPs one), requests of one SP waiting for a slot before 429
     * (`PONCTL_INTAKE_QUEUE_PER_SP`, default 64), and how long another SP's intake keeps a backlog
     * yielding (`PONCTL_INTAKE_YIELD_MS`, default 250). In the config file beside the other intake
     * limits: `fairness.intakeConcurrency`, `intakePerSp`, `intakeQueuePerSp`, `intakeYieldMs`.
     */
    intake: { concurrency: number; perSp: number; queuePerSp: number; yieldMs: number };
  };
  /**
   * Fairness (issue 17 item 4, docs/fairness.md): the open orders one SP may hold
   * (`PONCTL_SP_MAX_OPEN_ORDERS`, default 10 000; 0 = no limit), per SP where one needs another
   * (`PONCTL_SP_MAX_OPEN_ORDERS_BY_SP=sp-big=50000,sp-test=100`).
   */
  fairness: { maxOpenOrdersPerSp: number; maxOpenOrdersBySp: Record<string, number> };
  /** Days an SP has to dispute a forced takeover (`PONCTL_DISPUTE_WINDOW_DAYS`, default 14). */
  disputeWindowDays: number;
  /**
   * The key secrets are sealed with at rest (issue 14 item 3): `PONCTL_SECRET_KEY`, else the key file
   * (`PONCTL_SECRET_KEY_FILE`, default `<data dir>/secret.key`, created 0600 on first start).
   */
  secrets: { key?: string; file: string };
  /** pino level of the controller's log (`PONCTL_LOG_LEVEL`: fatal, error, warn, info, debug, trace). */
  logLevel: string;
}

type FileConfig = Partial<{
  listen: string;
  dataDir: string;
  store: string;
  clock: string;
  lab: boolean | string | number;
  labInventory: string;
  instanceId: string;
  cluster: Partial<Config['cluster']>;
  oltConcurrency: number;
  poll: Partial<Config['poll']>;
  webhooks: Partial<Config['webhooks']>;
  /** the open-order limits, and the fair intake gate's settings (Config.api.intake) */
  fairness: Partial<Config['fairness'] & FileIntake>;
  logLevel: string;
}>;

/** The fair intake gate's settings in the config file (`fairness` section, flat: the YAML subset). */
interface FileIntake {
  intakeConcurrency: number;
  intakePerSp: number;
  intakeQueuePerSp: number;
  intakeYieldMs: number;
}

export function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:(.*):)?(\d+)$/.exec(s.trim());
  if (!m) throw new Error(`listen address must be HOST:PORT or PORT: ${s}`);
  const host = (m[1] || '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  const port = Number(m[2]);
  if (port > 65535) throw new Error(`port out of range: ${s}`);
  return { host, port };
}

/** A flat YAML subset (`key: value`, one level of nesting by indentation) — enough for this file. */
function parseSimpleYaml(text: string): FileConfig {
  const out: Record<string, unknown> = {};
  let section: Record<string, unknown> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const m = /^(\s*)([\w-]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, indent, key, value] = m;
    const v =
      value === ''
        ? undefined
        : /^-?\d+(\.\d+)?$/.test(value)
          ? Number(value)
          : value === 'true'
            ? true
            : value === 'false'
              ? false
              : value.replace(/^['"](.*)['"]$/, '$1');
    if (indent.length === 0) {
      if (v === undefined) out[key] = section = {};
      else {
        out[key] = v;
        section = undefined;
      }
    } else if (section) section[key] = v;
  }
  return out as FileConfig;
}

function readFileConfig(cwd: string): FileConfig {
  for (const name of ['ponctl.config.json', 'ponctl.config.yaml', 'ponctl.config.yml']) {
    const p = path.join(cwd, name);
    if (!existsSync(p)) continue;
    const text = readFileSync(p, 'utf8');
    return name.endsWith('.json') ? (JSON.parse(text) as FileConfig) : parseSimpleYaml(text);
  }
  return {};
}

const num = (v: string | undefined, d: number): number =>
  v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d;
const flag = (v: unknown, d: boolean): boolean =>
  v === undefined || v === '' ? d : !['0', 'false', 'no', 'off'].includes(String(v).toLowerCase());

const list = (v: string | undefined, d: string[] | undefined): string[] =>
  v !== undefined
    ? v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : (d ?? []);

/** `sp-a=20000,sp-b=500` → { 'sp-a': 20000, 'sp-b': 500 }; a malformed entry is an error, not a silent default. */
export function parsePerSp(v: string | undefined, d: Record<string, number> = {}): Record<string, number> {
  if (v === undefined || v.trim() === '') return d;
  const out: Record<string, number> = {};
  for (const part of v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^([^=\s]+)\s*=\s*(\d+)$/.exec(part);
    if (!m) throw new Error(`expected SP=NUMBER, got ${part}`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

/** The environment's whole number ≥ 0, else the file's, else `d`; anything else in the file is an error. */
function count(v: string | undefined, f: unknown, d: number, key: string): number {
  if (v !== undefined && v !== '' && Number.isInteger(Number(v)) && Number(v) >= 0) return Number(v);
  if (f === undefined) return d;
  if (typeof f !== 'number' || !Number.isInteger(f) || f < 0)
    throw new Error(`config file: ${key} must be a whole number ≥ 0, got ${JSON.stringify(f)}`);
  return f;
}

const wholeDays = (v: string | undefined, d: number): number =>
  v && Number.isInteger(Number(v)) && Number(v) >= 0 ? Number(v) : d;

/** Open orders one SP may hold unless configured otherwise (docs/fairness.md). */
export const DEFAULT_MAX_OPEN_ORDERS_PER_SP = 10_000;

/** `ponctl-<host>-<8 hex of the data directory>`: the same process restarted gets the same id. */
export function stableInstanceId(dataDir: string): string {
  return `ponctl-${hostname()}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 8)}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const file = readFileConfig(cwd);
  const dataDir = path.resolve(cwd, env.PONCTL_DATA_DIR || file.dataDir || './data');
  const storeUrl = env.PONCTL_STORE || file.store || '';
  const store: StoreConfig = /^postgres(ql)?:\/\//.test(storeUrl)
    ? { kind: 'postgres', url: storeUrl }
    : { kind: 'sqlite', file: storeUrl ? path.resolve(cwd, storeUrl) : path.join(dataDir, 'ponctl.sqlite') };
  return {
    listen: parseListen(env.PONCTL_LISTEN || file.listen || '127.0.0.1:8080'),
    dataDir,
    store,
    clockStart: env.PONCTL_CLOCK || file.clock || undefined,
    lab: flag(env.PONCTL_LAB ?? file.lab, true),
    labInventory:
      env.PONCTL_LAB_INVENTORY || file.labInventory
        ? path.resolve(cwd, (env.PONCTL_LAB_INVENTORY || file.labInventory)!)
        : undefined,
    demo: flag(
      env.PONCTL_DEMO,
      flag(env.PONCTL_LAB ?? file.lab, true) || !!(env.PONCTL_LAB_INVENTORY || file.labInventory),
    ),
    // unique across hosts (instances on several machines share one PostgreSQL), the same after a restart
    instanceId: env.PONCTL_INSTANCE || file.instanceId || stableInstanceId(dataDir),
    cluster: { leaseMs: Math.max(400, num(env.PONCTL_LEASE_MS, file.cluster?.leaseMs ?? 10_000)) },
    oltConcurrency: Math.max(1, Math.floor(num(env.PONCTL_OLT_CONCURRENCY, file.oltConcurrency ?? 8))),
    poll: {
      schedulerMs: num(env.PONCTL_SCHEDULER_MS, file.poll?.schedulerMs ?? 1000),
      snmpMs: num(env.PONCTL_SNMP_POLL_MS, file.poll?.snmpMs ?? 5000),
    },
    webhooks: {
      timeoutMs: num(env.PONCTL_WEBHOOK_TIMEOUT_MS, file.webhooks?.timeoutMs ?? 5000),
      retryBaseMs: num(env.PONCTL_WEBHOOK_RETRY_MS, file.webhooks?.retryBaseMs ?? 5000),
      maxAttempts: num(env.PONCTL_WEBHOOK_MAX_ATTEMPTS, file.webhooks?.maxAttempts ?? 20),
      maxEndpointsPerSp: num(env.PONCTL_WEBHOOK_MAX_ENDPOINTS, file.webhooks?.maxEndpointsPerSp ?? 10),
      allow: list(env.PONCTL_WEBHOOK_ALLOW, file.webhooks?.allow),
      ownAddresses: list(env.PONCTL_OWN_ADDRESSES, file.webhooks?.ownAddresses),
    },
    api: {
      rateLimit: num(env.PONCTL_RATE_LIMIT, 6000),
      rateWindowMs: num(env.PONCTL_RATE_WINDOW_MS, 60_000),
      maxStreamsPerKey: num(env.PONCTL_MAX_STREAMS_PER_KEY, 10),
      revocationPollMs: num(env.PONCTL_REVOCATION_POLL_MS, 1_000),
      intake: {
        concurrency: count(
          env.PONCTL_INTAKE_CONCURRENCY,
          file.fairness?.intakeConcurrency,
          DEFAULT_INTAKE_GATE.concurrency,
          'fairness.intakeConcurrency',
        ),
        perSp: count(
          env.PONCTL_INTAKE_PER_SP,
          file.fairness?.intakePerSp,
          DEFAULT_INTAKE_GATE.perSp,
          'fairness.intakePerSp',
        ),
        queuePerSp: count(
          env.PONCTL_INTAKE_QUEUE_PER_SP,
          file.fairness?.intakeQueuePerSp,
          DEFAULT_INTAKE_GATE.queuePerSp,
          'fairness.intakeQueuePerSp',
        ),
        yieldMs: count(
          env.PONCTL_INTAKE_YIELD_MS,
          file.fairness?.intakeYieldMs,
          DEFAULT_INTAKE_GATE.yieldMs!,
          'fairness.intakeYieldMs',
        ),
      },
    },
    fairness: {
      maxOpenOrdersPerSp: wholeDays(
        env.PONCTL_SP_MAX_OPEN_ORDERS,
        file.fairness?.maxOpenOrdersPerSp ?? DEFAULT_MAX_OPEN_ORDERS_PER_SP,
      ),
      maxOpenOrdersBySp: parsePerSp(env.PONCTL_SP_MAX_OPEN_ORDERS_BY_SP, file.fairness?.maxOpenOrdersBySp),
    },
    disputeWindowDays: wholeDays(env.PONCTL_DISPUTE_WINDOW_DAYS, DEFAULT_DISPUTE_WINDOW_DAYS),
    secrets: {
      key: env.PONCTL_SECRET_KEY || undefined,
      file: path.resolve(cwd, env.PONCTL_SECRET_KEY_FILE || path.join(dataDir, 'secret.key')),
    },
    logLevel: env.PONCTL_LOG_LEVEL || file.logLevel || 'warn',
  };
}
