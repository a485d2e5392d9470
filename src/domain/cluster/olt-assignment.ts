/**
 * Which live instance should own which OLT's monitoring (design §8: "each OLT's monitoring owned by
 * one instance through a per-OLT lease spread across instances"). Every instance computes the same
 * answer from the same inputs (the OLTs, the live instance ids), so nobody coordinates the spread:
 *
 * - rendezvous (highest-random-weight) hashing ranks the instances for each OLT — when an instance
 *   joins or leaves, only the OLTs whose first choice changes move (Thaler & Ravishankar 1998);
 * - bounded loads (Mirrokni, Thorup & Zadimoghaddam 2018): no instance takes more than
 *   ceil(OLTs / instances), and only OLTs mod instances of them that many; an OLT whose first
 *   choice is full goes to its next choice, so 12 OLTs on 3 instances are 4 + 4 + 4 and 16 are
 *   6 + 5 + 5, not whatever the hash happens to give.
 * Pure: no I/O, no clock.
 */

/** cyrb53: a fast, well-mixed 53-bit string hash (public domain, bryc). */
function hash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The instances in the order `olt` prefers them (rendezvous weight, ties by id). */
export function rendezvousOrder(olt: string, instances: readonly string[]): string[] {
  return instances
    .map((id) => ({ id, w: hash53(`${olt}\u0000${id}`) }))
    .sort((a, b) => b.w - a.w || (a.id < b.id ? -1 : 1))
    .map((x) => x.id);
}

/** OLT → the instance that should own it; empty when no instance is live. */
export function assignOlts(olts: readonly string[], instances: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const ids = [...new Set(instances)].sort();
  if (ids.length === 0) return out;
  const names = [...new Set(olts)].sort();
  const floor = Math.floor(names.length / ids.length);
  // only n mod k instances may reach ceil(n / k): 16 OLTs on 3 instances are 6 + 5 + 5, never 6 + 6 + 4
  let fullLeft = names.length % ids.length;
  const load = new Map(ids.map((id) => [id, 0]));
  for (const olt of names) {
    const to = rendezvousOrder(olt, ids).find((id) => load.get(id)! < floor + (fullLeft > 0 ? 1 : 0))!;
    const l = load.get(to)! + 1;
    load.set(to, l);
    if (l > floor) fullLeft--;
    out.set(olt, to);
  }
  return out;
}

/**
 * How one instance orders the OLTs it may provision (issue 16 item 3: provisioning in parallel across
 * OLTs on several instances): its `own` OLTs are those the monitoring assignment gives it (assignOlts
 * over the same registry and live instances: even, and the same instance watches and writes an
 * OLT), and `rank` orders any OLT by how high the OLT ranks this instance (0: its first choice),
 * then by the OLT's weight for it — so instances that take over others' OLTs each prefer different
 * ones. An instance not among `instances` (not registered) is counted as live.
 */
export function provisioningPreference(
  olts: readonly string[],
  instances: readonly string[],
  me: string,
): { own: ReadonlySet<string>; rank: (olt: string) => number } {
  const ids = [...new Set([...instances, me])].sort();
  const assigned = assignOlts(olts, ids);
  const own = new Set([...assigned].filter(([, id]) => id === me).map(([olt]) => olt));
  return {
    own,
    // position first (≤ instances), then a 32-bit weight: exact as a double
    rank: (olt) => rendezvousOrder(olt, ids).indexOf(me) * 2 ** 32 + (hash53(`${olt}\u0000${me}`) % 2 ** 32),
  };
}
