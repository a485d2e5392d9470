/**
 * The alarm view of each ONU, kept right by the alarm sequence number (G.988 §A.1.4 and Annex A alarm
 * notification): the ONU numbers its alarm notifications 1..255 and then 1 again, never 0, and
 * restarts after MIB reset and after Get all alarms. A notification carries its ME's whole alarm bit
 * map, so it always updates that ME. If its number does not follow the last one (OB-BAA's vOMCI
 * starts from 0, so an ONU's first notification must be 1) — a lost notification, an ONU that
 * rebooted — other MEs may be stale too, and the view is rebuilt from a Get all alarms snapshot (the
 * resync OB-BAA's vOMCI does on "onu-alarm-misalignment"). Listeners get every change.
 */
import type { OnuAddress } from '../../../../application/ports/omci-transport.ts';
import type { AlarmRecord } from '../../../../protocols/omci/messages.ts';
import type { OmciClient } from './omci-client.ts';

export interface OnuAlarmEvent {
  address: OnuAddress;
  /** `notification`: an alarm notification; `resync`: the view rebuilt after a gap in the numbering. */
  via: 'notification' | 'resync';
  /** Alarm numbers that turned on / off, per ME. */
  raised: AlarmRecord[];
  cleared: AlarmRecord[];
  /** The sequence number that led here (the gap's, for a resync). */
  sequence: number;
}

interface OnuAlarms {
  /** Last sequence number seen; 0 = none since the ONU's numbering (re)started, so the next is 1. */
  last: number;
  active: Map<string, AlarmRecord>;
  resyncing?: Promise<void>;
}

const onuKey = (a: OnuAddress) => `${a.channelTermination}|${a.onuId}`;
const meKey = (c: number, i: number) => `${c}:${i}`;

/** The number after `n` (1..255, 0 skipped). */
export function nextAlarmSequence(n: number): number {
  return n >= 255 ? 1 : n + 1;
}

export class AlarmTracker {
  private readonly onus = new Map<string, OnuAlarms>();
  private readonly listeners = new Set<(e: OnuAlarmEvent) => void>();
  /** Resyncs done because of a gap (or a first notification). */
  resyncs = 0;
  private readonly unsubscribe: () => void;

  constructor(
    client: OmciClient,
    /** Get all alarms of one ONU (a snapshot; the ONU restarts its numbering). */
    private readonly snapshot: (a: OnuAddress) => Promise<AlarmRecord[]>,
  ) {
    this.unsubscribe = client.onNotification((n) => {
      if (n?.message.type === 'alarm-notification') this.onAlarm(n.address, n.message);
    });
  }

  on(listener: (e: OnuAlarmEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The ONU's alarms as this tracker knows them (MEs with at least one alarm). */
  active(a: OnuAddress): AlarmRecord[] {
    return [...(this.onus.get(onuKey(a))?.active.values() ?? [])].filter((r) => r.alarms.length);
  }

  /** Rebuild the view from a fresh Get all alarms (also after MIB reset or reboot, when numbering restarts). */
  resync(a: OnuAddress, sequence = 0): Promise<void> {
    const s = this.state(a);
    s.resyncing ??= (async () => {
      try {
        const snap = await this.snapshot(a);
        const next = new Map(snap.map((r) => [meKey(r.meClass, r.meInstance), r]));
        const raised: AlarmRecord[] = [];
        const cleared: AlarmRecord[] = [];
        for (const [k, r] of next) diff(s.active.get(k)?.alarms ?? [], r, raised, cleared);
        for (const [k, r] of s.active)
          if (!next.has(k)) diff(r.alarms, { ...r, alarms: [] }, raised, cleared);
        s.active = next;
        s.last = 0;
        this.resyncs++;
        this.emit({ address: a, via: 'resync', raised, cleared, sequence });
      } finally {
        s.resyncing = undefined;
      }
    })();
    return s.resyncing;
  }

  private state(a: OnuAddress): OnuAlarms {
    let s = this.onus.get(onuKey(a));
    if (!s) {
      s = { last: 0, active: new Map() };
      this.onus.set(onuKey(a), s);
    }
    return s;
  }

  private onAlarm(
    a: OnuAddress,
    m: { meClass: number; meInstance: number; alarms: number[]; sequence: number },
  ): void {
    const s = this.state(a);
    const gap = m.sequence !== nextAlarmSequence(s.last);
    s.last = m.sequence;
    const k = meKey(m.meClass, m.meInstance);
    const raised: AlarmRecord[] = [];
    const cleared: AlarmRecord[] = [];
    diff(s.active.get(k)?.alarms ?? [], m, raised, cleared);
    s.active.set(k, { meClass: m.meClass, meInstance: m.meInstance, alarms: [...m.alarms] });
    this.emit({ address: a, via: 'notification', raised, cleared, sequence: m.sequence });
    // a dark ONU (its dying gasp was its last word) fails the resync; its next notification retries
    if (gap && !s.resyncing) void this.resync(a, m.sequence).catch(() => undefined);
  }

  private emit(e: OnuAlarmEvent): void {
    if (!e.raised.length && !e.cleared.length && e.via === 'notification') return;
    for (const l of this.listeners) l(e);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}

function diff(
  before: readonly number[],
  now: AlarmRecord,
  raised: AlarmRecord[],
  cleared: AlarmRecord[],
): void {
  const up = now.alarms.filter((n) => !before.includes(n));
  const down = before.filter((n) => !now.alarms.includes(n));
  if (up.length) raised.push({ meClass: now.meClass, meInstance: now.meInstance, alarms: up });
  if (down.length) cleared.push({ meClass: now.meClass, meInstance: now.meInstance, alarms: down });
}
