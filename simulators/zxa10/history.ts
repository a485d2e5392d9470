/**
 * Per-ONT registration history, as `show gpon onu detail-info` lists it (Authpass Time / OfflineTime /
 * Cause, 10 rows on C3xx [c300/show-gpon-onu-detail-info-c3xx.txt]) and SNMP's last online/offline
 * columns serve it. Fed by the physical model's `ont-state` events, so CLI and SNMP tell one story.
 */
import type { OntPhase, OntStateChange, SimOlt } from '../core/topology.ts';

export interface HistoryRow {
  authpass: number;
  offline?: number;
  /** CLI wording of the cause (`LOS`, `DyingGasp`, …). */
  cause?: string;
}

const CAUSE: Partial<Record<OntPhase, string>> = {
  los: 'LOS',
  'dying-gasp': 'DyingGasp',
  // a reboot: the ONU deregisters, the OLT sees it go offline
  offline: 'OffLine',
  'auth-failed': 'AuthFail',
};

const ROWS = 10;

export class OntHistory {
  private readonly rows = new Map<string, HistoryRow[]>();

  constructor(olt: SimOlt, startedAt = Date.now()) {
    for (const p of olt.pons)
      for (const o of p.onts)
        if (o.lastPhase === 'working') this.rows.set(o.serial, [{ authpass: startedAt }]);
    olt.on('ont-state', (c: OntStateChange) => this.record(c));
  }

  private record(c: OntStateChange): void {
    const list = this.rows.get(c.ont.serial) ?? [];
    if (c.to === 'working') list.unshift({ authpass: c.at });
    else if (c.from === 'working' && list[0] && list[0].offline === undefined) {
      list[0].offline = c.at;
      list[0].cause = CAUSE[c.to] ?? 'OffLine';
    }
    this.rows.set(c.ont.serial, list.slice(0, ROWS));
  }

  /** Newest first. */
  of(serial: string): HistoryRow[] {
    return this.rows.get(serial) ?? [];
  }

  lastOnline(serial: string): number | undefined {
    return this.of(serial)[0]?.authpass;
  }

  lastOffline(serial: string): number | undefined {
    return this.of(serial).find((r) => r.offline !== undefined)?.offline;
  }
}

/** `YYYY-MM-DD HH:MM:SS` in the device clock (UTC here), as detail-info and the SNMP time columns print. */
export function deviceTime(ms: number | undefined): string {
  if (ms === undefined) return '0000-00-00 00:00:00';
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
