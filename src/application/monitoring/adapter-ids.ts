/**
 * Which AdapterID sits on which ONT (issue 6 §4: incidents name affected AdapterIDs): the store's
 * live accesses first (the order flow wrote them), else the ONT's configured description, which
 * provisioning sets to the AdapterID (device profile: "v-ani description (the AdapterID)").
 */
export interface AccessLookup {
  /** Live accesses of one OLT. */
  accessesOnOlt(olt: string): Promise<{ pon: string; onuId: number; adapterId: string }[]>;
}

const ADAPTER_ID_SHAPE = /^[A-Za-z0-9][\w.-]{0,63}$/;

/** AdapterIDs of one OLT's ONTs by PON and ONU id (a poll row looks one up without a key string). */
type OltAdapterIds = Map<string, Map<number, string>>;

function put(m: OltAdapterIds, pon: string, onuId: number, adapterId: string): void {
  let onts = m.get(pon);
  if (!onts) m.set(pon, (onts = new Map()));
  onts.set(onuId, adapterId);
}

export class AdapterIdResolver {
  private readonly fromStore = new Map<string, OltAdapterIds>();
  private readonly fromDescription = new Map<string, OltAdapterIds>();
  private readonly loadedAt = new Map<string, number>();

  constructor(
    private readonly lookup: AccessLookup | undefined,
    private readonly refreshMs = 30_000,
  ) {}

  async refresh(olt: string, nowMs: number, force = false): Promise<void> {
    if (!this.lookup) return;
    const last = this.loadedAt.get(olt);
    if (!force && last !== undefined && nowMs - last < this.refreshMs) return;
    this.loadedAt.set(olt, nowMs);
    const m: OltAdapterIds = new Map();
    for (const a of await this.lookup.accessesOnOlt(olt)) put(m, a.pon, a.onuId, a.adapterId);
    this.fromStore.set(olt, m);
  }

  noteDescription(olt: string, pon: string, onuId: number, description: string | undefined): void {
    if (description === undefined) return;
    let m = this.fromDescription.get(olt);
    if (!m) {
      m = new Map();
      this.fromDescription.set(olt, m);
    }
    const d = description.trim();
    if (d && ADAPTER_ID_SHAPE.test(d)) put(m, pon, onuId, d);
    else m.get(pon)?.delete(onuId);
  }

  get(olt: string, pon: string, onuId: number): string | undefined {
    return (
      this.fromStore.get(olt)?.get(pon)?.get(onuId) ?? this.fromDescription.get(olt)?.get(pon)?.get(onuId)
    );
  }
}
