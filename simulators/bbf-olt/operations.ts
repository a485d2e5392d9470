/**
 * The BBF OLT's NETCONF operations: RFC 6241 §7 (get-config, edit-config, copy-config, lock, unlock,
 * get, close-session, kill-session), §8.3 candidate (commit, discard-changes), §8.4 confirmed commit
 * 1.1 (confirmed, confirm-timeout, persist, persist-id, cancel-commit), §8.6 validate 1.1; RFC 8526
 * get-data; RFC 6243 with-defaults (explicit, trim). Each returns the `<rpc-reply>` content or throws
 * RpcError.
 */
import type { XEl } from '../yang/xml.ts';
import { DNode } from '../yang/data.ts';
import { applyEdit, NETCONF_NS, type ErrorOption } from '../yang/edit.ts';
import { XmlWriter } from '../yang/serialize.ts';
import { SubtreeFilter } from '../yang/subtree-filter.ts';
import { rpcError, RpcError } from './rpc-error.ts';
import type { Datastore } from './datastores.ts';
import { commit, cancelCommit } from './commit.ts';
import {
  bad,
  checkNotLockedByOther,
  consultFaults,
  datastore,
  param,
  type OpContext,
  type Operation,
  type ReplyBody,
} from './op-context.ts';

export { DroppedSession, type OpContext, type ReplyBody } from './op-context.ts';

export const NMDA_NS = 'urn:ietf:params:xml:ns:yang:ietf-netconf-nmda';
export const WITH_DEFAULTS_NS = 'urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults';
const DS_NS = 'urn:ietf:params:xml:ns:yang:ietf-datastores';
const OK = '<ok/>';

/** RFC 6243 §3: explicit (this server's basic mode) or trim. */
function withDefaults(op: XEl): 'explicit' | 'trim' {
  const wd = op.children.find((c) => c.name === 'with-defaults' && c.ns === WITH_DEFAULTS_NS)?.text.trim();
  if (wd === undefined || wd === 'explicit') return 'explicit';
  if (wd === 'trim') return 'trim';
  throw bad('with-defaults', `with-defaults ${wd} is not supported (basic-mode explicit, also trim)`);
}

/**
 * A reply's content: text, or parts written in order, each text or UTF-8 bytes (the data of a read,
 * written straight into bytes: XmlWriter).
 */
export type Reply = ReplyBody | (string | Uint8Array)[];
/** An operation whose reply may hold bytes (the reads; every Operation is one). */
type LabOperation = (ctx: OpContext, op: XEl) => Reply;

/** `<data>` of a tree, whole or through a subtree filter (RFC 6241 §6; no :xpath). */
function dataOf(ctx: OpContext, tree: DNode, filter: XEl | undefined, trim: boolean): Reply {
  if (filter && (filter.attrs.find((a) => a.name === 'type')?.value ?? 'subtree') !== 'subtree')
    throw rpcError('operation-not-supported', 'protocol', 'only subtree filters are supported (no :xpath)', {
      info: { 'bad-attribute': 'type', 'bad-element': 'filter' },
    });
  return ['<data>', ...selection(ctx, tree, filter, trim), '</data>'];
}

/** A tree's top-level elements, whole or through a subtree filter, as UTF-8 blocks. */
function selection(ctx: OpContext, tree: DNode, filter: XEl | undefined, trim: boolean): Uint8Array[] {
  const schema = ctx.olt.schema;
  return filter
    ? new SubtreeFilter(schema, trim).apply(tree, filter)
    : new XmlWriter(schema, trim).documentBytes(tree);
}

const getConfig: LabOperation = (ctx, op) => {
  const ds = datastore(op, 'source', ['running', 'candidate']);
  return dataOf(ctx, ctx.olt.ds.tree(ds), param(op, 'filter'), withDefaults(op) === 'trim');
};

const get: LabOperation = (ctx, op) => {
  const filter = param(op, 'filter');
  return dataOf(ctx, ctx.olt.operational(filter), filter, withDefaults(op) === 'trim');
};

/** RFC 8526 §3.1.1 get-data: a datastore by identity, subtree filter, config-filter. */
const getData: LabOperation = (ctx, op) => {
  const dsEl = op.children.find((c) => c.name === 'datastore');
  if (!dsEl) throw bad('datastore', '<datastore> is required', 'missing-element');
  const [p, local] = dsEl.text.trim().includes(':') ? dsEl.text.trim().split(':') : ['', dsEl.text.trim()];
  const ns = dsEl.scope && lookup(dsEl, p);
  if (ns !== DS_NS || !['running', 'candidate', 'operational'].includes(local))
    throw bad('datastore', `datastore ${dsEl.text.trim()} is not supported`);
  if (op.children.some((c) => c.name === 'xpath-filter'))
    throw rpcError('operation-not-supported', 'protocol', 'xpath-filter is not supported', {
      info: { 'bad-element': 'xpath-filter' },
    });
  for (const unsupported of ['origin-filter', 'negated-origin-filter'])
    if (op.children.some((c) => c.name === unsupported))
      throw rpcError('operation-not-supported', 'protocol', `${unsupported} is not supported`, {
        info: { 'bad-element': unsupported },
      });
  const filter = op.children.find((c) => c.name === 'subtree-filter');
  const cf = op.children.find((c) => c.name === 'config-filter')?.text.trim();
  const tree = local === 'operational' ? ctx.olt.operational(filter) : ctx.olt.ds.tree(local as Datastore);
  const selected = cf === undefined ? tree : ctx.olt.configFilter(tree, cf === 'true');
  const trim = withDefaults(op) === 'trim';
  return [`<data xmlns="${NMDA_NS}">`, ...selection(ctx, selected, filter, trim), '</data>'];
};

function lookup(el: XEl, prefix: string): string | undefined {
  for (let s: XEl['scope'] | undefined = el.scope; s; s = s.parent) {
    const v = s.decls.get(prefix);
    if (v !== undefined) return v;
  }
  return undefined;
}

const editConfig: Operation = (ctx, op) => {
  const target = datastore(op, 'target', ['running', 'candidate']);
  const defaultOp = param(op, 'default-operation')?.text.trim() ?? 'merge';
  if (!['merge', 'replace', 'none'].includes(defaultOp))
    throw bad('default-operation', `default-operation ${defaultOp}`);
  const errorOption = param(op, 'error-option')?.text.trim() ?? 'stop-on-error';
  if (!['stop-on-error', 'continue-on-error', 'rollback-on-error'].includes(errorOption))
    throw bad('error-option', `error-option ${errorOption}`);
  const testOption = param(op, 'test-option')?.text.trim() ?? 'test-then-set';
  if (!['test-then-set', 'set', 'test-only'].includes(testOption))
    throw bad('test-option', `test-option ${testOption}`);
  const config = param(op, 'config');
  if (!config) {
    if (param(op, 'url')) throw rpcError('operation-not-supported', 'protocol', ':url is not supported');
    throw bad('config', '<config> is required', 'missing-element');
  }
  checkNotLockedByOther(ctx, target);
  consultFaults(ctx);
  const ds = ctx.olt.ds;
  const r = applyEdit(ctx.olt.schema, ds.tree(target), config, defaultOp as 'merge', {
    errorOption: errorOption as ErrorOption,
  });
  // running is live: a result violating the schema or the OLT's rules never lands there
  // (RFC 6241 §8.2 writable-running); the candidate is checked at <validate>/<commit> (§8.3)
  if (r.errors.length && errorOption !== 'continue-on-error') throw new RpcError(r.errors);
  if (target === 'running' || testOption !== 'set') {
    const checked = target === 'running' || testOption === 'test-only' ? ds.check(r.root) : undefined;
    if (checked?.errors.length) throw new RpcError([...r.errors, ...checked.errors]);
    if (testOption === 'test-only') {
      if (r.errors.length) throw new RpcError(r.errors);
      return OK;
    }
    if (target === 'running') {
      checked!.accept();
      if (r.errors.length) throw new RpcError(r.errors);
      return OK;
    }
  }
  ds.setCandidate(r.root, ctx.sessionId);
  if (r.errors.length) throw new RpcError(r.errors);
  return OK;
};

/** RFC 6241 §7.3, for the two datastores this OLT has; the source may be inline `<config>`. */
const copyConfig: Operation = (ctx, op) => {
  const target = datastore(op, 'target', ['running', 'candidate']);
  const src = param(op, 'source');
  const inline = src && param(src, 'config');
  const ds = ctx.olt.ds;
  checkNotLockedByOther(ctx, target);
  let tree: DNode;
  if (inline) {
    const r = applyEdit(ctx.olt.schema, new DNode(ctx.olt.schema.root), inline, 'merge', {
      errorOption: 'stop-on-error',
    });
    if (r.errors.length) throw new RpcError(r.errors);
    tree = r.root;
  } else tree = ds.tree(datastore(op, 'source', ['running', 'candidate']));
  consultFaults(ctx);
  if (target === 'candidate') {
    ds.setCandidate(tree, ctx.sessionId);
    return OK;
  }
  const checked = ds.check(tree);
  if (checked.errors.length) throw new RpcError(checked.errors);
  checked.accept();
  return OK;
};

const deleteConfig: Operation = () => {
  // only startup may be deleted (RFC 6241 §7.4), and this OLT has no :startup
  throw bad('target', 'delete-config: this OLT has no startup datastore');
};

const validate: Operation = (ctx, op) => {
  const src = param(op, 'source');
  const inline = src && param(src, 'config');
  const ds = ctx.olt.ds;
  if (inline) {
    const r = applyEdit(ctx.olt.schema, new DNode(ctx.olt.schema.root), inline, 'merge', {
      errorOption: 'continue-on-error',
      document: true,
    });
    if (r.errors.length) throw new RpcError(r.errors);
    const errors = ctx.olt.validateFull(r.root);
    if (errors.length) throw new RpcError(errors);
    return OK;
  }
  const which = datastore(op, 'source', ['running', 'candidate']);
  // running is valid by construction; the candidate is checked where it differs from running
  const errors = which === 'candidate' ? ds.check(ds.candidate).errors : [];
  if (errors.length) throw new RpcError(errors);
  return OK;
};

const discardChanges: Operation = (ctx) => {
  checkNotLockedByOther(ctx, 'candidate');
  ctx.olt.ds.discardCandidate();
  return OK;
};

const lock: Operation = (ctx, op) => {
  const ds = datastore(op, 'target', ['running', 'candidate']);
  const st = ctx.olt.ds;
  const holder = st.lockHolder(ds);
  if (holder !== undefined)
    throw rpcError('lock-denied', 'protocol', `${ds} is locked by session ${holder}`, {
      info: { 'session-id': holder },
    });
  // RFC 6241 §8.3.5.1: no lock on a candidate holding someone else's uncommitted changes
  if (ds === 'candidate' && st.candidateDirty && st.candidateEditor !== ctx.sessionId)
    throw rpcError('lock-denied', 'protocol', 'the candidate has uncommitted changes', {
      info: { 'session-id': st.candidateEditor ?? '0' },
    });
  st.locks.set(ds, ctx.sessionId);
  return OK;
};

const unlock: Operation = (ctx, op) => {
  const ds = datastore(op, 'target', ['running', 'candidate']);
  if (ctx.olt.ds.lockHolder(ds) !== ctx.sessionId)
    throw rpcError('operation-failed', 'protocol', `${ds} is not locked by this session`);
  ctx.olt.ds.locks.delete(ds);
  return OK;
};

const closeSession: Operation = (ctx) => {
  ctx.closeAfterReply();
  return OK;
};

const killSession: Operation = (ctx, op) => {
  const id = param(op, 'session-id')?.text.trim();
  if (!id) throw bad('session-id', '<session-id> is required', 'missing-element');
  if (id === ctx.sessionId) throw bad('session-id', 'a session cannot kill itself');
  const target = ctx.olt.ds.sessions.get(id);
  if (!target) throw bad('session-id', `no session ${id}`);
  target.kill();
  return OK;
};

/** Operation element (local name, namespace) → handler. */
export const OPERATIONS: Record<string, { ns: string; run: LabOperation }> = {
  get: { ns: NETCONF_NS, run: get },
  'get-config': { ns: NETCONF_NS, run: getConfig },
  'edit-config': { ns: NETCONF_NS, run: editConfig },
  'copy-config': { ns: NETCONF_NS, run: copyConfig },
  'delete-config': { ns: NETCONF_NS, run: deleteConfig },
  validate: { ns: NETCONF_NS, run: validate },
  commit: { ns: NETCONF_NS, run: commit },
  'cancel-commit': { ns: NETCONF_NS, run: cancelCommit },
  'discard-changes': { ns: NETCONF_NS, run: discardChanges },
  lock: { ns: NETCONF_NS, run: lock },
  unlock: { ns: NETCONF_NS, run: unlock },
  'close-session': { ns: NETCONF_NS, run: closeSession },
  'kill-session': { ns: NETCONF_NS, run: killSession },
  'get-data': { ns: NMDA_NS, run: getData },
};
