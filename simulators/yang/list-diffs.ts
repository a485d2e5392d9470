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

  /** `next.changes(old)`, shared: read only. */
  of(next: DList, old: DList | undefined): readonly ListChange[] {
    const known = this.m.get(next);
    if (known && known.old === old) return known.ch;
    const ch = next.changes(old);
    this.m.set(next, { old, ch });
    return ch;
  }
}
