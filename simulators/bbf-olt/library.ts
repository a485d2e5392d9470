/**
 * What the BBF OLT announces: the hello capabilities (RFC 6241 §8 protocol capabilities; RFC 7950
 * §5.6.4: a YANG 1.1 server lists its modules only through the YANG library; RFC 8526 §2 the
 * `yang-library:1.1` capability with the library's content-id; RFC 6243 with-defaults) and the
 * library itself as operational data — RFC 8525 `/yang-library` and, for pre-NMDA clients, the
 * RFC 7895 `/modules-state` — built from the module set the schema was generated from, so what is
 * announced is exactly what is validated.
 */
import type { DNode } from '../yang/data.ts';
import type { Schema } from '../yang/schema.ts';
import type { GenModule } from '../yang/schema-format.ts';
import { container, entry, fresh, leaf, leafList } from '../yang/build.ts';

const YL = 'ietf-yang-library';

export function helloCapabilities(schema: Schema): string[] {
  const rev = schema.modules.find((m) => m.name === YL)?.revision ?? '2019-01-04';
  return [
    'urn:ietf:params:netconf:base:1.0',
    'urn:ietf:params:netconf:base:1.1',
    'urn:ietf:params:netconf:capability:candidate:1.0',
    'urn:ietf:params:netconf:capability:confirmed-commit:1.1',
    'urn:ietf:params:netconf:capability:rollback-on-error:1.0',
    'urn:ietf:params:netconf:capability:validate:1.1',
    'urn:ietf:params:netconf:capability:writable-running:1.0',
    'urn:ietf:params:netconf:capability:with-defaults:1.0?basic-mode=explicit&also-supported=trim',
    `urn:ietf:params:netconf:capability:yang-library:1.1?revision=${rev}&content-id=${schema.contentId}`,
  ];
}

/** `/yang-library` (RFC 8525 §3) and `/modules-state` (RFC 7895) into an operational root. */
export function addLibrary(schema: Schema, root: DNode): void {
  const yl = container(root, `${YL}:yang-library`);
  const set = entry(yl, `${YL}:module-set`, schema.moduleSet);
  for (const m of schema.modules) {
    const e = entry(set, `${YL}:module`, m.name);
    moduleFacts(e, m);
  }
  for (const m of schema.importOnly) {
    const e = entry(set, `${YL}:import-only-module`, m.name, m.revision);
    leaf(e, `${YL}:namespace`, m.namespace);
    for (const s of m.submodules ?? [])
      leaf(entry(e, `${YL}:submodule`, s.name), `${YL}:revision`, s.revision);
  }
  const sch = entry(yl, `${YL}:schema`, schema.moduleSet);
  leafList(sch, `${YL}:module-set`, [schema.moduleSet]);
  for (const ds of ['running', 'candidate', 'operational']) {
    const d = entry(yl, `${YL}:datastore`, `ietf-datastores:${ds}`);
    leaf(d, `${YL}:schema`, schema.moduleSet);
  }
  leaf(yl, `${YL}:content-id`, schema.contentId);

  // RFC 7895 (deprecated in 8525 §4, kept for pre-NMDA clients): implemented and import-only modules
  const ms = container(root, `${YL}:modules-state`);
  leaf(ms, `${YL}:module-set-id`, schema.contentId);
  const old = (m: GenModule, conformance: 'implement' | 'import') => {
    const e = entry(ms, `${YL}:module`, m.name, m.revision);
    leaf(e, `${YL}:namespace`, m.namespace);
    leafList(e, `${YL}:feature`, m.features ?? []);
    leaf(e, `${YL}:conformance-type`, conformance);
    for (const s of m.submodules ?? [])
      leaf(entry(e, `${YL}:submodule`, s.name, s.revision), `${YL}:revision`, undefined);
  };
  for (const m of schema.importOnly) old(m, 'import');
  for (const m of schema.modules) old(m, 'implement');
}

function moduleFacts(e: DNode, m: GenModule): void {
  leaf(e, `${YL}:revision`, m.revision);
  leaf(e, `${YL}:namespace`, m.namespace);
  for (const s of m.submodules ?? []) leaf(entry(e, `${YL}:submodule`, s.name), `${YL}:revision`, s.revision);
  leafList(e, `${YL}:feature`, m.features ?? []);
}

/** A fresh operational root holding only the library (for `<get>` filtered on it). */
export function libraryTree(schema: Schema): DNode {
  const root = fresh(schema.root);
  addLibrary(schema, root);
  return root;
}
