/**
 * The differences between two versions of a list (DList.changes), found once per check: a commit
 * (RFC 6241 §8.3.4.1) walks the lists that differ for the YANG constraints (validate.ts) and again for
 * the OLT's own rules (device-rules.ts) — the interfaces, T-CONTs, GEM ports and forwarders of 256
 * subscribers are one merge walk over their changed chunks each, not two.
 */
import type { DList, DNode } from './nodes.ts';

/** A key whose entry differs: its entry in the newer version and in the older one (undefined where absent). */
export type ListChange = [string, DNode | undefined, DNode | undefined];

export class ListDiffs {
  private readonly m = new Map<DList, { old: DList | undefined; ch: readonly ListChange[] }>();

  /**
   * `next.changes(old)`, shared: read only. A list gone from the newer tree (`next` undefined) has
   * every entry of `old` removed.
   */
  of(next: DList | undefined, old: DList | undefined): readonly ListChange[] {
    if (!next) return old ? [...old.entries()].map(([k, o]): ListChange => [k, undefined, o]) : [];
    const known = this.m.get(next);
    if (known && known.old === old) return known.ch;
    const ch = next.changes(old);
    this.m.set(next, { old, ch });
    return ch;
  }
}
