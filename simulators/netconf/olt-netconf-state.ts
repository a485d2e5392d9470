/**
 * What the NETCONF server keeps per simulated OLT, across sessions: the open sessions (for
 * kill-session), the confirmed commit in progress (RFC 6241 §8.4) with its rollback point and
 * timer, the session that last edited the candidate, and a cache of serialised datastores.
 *
 * Datastore trees are treated as immutable snapshots: edits copy the path they change
 * (edit-config.ts), so running and candidate may share structure and "copy the datastore" is an
 * O(1) pointer assignment — a commit of one activation on a 4 096-ONT OLT does not clone 4 096 ONTs.
 */
import type { SimOlt } from '../core/topology.ts';
import type { Datastore } from '../core/config-store.ts';
import type { OltConfig } from '../../src/domain/olt-config/model.ts';
import { oltConfigToXml } from '../../src/adapters/driven/olt/netconf/olt-config-xml.ts';

export interface NetconfSessionRef {
  id: string;
  /** Terminate the session (kill-session): releases its locks, closes its transport. */
  kill(): void;
}

export interface PendingConfirm {
  rollback: OltConfig;
  sessionId: string;
  persist?: string;
  timer: NodeJS.Timeout;
}

interface CachedXml {
  tree: OltConfig;
  version: number;
  xml: string;
  bytes?: Buffer;
}

export class OltNetconfState {
  readonly sessions = new Map<string, NetconfSessionRef>();
  pending: PendingConfirm | undefined;
  /** Session whose edit made the candidate dirty (lock on a dirty candidate is denied to others). */
  candidateEditor: string | undefined;
  private cache: CachedXml | undefined;
  private cacheCandidate: CachedXml | undefined;

  /**
   * Serialised v-ANIs by object identity (see oltConfigToXml): after a commit only the changed
   * v-ANIs are serialised again. Dropped whenever someone else (the CLI) replaces running, since
   * that writer may have changed objects in place.
   */
  private memo = new WeakMap<object, string>();
  private writing = false;

  constructor(readonly olt: SimOlt) {
    olt.config.on('running-changed', () => {
      if (!this.writing) this.memo = new WeakMap();
    });
  }

  get store() {
    return this.olt.config;
  }

  tree(ds: Datastore): OltConfig {
    return ds === 'running' ? this.store.running : this.store.candidate;
  }

  /** The `<olt>` XML of a datastore, cached per tree identity and store version. */
  xml(ds: Datastore): string {
    return this.cached(ds).xml;
  }

  /** The same as UTF-8 bytes, so a large get-config reply is not re-encoded on every request. */
  xmlBytes(ds: Datastore): Buffer {
    const c = this.cached(ds);
    c.bytes ??= Buffer.from(c.xml, 'utf8');
    return c.bytes;
  }

  private cached(ds: Datastore): CachedXml {
    const tree = this.tree(ds);
    if (ds === 'candidate' && tree === this.store.running) return this.cached('running');
    const v = this.store.version;
    const c = ds === 'running' ? this.cache : this.cacheCandidate;
    if (c && c.tree === tree && c.version === v) return c;
    const entry: CachedXml = { tree, version: v, xml: oltConfigToXml(tree, this.memo) };
    if (ds === 'running') this.cache = entry;
    else this.cacheCandidate = entry;
    return entry;
  }

  /**
   * Make `next` the running configuration (commit, edit of running, rollback). The store lets the
   * candidate follow when it has no uncommitted edits; both then point at the same immutable tree.
   * `writing` keeps our own commits from dropping the serialisation memo.
   */
  setRunning(next: OltConfig): void {
    this.writing = true;
    try {
      this.store.setRunning(next);
    } finally {
      this.writing = false;
    }
  }

  commitCandidate(): void {
    this.candidateEditor = undefined;
    this.writing = true;
    try {
      this.store.commitCandidate();
    } finally {
      this.writing = false;
    }
  }

  discardCandidate(): void {
    this.store.discardCandidate();
    this.candidateEditor = undefined;
  }

  setCandidate(next: OltConfig, sessionId: string): void {
    this.store.setCandidate(next);
    this.candidateEditor = sessionId;
  }

  /** Roll back a confirmed commit (timeout, cancel-commit, session end): RFC 6241 §8.4.1. */
  revertPending(): void {
    const p = this.pending;
    if (!p) return;
    clearTimeout(p.timer);
    this.pending = undefined;
    this.store.candidateDirty = false;
    this.candidateEditor = undefined;
    this.setRunning(p.rollback);
  }

  /** Session `id` ended: release its locks; revert its unconfirmed, non-persistent commit. */
  sessionEnded(id: string): void {
    this.sessions.delete(id);
    for (const [ds, holder] of [...this.store.locks]) {
      if (holder !== id) continue;
      this.store.locks.delete(ds);
      // RFC 6241 §7.5: a lock on candidate released by session end discards its uncommitted changes
      if (ds === 'candidate' && this.store.candidateDirty) this.discardCandidate();
    }
    if (this.pending && !this.pending.persist && this.pending.sessionId === id) this.revertPending();
  }
}

const states = new WeakMap<SimOlt, OltNetconfState>();

/** One NETCONF state per OLT, shared by every NETCONF handler mounted on it. */
export function netconfStateOf(olt: SimOlt): OltNetconfState {
  let s = states.get(olt);
  if (!s) {
    s = new OltNetconfState(olt);
    states.set(olt, s);
  }
  return s;
}
