/**
 * What a NETCONF server implements, read before anything is written (docs/bbf-mapping.md §8):
 * the hello says which YANG library the server has — `…:yang-library:1.1?…&content-id=` (RFC 8526
 * §2, NMDA: the library of RFC 8525 under `/yang-library`, read with `<get-data>` on
 * `ds:operational`) or `…:yang-library:1.0?…&module-set-id=` (RFC 7895: `/modules-state`, read with
 * `<get>`). A YANG 1.1 module is announced only there, never as a hello capability (RFC 7950
 * §5.6.4). Neither announced → MissingCapabilityError `ietf-yang-library`; an empty or unreadable
 * library is an error too — never "no modules", never an empty configuration.
 */
import { MissingCapabilityError, RpcError } from '../../../../../application/ports/olt-driver/errors.ts';
import type { NetconfOperations } from '../operations.ts';
import { replyDataXml } from '../rpc-reply.ts';
import { child, type XNode } from '../olt-config-xnode.ts';
import { scanXml } from '../xml-scan.ts';
import { NS } from './bbf-names.ts';

export interface LibraryModule {
  name: string;
  revision?: string;
  namespace?: string;
  /** Features the server supports (RFC 7950 §7.20.1), as announced. */
  features: Set<string>;
  /** Modules that deviate this one (RFC 7950 §7.20.3). */
  deviations: string[];
  /** `implement`: its data nodes exist on the server; `import`: only its definitions are used. */
  conformance: 'implement' | 'import';
}

export interface YangLibrary {
  /** `rfc8525` (`/yang-library`) or `rfc7895` (`/modules-state`). */
  form: 'rfc8525' | 'rfc7895';
  /** content-id / module-set-id: unchanged id = unchanged library (cache key). */
  id?: string;
  modules: Map<string, LibraryModule>;
  /** `<get-data>` (RFC 8526) is available: ietf-netconf-nmda implemented. */
  nmda: boolean;
}

const LIB_11 = 'urn:ietf:params:netconf:capability:yang-library:1.1';
const LIB_10 = 'urn:ietf:params:netconf:capability:yang-library:1.0';

function capParams(caps: readonly string[], base: string): URLSearchParams | undefined {
  const c = caps.find((x) => x === base || x.startsWith(`${base}?`));
  if (c === undefined) return undefined;
  const q = c.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : c.slice(q + 1).replace(/&amp;/g, '&'));
}

const texts = (n: XNode, name: string) => n.children.filter((c) => c.name === name).map((c) => c.text);
const text = (n: XNode, name: string) => child(n, name)?.text;

/** RFC 8525 `/yang-library`: modules of every module set (each datastore's schema draws on them). */
export function parseYangLibrary(dataInnerXml: string): Map<string, LibraryModule> {
  const root = scanXml(dataInnerXml, undefined, 'data');
  const lib = root.children.find((c) => c.name === 'yang-library' && c.ns === NS.yanglib);
  const out = new Map<string, LibraryModule>();
  for (const set of lib?.children.filter((c) => c.name === 'module-set') ?? []) {
    for (const m of set.children) {
      if (m.name !== 'module' && m.name !== 'import-only-module') continue;
      const name = text(m, 'name');
      if (!name) continue;
      const implement = m.name === 'module';
      const prev = out.get(name);
      if (prev && prev.conformance === 'implement') continue;
      out.set(name, {
        name,
        revision: text(m, 'revision') || undefined,
        namespace: text(m, 'namespace'),
        features: new Set(texts(m, 'feature')),
        deviations: texts(m, 'deviation'),
        conformance: implement ? 'implement' : 'import',
      });
    }
  }
  return out;
}

/** RFC 7895 `/modules-state`. */
export function parseModulesState(dataInnerXml: string): Map<string, LibraryModule> {
  const root = scanXml(dataInnerXml, undefined, 'data');
  const ms = root.children.find((c) => c.name === 'modules-state' && c.ns === NS.yanglib);
  const out = new Map<string, LibraryModule>();
  for (const m of ms?.children.filter((c) => c.name === 'module') ?? []) {
    const name = text(m, 'name');
    if (!name) continue;
    out.set(name, {
      name,
      revision: text(m, 'revision') || undefined,
      namespace: text(m, 'namespace'),
      features: new Set(texts(m, 'feature')),
      deviations: m.children.filter((c) => c.name === 'deviation').map((d) => text(d, 'name') ?? ''),
      conformance: text(m, 'conformance-type') === 'import' ? 'import' : 'implement',
    });
  }
  return out;
}

/** The `<get-data>` of RFC 8526 §3.1.1 on a datastore, with a subtree filter. */
export function getDataRpc(datastore: 'operational' | 'running', filterXml: string, configFilter?: boolean) {
  return (
    `<get-data xmlns="${NS.nmda}" xmlns:ds="${NS.ds}"><datastore>ds:${datastore}</datastore>` +
    `<subtree-filter>${filterXml}</subtree-filter>` +
    (configFilter === undefined ? '' : `<config-filter>${configFilter}</config-filter>`) +
    '</get-data>'
  );
}

/** Reads the server's YANG library as its hello says it has one. */
export async function readYangLibrary(
  ops: NetconfOperations,
  capabilities: readonly string[],
  device: string,
): Promise<YangLibrary> {
  const v11 = capParams(capabilities, LIB_11);
  const v10 = capParams(capabilities, LIB_10);
  if (!v11 && !v10)
    throw new MissingCapabilityError('read the YANG library', 'ietf-yang-library', {
      device,
      missing: ['ietf-yang-library'],
    });
  let lib: YangLibrary | undefined;
  if (v11) {
    const filter = `<yang-library xmlns="${NS.yanglib}"/>`;
    let xml: string;
    try {
      const r = await ops.session.rpc(getDataRpc('operational', filter), {
        operation: 'get-data yang-library',
      });
      xml = replyDataXml(r.raw);
    } catch (e) {
      // a server that announces the 1.1 library but not <get-data> (RFC 8525 §5: it is also readable by <get>)
      if (!(e instanceof RpcError)) throw e;
      xml = await ops.get({ type: 'subtree', xml: filter });
    }
    const modules = parseYangLibrary(xml);
    if (modules.size) lib = { form: 'rfc8525', id: v11.get('content-id') ?? undefined, modules, nmda: false };
  }
  if (!lib && v10) {
    const xml = await ops.get({ type: 'subtree', xml: `<modules-state xmlns="${NS.yanglib}"/>` });
    const modules = parseModulesState(xml);
    if (modules.size)
      lib = { form: 'rfc7895', id: v10.get('module-set-id') ?? undefined, modules, nmda: false };
  }
  if (!lib)
    throw new MissingCapabilityError(
      'read the YANG library',
      'ietf-yang-library (announced, but it lists no module)',
      {
        device,
        missing: ['ietf-yang-library'],
      },
    );
  lib.nmda = lib.modules.get('ietf-netconf-nmda')?.conformance === 'implement';
  return lib;
}
