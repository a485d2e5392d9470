// AdapterID lifecycle and service intent (spec §3; port-unblocking.md).
import { describe, expect, it } from 'vitest';
import { parseOrder, type OrderInput } from '../../src/domain/orders/index.ts';
import {
  ACCESS_STATES,
  accessTriggersFrom,
  adapterIdAfter,
  applyOrderToServices,
  formatAdapterId,
  isAdapterId,
  isEffectivelyActive,
  nextAdapterId,
  transitionAccess,
  type AccessState,
  type AccessTrigger,
} from '../../src/domain/subscribers/index.ts';
import { activationBody } from './orders-fixtures.ts';

const o = (b: Record<string, unknown>): OrderInput => {
  const v = parseOrder(b);
  if (!v.ok) throw new Error(`${v.code} ${v.field}`);
  return v.value;
};
const onA = (b: Record<string, unknown>) => o({ form: 'BSNA', adapterId: 'A-00000007', ...b });

describe('access transitions', () => {
  it.each<[AccessState, AccessTrigger, AccessState]>([
    ['pending', 'activate', 'active'],
    ['pending', 'abandon', 'deactivated'],
    ['active', 'disconnect-temporarily', 'temporarily-disconnected'],
    ['temporarily-disconnected', 'reactivate', 'active'],
    ['active', 'deactivate', 'deactivated'],
    ['temporarily-disconnected', 'deactivate', 'deactivated'],
    ['active', 'take-over', 'taken-over'],
    ['taken-over', 'restore', 'active'],
    ['taken-over', 'release', 'deactivated'],
  ])('%s --%s--> %s', (from, t, to) => expect(transitionAccess(from, t)).toEqual({ ok: true, value: to }));
  it.each<[AccessState, AccessTrigger]>([
    ['pending', 'deactivate'],
    ['temporarily-disconnected', 'disconnect-temporarily'],
    ['deactivated', 'activate'],
    ['active', 'restore'],
  ])('%s cannot %s', (from, t) =>
    expect(transitionAccess(from, t)).toMatchObject({ ok: false, code: 'INVALID_STATE' }),
  );
  it('deactivated is final; SL counts as active (spec §3)', () => {
    expect(accessTriggersFrom('deactivated')).toEqual([]);
    for (const s of ACCESS_STATES)
      expect(isEffectivelyActive(s)).toBe(s === 'active' || s === 'temporarily-disconnected');
  });
});

describe('AdapterID', () => {
  it('formats and steps', () => {
    expect(formatAdapterId(1)).toBe('A-00000001');
    expect(nextAdapterId()).toBe('A-00000001');
    expect(nextAdapterId('A-00000041')).toBe('A-00000042');
    expect(isAdapterId('A-12345678')).toBe(true);
    expect(isAdapterId('A-1')).toBe(false);
    expect(() => nextAdapterId('B-1')).toThrow(RangeError);
  });
  // spec §3: new on activation; kept on speed/service change and SL reactivation; kept on a move only without technology change
  it.each<[string, OrderInput, 'new' | 'kept']>([
    ['activation', o(activationBody()), 'new'],
    [
      'technology change',
      onA({ category: 'technology-change', technology: 'xgs-pon', ownerInstallsHome: true }),
      'new',
    ],
    [
      'move without technology change',
      onA({
        category: 'move',
        address: { street: 'A', number: '1', city: 'Z', county: 'Grad Zagreb' },
        ownerInstallsHome: true,
      }),
      'kept',
    ],
    [
      'move with technology change',
      onA({
        category: 'move',
        address: { street: 'A', number: '1', city: 'Z', county: 'Grad Zagreb' },
        ownerInstallsHome: true,
        technologyChange: true,
      }),
      'new',
    ],
    ['speed change', onA({ category: 'speed-change', services: { internet: '500/250' } }), 'kept'],
    ['add service', onA({ category: 'add-service', services: { voip: '1/1' } }), 'kept'],
    ['remove service', onA({ category: 'remove-service', services: { voip: '1/1' } }), 'kept'],
    ['SL reactivation', onA({ category: 'sl-reactivation' }), 'kept'],
  ])('%s → %s', (_n, order, expected) => expect(adapterIdAfter(order)).toBe(expected));
});

describe('applyOrderToServices', () => {
  const cur = { internet: '300/150', iptv: 50, management: true } as const;
  it.each<[string, OrderInput, object | string]>([
    [
      'add voip',
      onA({ category: 'add-service', services: { voip: '2/2' } }),
      { internet: '300/150', iptv: 50, management: true, voip: '2/2' },
    ],
    [
      'remove iptv',
      onA({ category: 'remove-service', services: { iptv: 50 } }),
      { internet: '300/150', management: true },
    ],
    [
      'speed change',
      onA({ category: 'speed-change', services: { internet: '1000/500', iptv: 100 } }),
      { internet: '1000/500', iptv: 100, management: true },
    ],
    ['SL reactivation keeps services', onA({ category: 'sl-reactivation' }), cur],
    [
      'move restating services',
      onA({
        category: 'move',
        address: { street: 'A', number: '1', city: 'Z', county: 'Z' },
        ownerInstallsHome: true,
        services: { voip: '1/1' },
      }),
      { voip: '1/1' },
    ],
    [
      'remove everything but management',
      onA({ category: 'remove-service', services: { internet: '300/150', iptv: 50 } }),
      'MANAGEMENT_ONLY',
    ],
    [
      'remove a channel not there',
      onA({ category: 'remove-service', services: { voip: '1/1' } }),
      'INVALID_STATE',
    ],
    [
      'speed change of a channel not there',
      onA({ category: 'speed-change', services: { voip: '2/2' } }),
      'INVALID_STATE',
    ],
    [
      'add a channel already there',
      onA({ category: 'add-service', services: { internet: '500/250' } }),
      'INVALID_STATE',
    ],
  ])('%s', (_n, order, expected) => {
    const v = applyOrderToServices(cur, order);
    if (typeof expected === 'string') expect(v).toMatchObject({ ok: false, code: expected });
    else expect(v).toEqual({ ok: true, value: expected });
  });
  it('removing the last channel is refused (a deactivation is a BSND order)', () => {
    expect(
      applyOrderToServices(
        { internet: '100/100' },
        onA({ category: 'remove-service', services: { internet: '100/100' } }),
      ),
    ).toMatchObject({ ok: false, code: 'INVALID_STATE' });
  });
});
