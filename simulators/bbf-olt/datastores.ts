/**
 * The BBF OLT's configuration datastores (RFC 6241 §5.1 running, §8.3 candidate; RFC 8342 §5.1) and
 * what NETCONF keeps across sessions: locks (§7.5), the session that dirtied the candidate, the
 * confirmed commit in progress with its rollback point (§8.4), the open sessions (kill-session).
 *
 * Trees are immutable (yang/data.ts): a commit makes the validated candidate the running tree, so
 * running and an unedited candidate are one object. Running is always valid; a candidate is checked
 * incrementally against it (yang/validate.ts, the reverse index) and against the OLT's own rules
 * (device-rules.ts), so a commit costs in proportion to the change.
 */
import { EventEmitter } from 'node:events';
import { DNode } from '../yang/data.ts';
import type { Schema } from '../yang/schema.ts';
import { Validator } from '../yang/validate.ts';
import type { RefIndex } from '../yang/ref-index.ts';
import { ListDiffs } from '../yang/list-diffs.ts';
import type { YangError } from '../yang/errors.ts';
import { DeviceRules } from './device-rules.ts';

export type Datastore = 'running' | 'candidate';

export interface SessionRef {
  id: string;
  /** Terminate the session (kill-session): releases its locks, closes its transport. */
  kill(): void;
}

export interface PendingConfirm {
  rollback: DNode;
  sessionId: string;
  persist?: string;
  timer: NodeJS.Timeout;
}

/** What a validation found, and how to make the checked tree running once accepted. */
export interface Checked {
  errors: YangError[];
  accept(): void;
}

export class BbfDatastores extends EventEmitter {
  running: DNode;
  candidate: DNode;
  candidateDirty = false;
  candidateEditor: string | undefined;
  readonly locks = new Map<Datastore, string>();
  readonly sessions = new Map<string, SessionRef>();
  pending: PendingConfirm | undefined;
  /** Bumped on every change of running. */
  version = 0;
  readonly validator: Validator;
  private readonly rules: DeviceRules;
  private index: RefIndex;
  /**
   * The last check of a successor of running: a client's <validate> of the candidate followed by its
   * <commit> (RFC 6241 §8.6, §8.3.4.1) checks the same tree against the same running and indexes, so
   * the commit reuses the result; any change of running drops it (the indexes follow running).
   */
  private lastCheck: { running: DNode; next: DNode; checked: Checked } | undefined;

  constructor(
    readonly schema: Schema,
    initial: DNode = new DNode(schema.root),
  ) {
    super();
    this.validator = new Validator(schema);
    this.rules = new DeviceRules(schema);
    const errors = [...this.validator.full(initial), ...this.rules.full(initial)];
    if (errors.length)
      throw new Error(`initial configuration is invalid: ${errors[0].message} (${errors[0].path})`);
    this.running = initial;
    this.candidate = initial;
    this.index = this.validator.buildIndex(initial);
  }

  tree(ds: Datastore): DNode {
    return ds === 'running' ? this.running : this.candidate;
  }

  lockHolder(ds: Datastore): string | undefined {
    return this.locks.get(ds);
  }

  /** Validate `next` as the successor of running (RFC 6241 §8.6 validate, §8.3.4.1 commit). */
  check(next: DNode): Checked {
    if (next === this.running) return { errors: [], accept: () => {} };
    const last = this.lastCheck;
    if (last && last.running === this.running && last.next === next) return last.checked;
    const from = this.running;
    // the lists that differ are diffed once, for both (the interfaces of 256 subscribers: ~3 000 entries)
    const diffs = new ListDiffs();
    const yang = this.validator.incremental(from, next, this.index, diffs);
    const own = this.rules.incremental(from, next, diffs);
    let done = false;
    const checked: Checked = {
      errors: [...yang.errors, ...own.errors],
      accept: () => {
        // once only, and only onto the running it was checked against (the indexes are running's)
        if (done || this.running !== from) throw new Error('stale validation result accepted');
        done = true;
        yang.commitIndex();
        own.commit();
        this.setRunning(next, diffs);
      },
    };
    this.lastCheck = { running: from, next, checked };
    return checked;
  }

  private setRunning(next: DNode, diffs: ListDiffs): void {
    this.lastCheck = undefined;
    this.running = next;
    this.version++;
    if (!this.candidateDirty) this.candidate = next;
    // with the list differences the check found: the physical view reads the same interface, T-CONT
    // and GEM lists against the same previous running (~5 000 entries a commit of 256 subscribers)
    this.emit('running-changed', this.version, diffs);
  }

  setCandidate(next: DNode, sessionId: string): void {
    if (next === this.candidate) return;
    this.candidate = next;
    this.candidateDirty = next !== this.running;
    this.candidateEditor = this.candidateDirty ? sessionId : undefined;
  }

  discardCandidate(): void {
    this.candidate = this.running;
    this.candidateDirty = false;
    this.candidateEditor = undefined;
  }

  /** Commit the candidate: validated, then running (RFC 6241 §8.3.4.1). Throws nothing; returns the errors. */
  commitCandidate(): YangError[] {
    const c = this.check(this.candidate);
    if (c.errors.length) return c.errors;
    this.candidateDirty = false;
    this.candidateEditor = undefined;
    c.accept();
    return [];
  }

  /** Roll back a confirmed commit (timeout, cancel-commit, session end): RFC 6241 §8.4.1. */
  revertPending(): void {
    const p = this.pending;
    if (!p) return;
    clearTimeout(p.timer);
    this.pending = undefined;
    this.candidateDirty = false;
    this.candidateEditor = undefined;
    // the rollback point was valid running: re-checking it only brings the indexes back to it
    const c = this.check(p.rollback);
    c.accept();
  }

  /** Session `id` ended: release its locks; revert its unconfirmed, non-persistent commit (§8.4.1). */
  sessionEnded(id: string): void {
    this.sessions.delete(id);
    for (const [ds, holder] of [...this.locks]) {
      if (holder !== id) continue;
      this.locks.delete(ds);
      // RFC 6241 §7.5: the candidate's lock released by session end discards its uncommitted changes
      if (ds === 'candidate' && this.candidateDirty) this.discardCandidate();
    }
    if (this.pending && !this.pending.persist && this.pending.sessionId === id) this.revertPending();
  }
}
