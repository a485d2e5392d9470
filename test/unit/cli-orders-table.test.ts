/** `ponctl orders --status failed` (issue 17 item 1): an aligned table with attempts, OLT, next attempt and reason. */
import { describe, expect, it } from 'vitest';
import { ordersTable } from '../../src/adapters/driving/cli/commands/orders.ts';

describe('ponctl orders table', () => {
  it('failed and retried orders show attempts, OLT, next attempt and reason, in aligned columns', () => {
    const out = ordersTable([
      {
        id: 'ord_a',
        sp: 'sp-alpha',
        status: 'failed',
        category: 'activation',
        adapterId: 'A-000001',
        plannedDate: '2026-03-09',
        deadline: '2026-03-10',
        provisioning: {
          attempts: 412,
          lastError: 'connect-timeout: olt-1 did not answer',
          lastAttemptAt: '2026-03-10T23:00:00.000Z',
          olt: 'olt-1',
          failedBecause: 'deadline-passed',
        },
      },
      {
        id: 'ord_bb',
        sp: 'sp-beta',
        status: 'due',
        category: 'speed-change',
        adapterId: 'A-000002',
        plannedDate: '2026-03-05',
        deadline: '2026-03-05',
        provisioning: {
          attempts: 3,
          lastError: 'commit: refused',
          lastAttemptAt: '2026-03-05T08:00:14.000Z',
          olt: 'olt-2',
          nextAttemptAt: '2026-03-05T08:00:30.000Z',
        },
      },
    ]);
    const lines = out.trimEnd().split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual([
      'id',
      'sp',
      'status',
      'category',
      'adapterId',
      'plannedDate',
      'deadline',
      'attempts',
      'olt',
      'next',
      'reason',
    ]);
    expect(lines[1]).toMatch(/412\s+olt-1\s+-\s+deadline passed: connect-timeout: olt-1 did not answer$/);
    expect(lines[2]).toMatch(/3\s+olt-2\s+2026-03-05T08:00:30.000Z\s+commit: refused$/);
    // aligned: every column starts where its header does
    const start = (l: string, s: string) => l.indexOf(s);
    expect(start(lines[1], '412')).toBe(start(lines[0], 'attempts'));
    expect(start(lines[2], 'olt-2')).toBe(start(lines[0], 'olt'));
    expect(lines.at(-1)).toBe('2 orders');
  });

  it('without failures, the plain columns', () => {
    const out = ordersTable([{ id: 'o', sp: 's', status: 'completed', category: 'activation' }]);
    expect(out.split('\n')[0]).toBe('id  sp  status     category    adapterId  plannedDate  deadline');
  });
});
