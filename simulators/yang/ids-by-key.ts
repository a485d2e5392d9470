/**
 * Key → the ids that hold it: one id alone (the usual case: an interface named once, a serial held
 * by one ONU), a Set only while two or more do. Tens of thousands of keys live in the reverse index
 * and the device rules of a large OLT; a Set each would be most of their memory.
 */
export class IdsByKey {
  private readonly m = new Map<string, string | Set<string>>();

  add(key: string, id: string): void {
    const ids = this.m.get(key);
    if (ids === undefined) this.m.set(key, id);
    else if (typeof ids === 'string') {
      if (ids !== id) this.m.set(key, new Set([ids, id]));
    } else ids.add(id);
  }

  remove(key: string, id: string): void {
    const ids = this.m.get(key);
    if (ids === undefined) return;
    if (typeof ids === 'string') {
      if (ids === id) this.m.delete(key);
    } else if (ids.delete(id) && !ids.size) this.m.delete(key);
  }

  has(key: string): boolean {
    return this.m.has(key);
  }

  get(key: string): Iterable<string> {
    const ids = this.m.get(key);
    return ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
  }

  /** Whether `key` is held by an id that is not in `except`. */
  heldByOther(key: string, except: Set<string>): boolean {
    const ids = this.m.get(key);
    if (ids === undefined) return false;
    if (typeof ids === 'string') return !except.has(ids);
    for (const id of ids) if (!except.has(id)) return true;
    return false;
  }

  /** The number of (key, id) pairs. */
  get size(): number {
    let n = 0;
    for (const ids of this.m.values()) n += typeof ids === 'string' ? 1 : ids.size;
    return n;
  }
}
