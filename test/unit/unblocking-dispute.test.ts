import { describe, expect, it } from 'vitest';
import {
  checkDispute,
  disputeDeadline,
  isExpired,
  type PortSnapshot,
} from '../../src/domain/unblocking/index.ts';

const takenAt = new Date('2026-03-10T09:00:00+01:00');
const snap: PortSnapshot = {
  id: 's1',
  takenAt: takenAt.toISOString(),
  port: { olt: 'olt1', pon: '1/1/1', onuId: 1 },
  adapterId: 'A-1',
  sp: 'old',
  ontSerial: 'ZTEG00000001',
  services: { internet: '100/100' },
  accessLevel: 'regional',
  billing: { state: 'active', since: '2025-01-01' },
  device: {
    onuId: 1,
    onuType: 'ZXHN-F601',
    expectedSerial: 'ZTEG00000001',
    tconts: [],
    gemports: [],
    vlans: [],
  },
  trafficProfiles: [],
  takenByOrder: 'o1',
  newSp: 'new',
  disputeUntil: disputeDeadline(takenAt),
  state: 'held',
};

describe('dispute window (port-unblocking.md steps 14–16)', () => {
  it('is 14 days by default, the takeover day being day 0', () => {
    expect(disputeDeadline(takenAt)).toBe('2026-03-24');
    expect(disputeDeadline(takenAt, 7)).toBe('2026-03-17');
  });
  it('accepts a dispute by the existing SP inside the window', () => {
    expect(checkDispute(snap, 'old', new Date('2026-03-24T22:00:00+01:00')).ok).toBe(true);
  });
  it('refuses a late dispute with DISPUTE_WINDOW_CLOSED', () => {
    const v = checkDispute(snap, 'old', new Date('2026-03-25T00:30:00+01:00'));
    expect(v).toMatchObject({ ok: false, code: 'DISPUTE_WINDOW_CLOSED' });
    expect(isExpired(snap, new Date('2026-03-25T00:30:00+01:00'))).toBe(true);
  });
  it('answers NOTHING_TO_RESTORE to another SP (no leak of the port) and after a restore', () => {
    expect(checkDispute(snap, 'new', takenAt)).toMatchObject({ ok: false, code: 'NOTHING_TO_RESTORE' });
    expect(checkDispute({ ...snap, state: 'restored' }, 'old', takenAt)).toMatchObject({
      ok: false,
      code: 'NOTHING_TO_RESTORE',
    });
    expect(checkDispute(undefined, 'old', takenAt)).toMatchObject({ ok: false, code: 'NOTHING_TO_RESTORE' });
  });
});
