/**
 * `<edit-config>` applied to an OltConfig (RFC 6241 §7.2): operations merge, replace, create,
 * delete, remove on any element, default-operation merge|replace|none, error-option
 * stop-on-error|continue-on-error|rollback-on-error.
 *
 * The input tree is never mutated: the edit copies only the path it changes (root → list → entry),
 * so an edit costs O(size of the edit + length of the lists it walks), not O(size of the
 * configuration), and the previous tree stays intact as a rollback point and for other readers.
 */
import type { OltConfig } from '../../src/domain/olt-config/model.ts';
import {
  NETCONF_BASE_NS,
  OLT_NS,
  OLT_ROOT,
  parseLeaf,
  type ListSpec,
} from '../../src/adapters/driven/olt/netconf/olt-config-schema.ts';
import { entryPath, OLT_PATH } from '../../src/adapters/driven/olt/netconf/olt-config-validate.ts';
import { attr, type XNode } from '../../src/adapters/driven/olt/netconf/olt-config-xnode.ts';
import type { RpcErrorInfo } from './rpc-error.ts';

export type Operation = 'merge' | 'replace' | 'create' | 'delete' | 'remove' | 'none';
export type ErrorOption = 'stop-on-error' | 'continue-on-error' | 'rollback-on-error';

export interface EditResult {
  config: OltConfig;
  errors: RpcErrorInfo[];
  changed: boolean;
}

type Obj = Record<string, unknown>;
const OPS: readonly string[] = ['merge', 'replace', 'create', 'delete', 'remove'];

class Stop extends Error {}

class EditRun {
  readonly errors: RpcErrorInfo[] = [];
  changed = false;
  /** Objects created by this edit: safe to mutate in place. */
  private readonly own = new WeakSet<object>();
  constructor(private readonly errorOption: ErrorOption) {}

  fail(e: RpcErrorInfo): void {
    this.errors.push(e);
    if (this.errorOption !== 'continue-on-error') throw new Stop();
  }

  mine<T extends object>(o: T): T {
    if (this.own.has(o)) return o;
    const c = (Array.isArray(o) ? [...o] : { ...o }) as T;
    this.own.add(c);
    return c;
  }

  /** Make parent[field] (an array) owned and return it. */
  ownList(parent: Obj, field: string): Obj[] {
    const arr = this.mine((parent[field] as Obj[] | undefined) ?? []);
    parent[field] = arr;
    this.changed = true;
    return arr;
  }

  opOf(node: XNode, inherited: Operation, path: string): Operation {
    const op = attr(node, 'operation', NETCONF_BASE_NS);
    if (op === undefined) return inherited;
    if (!OPS.includes(op)) {
      this.fail({
        type: 'protocol',
        tag: 'bad-attribute',
        path,
        message: `operation "${op}" is not valid`,
        info: { 'bad-attribute': 'operation', 'bad-element': node.name },
      });
      return inherited;
    }
    return op as Operation;
  }

  /** Build a complete entry from XML (create/replace), reporting bad or unknown children. */
  build(spec: ListSpec, node: XNode, path: string): Obj {
    const out: Obj = {};
    for (const sub of spec.lists) out[sub.field] = [];
    for (const c of node.children) {
      const leaf = c.name === spec.key.xml ? spec.key : spec.leaves.find((l) => l.xml === c.name);
      if (leaf) {
        const r = parseLeaf(leaf, c.text);
        if (!r.ok) {
          this.fail(badValue(`${path}/polt:${c.name}`, r.message, c.name));
          continue;
        }
        out[leaf.field] = r.value;
        continue;
      }
      const sub = spec.lists.find((l) => l.xml === c.name);
      if (!sub) {
        this.fail(unknownElement(c, path));
        continue;
      }
      const key = this.key(sub, c, path);
      if (key === undefined) continue;
      (out[sub.field] as Obj[]).push(this.build(sub, c, entryPath(path, sub, key)));
    }
    for (const l of spec.leaves)
      if (out[l.field] === undefined && l.default !== undefined) out[l.field] = l.default;
    this.own.add(out);
    return out;
  }

  key(spec: ListSpec, node: XNode, parentPath: string): string | number | undefined {
    const k = node.children.find((c) => c.name === spec.key.xml);
    if (!k) {
      this.fail({
        type: 'protocol',
        tag: 'missing-element',
        path: `${parentPath}/polt:${spec.xml}`,
        message: `${spec.xml} without its key ${spec.key.xml}`,
        info: { 'bad-element': spec.key.xml },
      });
      return undefined;
    }
    const r = parseLeaf(spec.key, k.text);
    if (!r.ok) {
      this.fail(badValue(`${parentPath}/polt:${spec.xml}/polt:${spec.key.xml}`, r.message, spec.key.xml));
      return undefined;
    }
    return r.value as string | number;
  }

  /** A container holding one list (`channel-terminations`) or the lists of an entry. */
  listContainer(spec: ListSpec, parent: Obj, node: XNode, op: Operation, path: string): void {
    const wpath = `${path}/polt:${spec.wrapper}`;
    if (op === 'replace') {
      const items: Obj[] = [];
      for (const c of node.children) {
        if (c.name !== spec.xml) {
          this.fail(unknownElement(c, wpath));
          continue;
        }
        const key = this.key(spec, c, path);
        if (key !== undefined) items.push(this.build(spec, c, entryPath(path, spec, key)));
      }
      parent[spec.field] = items;
      this.changed = true;
      return;
    }
    if (op === 'delete' || op === 'remove') {
      const cur = (parent[spec.field] as Obj[] | undefined) ?? [];
      if (op === 'delete' && cur.length === 0) this.fail(missing(wpath, `${spec.wrapper} is empty`));
      parent[spec.field] = [];
      this.changed = true;
      return;
    }
    for (const c of node.children) {
      if (c.name !== spec.xml) {
        this.fail(unknownElement(c, wpath));
        continue;
      }
      this.entry(spec, parent, c, op, path);
    }
  }

  entry(spec: ListSpec, parent: Obj, node: XNode, inherited: Operation, parentPath: string): void {
    const key = this.key(spec, node, parentPath);
    if (key === undefined) return;
    const path = entryPath(parentPath, spec, key);
    const op = this.opOf(node, inherited, path);
    const cur = (parent[spec.field] as Obj[] | undefined) ?? [];
    const idx = cur.findIndex((e) => e[spec.key.field] === key);
    switch (op) {
      case 'create':
        if (idx >= 0) {
          this.fail({
            type: 'application',
            tag: 'data-exists',
            path,
            message: `${spec.xml} ${key} already exists`,
          });
          return;
        }
        this.ownList(parent, spec.field).push(this.build(spec, node, path));
        return;
      case 'replace': {
        const e = this.build(spec, node, path);
        const arr = this.ownList(parent, spec.field);
        if (idx >= 0) arr[idx] = e;
        else arr.push(e);
        return;
      }
      case 'delete':
      case 'remove':
        if (idx < 0) {
          if (op === 'delete') this.fail(missing(path, `${spec.xml} ${key} does not exist`));
          return;
        }
        this.ownList(parent, spec.field).splice(idx, 1);
        return;
      case 'none':
        if (idx < 0) {
          // RFC 6241 §7.2 default-operation none: a level missing in the datastore is an error
          if (hasWritingOp(node)) this.fail(missing(path, `${spec.xml} ${key} does not exist`));
          return;
        }
        break;
      case 'merge':
        break;
    }
    const arr = this.ownList(parent, spec.field);
    let entry: Obj;
    if (idx < 0) {
      entry = { [spec.key.field]: key };
      for (const sub of spec.lists) entry[sub.field] = [];
      for (const l of spec.leaves) if (l.default !== undefined) entry[l.field] = l.default;
      this.own.add(entry);
      arr.push(entry);
    } else {
      entry = this.mine(arr[idx]);
      arr[idx] = entry;
    }
    this.children(spec, entry, node, op, path);
  }

  /** Children of an entry under merge/none: leaves and nested lists, each with its own operation. */
  children(spec: ListSpec, entry: Obj, node: XNode, op: Operation, path: string): void {
    for (const c of node.children) {
      if (c.name === spec.key.xml) continue;
      const leaf = spec.leaves.find((l) => l.xml === c.name);
      if (leaf) {
        const lpath = `${path}/polt:${leaf.xml}`;
        const lop = this.opOf(c, op, lpath);
        if (lop === 'none') continue;
        if (lop === 'delete' || lop === 'remove') {
          if (entry[leaf.field] === undefined && lop === 'delete') {
            this.fail(missing(lpath, `${leaf.xml} is not set`));
            continue;
          }
          // a deleted leaf with a YANG default takes its default again (RFC 7950 §7.6.1)
          if (leaf.default !== undefined) entry[leaf.field] = leaf.default;
          else delete entry[leaf.field];
          continue;
        }
        if (lop === 'create' && entry[leaf.field] !== undefined && leaf.default === undefined) {
          this.fail({
            type: 'application',
            tag: 'data-exists',
            path: lpath,
            message: `${leaf.xml} already set`,
          });
          continue;
        }
        const r = parseLeaf(leaf, c.text);
        if (!r.ok) {
          this.fail(badValue(lpath, r.message, leaf.xml));
          continue;
        }
        entry[leaf.field] = r.value;
        continue;
      }
      const sub = spec.lists.find((l) => l.xml === c.name);
      if (!sub) {
        this.fail(unknownElement(c, path));
        continue;
      }
      this.entry(sub, entry, c, op, path);
    }
  }
}

function hasWritingOp(n: XNode): boolean {
  const op = attr(n, 'operation', NETCONF_BASE_NS);
  if (op === 'merge' || op === 'replace' || op === 'create') return true;
  return n.children.some(hasWritingOp);
}

const missing = (path: string, message: string): RpcErrorInfo => ({
  type: 'application',
  tag: 'data-missing',
  path,
  message,
});
const badValue = (path: string, message: string, el: string): RpcErrorInfo => ({
  type: 'application',
  tag: 'invalid-value',
  path,
  message,
  info: { 'bad-element': el },
});
function unknownElement(n: XNode, parentPath: string): RpcErrorInfo {
  if (n.ns !== OLT_NS && n.ns !== '') {
    return {
      type: 'application',
      tag: 'unknown-namespace',
      path: parentPath,
      message: `unknown namespace ${n.ns}`,
      info: { 'bad-element': n.name, 'bad-namespace': n.ns },
    };
  }
  return {
    type: 'application',
    tag: 'unknown-element',
    path: parentPath,
    message: `unknown element ${n.name}`,
    info: { 'bad-element': n.name },
  };
}

/**
 * Apply the children of `<config>` to `base`. Returns the new tree (sharing unchanged parts with
 * `base`) and the errors; with rollback-on-error any error returns `base` itself.
 */
export function applyEditConfig(
  base: OltConfig,
  config: XNode,
  defaultOp: 'merge' | 'replace' | 'none',
  errorOption: ErrorOption,
): EditResult {
  const run = new EditRun(errorOption);
  let root = run.mine(base as unknown as Obj);
  try {
    if (defaultOp === 'replace') {
      // default-operation replace: the <config> content replaces the whole datastore (RFC 6241 §7.2)
      root = { trafficProfiles: [], channelTerminations: [] };
      run.changed = true;
    }
    for (const top of config.children) {
      if (top.name !== 'olt' || top.ns !== OLT_NS) {
        run.fail(unknownElement(top, '/'));
        continue;
      }
      const op = run.opOf(top, defaultOp, OLT_PATH);
      if (op === 'replace' || op === 'delete' || op === 'remove') {
        const empty = base.trafficProfiles.length + base.channelTerminations.length === 0;
        if (op === 'delete' && empty) run.fail(missing(OLT_PATH, 'olt is empty'));
        root.trafficProfiles = [];
        root.channelTerminations = [];
        run.changed = true;
        if (op !== 'replace') continue;
      }
      if (op === 'create' && base.channelTerminations.length + base.trafficProfiles.length > 0) {
        run.fail({ type: 'application', tag: 'data-exists', path: OLT_PATH, message: 'olt already exists' });
        continue;
      }
      const inner: Operation = op === 'replace' || op === 'create' ? 'merge' : op;
      for (const c of top.children) {
        const spec = OLT_ROOT.lists.find((l) => l.wrapper === c.name);
        if (!spec) {
          run.fail(unknownElement(c, OLT_PATH));
          continue;
        }
        run.listContainer(spec, root, c, run.opOf(c, inner, `${OLT_PATH}/polt:${c.name}`), OLT_PATH);
      }
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  if (run.errors.length && errorOption === 'rollback-on-error')
    return { config: base, errors: run.errors, changed: false };
  return { config: root as unknown as OltConfig, errors: run.errors, changed: run.changed };
}
