/**
 * NETCONF operations (RFC 6241 §7, §8; ncclient `operations/edit.py`, `retrieve.py`, `lock.py`).
 * Each declares the capability it depends on and fails early with MissingCapabilityError instead of
 * letting the device answer `operation-not-supported` halfway through a change.
 */
import type { NetconfSession, RpcOptions } from './session.ts';
import { replyData, replyDataXml, type DataXml, type RpcReply } from './rpc-reply.ts';
import { LockError, MissingCapabilityError } from '../../../../application/ports/olt-driver/errors.ts';

export type Datastore = 'running' | 'candidate' | 'startup';
export type Filter =
  { type: 'subtree'; xml: string } | { type: 'xpath'; select: string; namespaces?: Record<string, string> };
export type DefaultOperation = 'merge' | 'replace' | 'none';
export type ErrorOption = 'stop-on-error' | 'continue-on-error' | 'rollback-on-error';
export type TestOption = 'test-then-set' | 'set' | 'test-only';

export interface EditConfigOptions {
  target: 'running' | 'candidate';
  /** XML placed inside `<config>` (the model's top element(s), with operation attributes as needed). */
  config: string;
  defaultOperation?: DefaultOperation;
  errorOption?: ErrorOption;
  testOption?: TestOption;
  timeoutMs?: number;
}

export interface CommitOptions {
  /** RFC 6241 §8.4: the device reverts unless a confirming commit comes within confirmTimeoutS. */
  confirmed?: boolean;
  confirmTimeoutS?: number;
  /** :confirmed-commit:1.1 — the confirmed commit survives session end; confirm/cancel with persistId. */
  persist?: string;
  /** Confirm (or cancel) a persisted confirmed commit from another session. */
  persistId?: string;
  timeoutMs?: number;
}

const CAP = {
  candidate: ':candidate',
  writableRunning: ':writable-running',
  startup: ':startup',
  validate: [':validate', ':validate:1.1'],
  confirmed: [':confirmed-commit', ':confirmed-commit:1.1'],
  confirmed11: ':confirmed-commit:1.1',
  rollbackOnError: ':rollback-on-error',
  xpath: ':xpath',
} as const;

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export class NetconfOperations {
  constructor(readonly session: NetconfSession) {}

  private require(operation: string, cap: string | readonly string[]): void {
    const caps = typeof cap === 'string' ? [cap] : cap;
    if (!caps.some((c) => this.session.hasCapability(c))) {
      throw new MissingCapabilityError(operation, caps.join(' or '), { device: this.session.device });
    }
  }

  private requireDatastore(operation: string, ds: Datastore): void {
    if (ds === 'candidate') this.require(operation, CAP.candidate);
    if (ds === 'startup') this.require(operation, CAP.startup);
  }

  /**
   * The `<filter>` as pieces of the message: a subtree filter's XML (~285 KB for the read-back of 256
   * subscribers) stays a piece of its own, which the transport encodes as it is; inside one string
   * with its envelope it was copied into a new flat string of its size at every send.
   */
  private filterXml(operation: string, filter?: Filter): string[] {
    if (!filter) return [];
    if (filter.type === 'subtree') return ['<filter type="subtree">', filter.xml, '</filter>'];
    this.require(operation, CAP.xpath);
    const ns = Object.entries(filter.namespaces ?? {})
      .map(([p, u]) => ` xmlns:${p}="${esc(u)}"`)
      .join('');
    return [`<filter type="xpath"${ns} select="${esc(filter.select)}"/>`];
  }

  private async call(body: string | readonly string[], opts: RpcOptions): Promise<RpcReply> {
    return this.session.rpc(body, opts);
  }

  /** `<get>` (state + config); resolves with the inner XML of `<data>`. */
  async get(filter?: Filter, timeoutMs?: number): Promise<string> {
    const r = await this.call(['<get>', ...this.filterXml('get', filter), '</get>'], {
      operation: 'get',
      timeoutMs,
    });
    return replyDataXml(r.raw);
  }

  /** `<get-config>`; resolves with the inner XML of `<data>`. */
  async getConfig(source: Datastore = 'running', filter?: Filter, timeoutMs?: number): Promise<string> {
    const d = await this.getConfigData(source, filter, timeoutMs);
    return d.xml.slice(d.from, d.to);
  }

  /** `<get-config>`; resolves with where the inner XML of `<data>` lies in the reply (for a reader in place). */
  async getConfigData(source: Datastore = 'running', filter?: Filter, timeoutMs?: number): Promise<DataXml> {
    this.requireDatastore('get-config', source);
    const r = await this.call(
      [`<get-config><source><${source}/></source>`, ...this.filterXml('get-config', filter), '</get-config>'],
      { operation: 'get-config', timeoutMs },
    );
    return replyData(r.raw);
  }

  async editConfig(o: EditConfigOptions): Promise<RpcReply> {
    if (o.target === 'candidate') this.require('edit-config', CAP.candidate);
    else this.require('edit-config', CAP.writableRunning);
    if (o.testOption) this.require('edit-config test-option', CAP.validate);
    if (o.errorOption === 'rollback-on-error')
      this.require('edit-config rollback-on-error', CAP.rollbackOnError);
    const head =
      `<edit-config><target><${o.target}/></target>` +
      (o.defaultOperation ? `<default-operation>${o.defaultOperation}</default-operation>` : '') +
      (o.testOption ? `<test-option>${o.testOption}</test-option>` : '') +
      (o.errorOption ? `<error-option>${o.errorOption}</error-option>` : '') +
      '<config>';
    // the config (megabytes for a large batch) goes out as it is, not copied into one string with this
    return this.call([head, o.config, '</config></edit-config>'], {
      operation: 'edit-config',
      timeoutMs: o.timeoutMs,
    });
  }

  async validate(source: Datastore = 'candidate', timeoutMs?: number): Promise<RpcReply> {
    this.require('validate', CAP.validate);
    this.requireDatastore('validate', source);
    return this.call(`<validate><source><${source}/></source></validate>`, {
      operation: 'validate',
      timeoutMs,
    });
  }

  async commit(o: CommitOptions = {}): Promise<RpcReply> {
    this.require('commit', CAP.candidate);
    if (o.confirmed) this.require('commit confirmed', CAP.confirmed);
    if (o.persist !== undefined || o.persistId !== undefined) this.require('commit persist', CAP.confirmed11);
    const body =
      '<commit>' +
      (o.confirmed ? '<confirmed/>' : '') +
      (o.confirmed && o.confirmTimeoutS !== undefined
        ? `<confirm-timeout>${Math.max(1, Math.round(o.confirmTimeoutS))}</confirm-timeout>`
        : '') +
      (o.persist !== undefined ? `<persist>${esc(o.persist)}</persist>` : '') +
      (o.persistId !== undefined ? `<persist-id>${esc(o.persistId)}</persist-id>` : '') +
      '</commit>';
    return this.call(body, {
      operation: o.confirmed ? 'commit confirmed' : 'commit',
      timeoutMs: o.timeoutMs,
    });
  }

  /** RFC 6241 §8.4.4.1: revert a pending confirmed commit now. */
  async cancelCommit(persistId?: string, timeoutMs?: number): Promise<RpcReply> {
    this.require('cancel-commit', CAP.confirmed11);
    const body =
      persistId !== undefined
        ? `<cancel-commit><persist-id>${esc(persistId)}</persist-id></cancel-commit>`
        : '<cancel-commit/>';
    return this.call(body, { operation: 'cancel-commit', timeoutMs });
  }

  async discardChanges(timeoutMs?: number): Promise<RpcReply> {
    this.require('discard-changes', CAP.candidate);
    return this.call('<discard-changes/>', { operation: 'discard-changes', timeoutMs });
  }

  /** Lock a datastore; a refusal (`lock-denied`, §7.5) is a LockError naming the holder's session-id. */
  async lock(target: Datastore, timeoutMs?: number): Promise<RpcReply> {
    this.requireDatastore('lock', target);
    return this.call(`<lock><target><${target}/></target></lock>`, {
      operation: `lock ${target}`,
      timeoutMs,
      toError: (reply) => new LockError(target, reply.errors, { device: this.session.device }),
    });
  }

  async unlock(target: Datastore, timeoutMs?: number): Promise<RpcReply> {
    this.requireDatastore('unlock', target);
    return this.call(`<unlock><target><${target}/></target></unlock>`, {
      operation: `unlock ${target}`,
      timeoutMs,
    });
  }

  /** `<close-session/>` then drop the connection. */
  async closeSession(): Promise<void> {
    await this.session.close();
  }

  /** RFC 6241 §7.9: end another session (releases its locks, aborts its operations). */
  async killSession(sessionId: number, timeoutMs?: number): Promise<RpcReply> {
    return this.call(`<kill-session><session-id>${sessionId}</session-id></kill-session>`, {
      operation: 'kill-session',
      timeoutMs,
    });
  }
}
