/**
 * libyang (yanglint, Debian libyang2-tools) over the BBF modules in ../shared/standards, for tests:
 * the schema context an OLT announces (test/fixtures/bbf/yang-library.xml, as validate.sh builds
 * it), validation of configuration data, and the list keys libyang's compiled schema prints
 * (`yanglint -f tree`) — so test tooling knows list entries from libyang, not from the codec.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { standardsDir } from './shared-dir.ts';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const BBF_FIXTURES = path.join(REPO, 'test/fixtures/bbf');
/** ietf-netconf and ietf-netconf-nmda are not in ../shared: Debian's yuma123 (netconfd) ships them. */
const YUMA_IETF = '/usr/share/yuma/modules/ietf';

export interface BbfYang {
  /** yanglint -p arguments. */
  search: string[];
  /** The YANG library file (RFC 8525 + RFC 7895 form) for yanglint -Y. */
  library: string;
  dir: string;
}

/** The context of the lab OLT's announced library; throws when ../shared is missing. */
export function bbfYang(libraryXml?: string): BbfYang {
  const S = standardsDir();
  if (!S) throw new Error('no ../shared/standards (set PONCTL_SHARED_DIR)');
  const B = path.join(S, 'bbf-yang/standard');
  const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-bbf-yang-'));
  const library = path.join(dir, 'library.xml');
  const states = readFileSync(path.join(BBF_FIXTURES, 'modules-state-rfc7895.xml'), 'utf8').replace(
    /^<\?xml[^>]*>\s*/,
    '',
  );
  const lib = libraryXml ?? readFileSync(path.join(BBF_FIXTURES, 'yang-library.xml'), 'utf8');
  writeFileSync(library, `${lib}\n${states}`);
  const search = [
    `${B}/common`,
    `${B}/interface`,
    `${B}/networking`,
    `${S}/ietf-yang`,
    `${S}/iana-yang`,
    path.join(REPO, 'yang'),
    YUMA_IETF,
  ].flatMap((p) => ['-p', p]);
  return { search, library, dir };
}

export async function yanglint(args: string[]): Promise<{ code: number; err: string; out: string }> {
  try {
    const { stdout, stderr } = await run('yanglint', args, { timeout: 120_000, maxBuffer: 256 << 20 });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : 1, out: x.stdout ?? '', err: x.stderr ?? '' };
  }
}

/** Validates configuration data (the top-level containers) in the OLT's schema context. */
export async function validateConfig(ctx: BbfYang, xml: string, name = 'config.xml') {
  const file = path.join(ctx.dir, name);
  writeFileSync(file, xml);
  const r = await yanglint(['-Q', ...ctx.search, '-Y', ctx.library, '-t', 'config', file]);
  const errors = r.err.split('\n').filter((l) => l.startsWith('libyang err'));
  return { ok: r.code === 0, errors };
}

export interface SchemaKeys {
  /** List name (local) → key leaf names, from libyang's compiled tree. */
  lists: Map<string, string[]>;
  /** Leaf-list names (local). */
  leafLists: Set<string>;
}

/** Keys of every list of the implemented data modules, as `yanglint -f tree` prints them. */
export async function schemaKeys(ctx: BbfYang, modules: string[]): Promise<SchemaKeys> {
  const S = standardsDir()!;
  const files = modules.map((m) => {
    for (const d of [
      'bbf-yang/standard/interface',
      'bbf-yang/standard/networking',
      'bbf-yang/standard/common',
    ])
      try {
        readFileSync(path.join(S, d, `${m}.yang`));
        return path.join(S, d, `${m}.yang`);
      } catch {
        /* next folder */
      }
    if (m === 'ietf-interfaces') return path.join(S, 'ietf-yang/ietf-interfaces@2018-02-20.yang');
    return path.join(REPO, 'yang', `${m}.yang`);
  });
  const r = await yanglint(['-Q', ...ctx.search, '-Y', ctx.library, '-f', 'tree', ...files]);
  if (r.code !== 0) throw new Error(`yanglint -f tree: ${r.err.slice(0, 500)}`);
  const lists = new Map<string, string[]>();
  const leafLists = new Set<string>();
  for (const line of r.out.split('\n')) {
    const m = /[+x]--r[wo] (?:[\w-]+:)?([\w.-]+)\*(?:\s+\[([^\]]+)\])?/.exec(line);
    if (!m) continue;
    if (m[2]) lists.set(m[1], m[2].split(/\s+/));
    else leafLists.add(m[1]);
  }
  return { lists, leafLists };
}

const PY = '/usr/bin/python3'; // Debian's python with python3-ncclient, not a pyenv python3 on PATH
const NCCLIENT_BBF = path.join(REPO, 'test/interop/py/ncclient_bbf.py');

/**
 * The OLT's running configuration as ncclient reads it (`get-config`), validated by yanglint in the
 * schema context of the YANG library the OLT announces (read by ncclient too): issue 12's check
 * after every scenario of the driver contract suite. Returns libyang's errors (empty = valid).
 */
export async function ncclientRunningValid(o: { port: number; username: string; password: string }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-ncclient-'));
  await run(PY, [NCCLIENT_BBF, String(o.port), o.username, o.password, 'running', dir], { timeout: 120_000 });
  const ctx = bbfYang();
  const library = path.join(dir, 'library.xml');
  const r = await yanglint([
    '-Q',
    ...ctx.search,
    '-Y',
    library,
    '-t',
    'config',
    path.join(dir, 'running.xml'),
  ]);
  return {
    errors:
      r.code === 0
        ? []
        : r.err.split('\n').filter((l) => l.startsWith('libyang err') || l.startsWith('YANGLINT')),
    running: readFileSync(path.join(dir, 'running.xml'), 'utf8'),
  };
}

/** ncclient provisions BBF data by hand: lock, edit-config (merge), validate, confirmed commit, confirm. */
export async function ncclientProvision(
  o: { port: number; username: string; password: string },
  configXml: string,
) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-ncclient-'));
  const file = path.join(dir, 'config.xml');
  writeFileSync(file, configXml);
  const { stdout } = await run(
    PY,
    [NCCLIENT_BBF, String(o.port), o.username, o.password, 'provision', file],
    {
      timeout: 120_000,
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as { ok: boolean };
}

/**
 * One `ietf-interfaces` list entry of an XML document (ncclient's running.xml), from its `<name>` to
 * the next entry or the list's end (a sub-interface holds `<interface>` leaves of its own, so
 * `</interface>` does not end it); undefined when there is no interface of that name.
 */
export function interfaceEntry(xml: string, name: string): string | undefined {
  const start = xml.indexOf(`<name>${name}</name>`);
  if (start < 0) return undefined;
  const rest = xml.slice(start);
  const end = /<interface(?:\s[^>]*)?>\s*<name>|<\/interfaces>/.exec(rest.slice(1));
  return end ? rest.slice(0, end.index + 1) : rest;
}

/** The `write-pbit` of each channel's OLT-side sub-interface `vsi-<AdapterID>-<channel>` (docs/bbf-mapping.md names). */
export function writePbits(xml: string, adapterId: string): (number | undefined)[] {
  return ['internet', 'management', 'voip', 'iptv'].map((ch) => {
    const m = /<write-pbit>(\d+)<\/write-pbit>/.exec(interfaceEntry(xml, `vsi-${adapterId}-${ch}`) ?? '');
    return m ? Number(m[1]) : undefined;
  });
}
