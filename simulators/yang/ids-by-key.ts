/**
 * Key → the ids that hold it: one id alone (the usual case: an interface named once, a serial held
 * by one ONU), a Set only while two or more do. Tens of thousands of keys live in the reverse index
 * and the device rules of a large OLT; a Set each would be most of their memory.
 *
 * A few keys are held by thousands (the profiles and the uplink every subscriber names): a commit of
 * 256 subscribers adds ~11 000 ids to them, each a new string that a Set.add would flatten and hash
 * and whose Set grows by rehashing. They are kept in arrival order (`Many.later`) and put into the Set
 * only when the key is next read or an id removed — a commit that does not change a profile never
 * reads its referrers. The Set then holds what eager adds would have made, in the same order.
 */
interface Many {
  set: Set<string>;
  /** Ids added since the Set was last brought up to date, in the order they came. */
  later: string[];
}

export class IdsByKey {
  private readonly m = new Map<string, string | Many>();

  add(key: string, id: string): void {
    const ids = this.m.get(key);
    if (ids === undefined) this.m.set(key, id);
    else if (typeof ids === 'string') {
      if (ids !== id) this.m.set(key, { set: new Set([ids, id]), later: [] });
    } else ids.later.push(id);
  }

  remove(key: string, id: string): void {
    const ids = this.m.get(key);
    if (ids === undefined) return;
    if (typeof ids === 'string') {
      if (ids === id) this.m.delete(key);
    } else if (settled(ids).delete(id) && !ids.set.size) this.m.delete(key);
  }

  has(key: string): boolean {
    return this.m.has(key);
  }

  get(key: string): Iterable<string> {
    const ids = this.m.get(key);
    return ids === undefined ? [] : typeof ids === 'string' ? [ids] : settled(ids);
  }

  /** Whether `key` is held by an id that is not in `except`. */
  heldByOther(key: string, except: Set<string>): boolean {
    const ids = this.m.get(key);
    if (ids === undefined) return false;
    if (typeof ids === 'string') return !except.has(ids);
    for (const id of settled(ids)) if (!except.has(id)) return true;
    return false;
  }

  /** The number of (key, id) pairs. */
  get size(): number {
    let n = 0;
    for (const ids of this.m.values()) n += typeof ids === 'string' ? 1 : settled(ids).size;
    return n;
  }
}

/** The Set of `ids` with the ids added since put in (in their order: an id already there stays where it was). */
function settled(ids: Many): Set<string> {
  const later = ids.later;
  if (later.length) {
    const set = ids.set;
    for (let i = 0; i < later.length; i++) set.add(later[i]);
    ids.later = [];
  }
  return ids.set;
}
