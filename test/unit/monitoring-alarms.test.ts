import { describe, expect, it } from 'vitest';
import {
  raiseAlarm,
  clearAlarm,
  acknowledgeAlarm,
  shelveAlarm,
  isVisible,
  nextOntState,
  opticalSeverity,
} from '../../src/domain/monitoring/index.ts';

const now = new Date('2026-03-02T08:00:00Z');
const later = (s: number) => new Date(now.getTime() + s * 1000);
let n = 0;
const id = () => `al-${++n}`;
const input = {
  resource: 'olt1/1/1/1:5',
  type: 'ont-los' as const,
  severity: 'major' as const,
  text: 'LOS',
  olt: 'olt1',
  pon: '1/1/1',
  onuId: 5,
};

describe('alarms (RFC 8632 model)', () => {
  it('de-duplicates a raise of a raised alarm, records severity changes in history', () => {
    const a = raiseAlarm(undefined, input, now, id);
    expect(a.changed).toBe(true);
    const dup = raiseAlarm(a.alarm, input, later(1), id);
    expect(dup.changed).toBe(false);
    const worse = raiseAlarm(a.alarm, { ...input, severity: 'critical' }, later(2), id);
    expect(worse.alarm.id).toBe(a.alarm.id);
    expect(worse.alarm.history.map((h) => h.severity)).toEqual(['major', 'critical']);
  });

  it('clear, acknowledge and shelve are separate (is-cleared vs operator-state)', () => {
    const a = raiseAlarm(undefined, input, now, id).alarm;
    const acked = acknowledgeAlarm(a, 'noc1', later(5), 'looking');
    expect(acked.operatorState).toBe('ack');
    expect(acked.isCleared).toBe(false);
    const cleared = clearAlarm(acked, later(10));
    expect(cleared.alarm.isCleared).toBe(true);
    expect(clearAlarm(cleared.alarm, later(11)).changed).toBe(false);
    expect(isVisible(cleared.alarm, later(12))).toBe(false); // cleared and acknowledged: done
    const shelved = shelveAlarm(a, 'noc1', later(1), later(3600));
    expect(isVisible(shelved, later(60))).toBe(false);
    expect(isVisible(shelved, later(7200))).toBe(true);
  });
});

describe('ONT state machine (issue 6 §2)', () => {
  const t = { rxWarningDbm: -27, rxCriticalDbm: -28 };
  it('classifies optical levels against the profile thresholds', () => {
    expect(opticalSeverity(-20, t)).toBe('normal');
    expect(opticalSeverity(-27.5, t)).toBe('warning');
    expect(opticalSeverity(-28.1, t)).toBe('critical');
    expect(nextOntState('working', { kind: 'optical', rxPowerDbm: -27.5 }, t)).toBe('low-optical');
    expect(nextOntState('low-optical', { kind: 'optical', rxPowerDbm: -20 }, t)).toBe('working');
  });
  it('keeps a dying gasp against the LOS that follows it; an optical reading of a down ONT changes nothing', () => {
    expect(nextOntState('dying-gasp', { kind: 'los' }, t)).toBe('dying-gasp');
    expect(nextOntState('los', { kind: 'optical', rxPowerDbm: -20 }, t)).toBe('los');
    expect(nextOntState('los', { kind: 'up', rxPowerDbm: -20 }, t)).toBe('working');
    expect(nextOntState('working', { kind: 'auth-failed' }, t)).toBe('auth-failed');
  });
});
