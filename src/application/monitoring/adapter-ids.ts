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

export class AdapterIdResolver {
  private readonly fromStore = new Map<string, Map<string, string>>();
  private readonly fromDescription = new Map<string, Map<string, string>>();
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
    const m = new Map<string, string>();
    for (const a of await this.lookup.accessesOnOlt(olt)) m.set(`${a.pon}|${a.onuId}`, a.adapterId);
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
    if (d && ADAPTER_ID_SHAPE.test(d)) m.set(`${pon}|${onuId}`, d);
    else m.delete(`${pon}|${onuId}`);
  }

  get(olt: string, pon: string, onuId: number): string | undefined {
    const k = `${pon}|${onuId}`;
    return this.fromStore.get(olt)?.get(k) ?? this.fromDescription.get(olt)?.get(k);
  }
}
