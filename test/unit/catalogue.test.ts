// spec §2 Table 4 (the catalogue) and §6 fees.
import { describe, expect, it } from 'vitest';
import {
  DOT1P,
  INTERNET_RATES,
  MAC_LIMIT,
  MONTHLY_FEE_CENTS,
  ONE_OFF_FEE_CENTS,
  accessFeeCents,
  isInternetRate,
  isIptvRate,
  isVoipRate,
  serviceFeeCents,
} from '../../src/domain/catalogue/index.ts';

describe('catalogue (spec §2)', () => {
  it('internet rates are Table 4, including 1000/500 and 2000/1000', () => {
    expect(INTERNET_RATES).toEqual(['100/100', '200/100', '300/150', '500/250', '1000/500', '2000/1000']);
  });
  it.each([
    ['internet', '300/150', true],
    ['internet', '400/200', false],
    ['iptv', 50, true],
    ['iptv', 20, false],
    ['voip', '2/2', true],
    ['voip', '3/3', false],
  ] as const)('%s %s in catalogue: %s', (ch, rate, ok) => {
    const f = ch === 'internet' ? isInternetRate : ch === 'iptv' ? isIptvRate : isVoipRate;
    expect(f(rate)).toBe(ok);
  });
  it('dot1p: VoIP 5, IPTV 2, internet and management 0', () => {
    expect(DOT1P).toEqual({ internet: 0, management: 0, voip: 5, iptv: 2 });
  });
  it('MAC limits within the spec ranges', () => {
    expect(MAC_LIMIT.internet).toBeLessThanOrEqual(2);
    expect(MAC_LIMIT.management).toBeGreaterThanOrEqual(2);
    expect(MAC_LIMIT.management).toBeLessThanOrEqual(4);
    expect(MAC_LIMIT.voip).toBeGreaterThanOrEqual(2);
  });
});

describe('fees (spec §6, cents)', () => {
  it('access fee: basic + level, MDU reduction', () => {
    expect(accessFeeCents({ accessLevel: 'regional' })).toBe(730 + 250);
    expect(accessFeeCents({ accessLevel: 'national', multiDwellingNoInBuilding: true })).toBe(
      730 - 110 + 450,
    );
    expect(accessFeeCents({ accessLevel: 'olt' })).toBe(730);
  });
  it('no IPTV/VoIP/management fee at OLT level', () => {
    const s = { internet: '300/150', iptv: 50, voip: '1/1', management: true } as const;
    expect(serviceFeeCents('iptv', s, 'olt')).toBe(0);
    expect(serviceFeeCents('iptv', s, 'regional')).toBe(50);
    expect(serviceFeeCents('internet', s, 'olt')).toBe(220);
    expect(MONTHLY_FEE_CENTS.internet['2000/1000']).toBe(300);
  });
  it('cancellation fees 13.27 / 19.91 EUR', () => {
    expect(ONE_OFF_FEE_CENTS.cancellationBeforeFieldVisit).toBe(1327);
    expect(ONE_OFF_FEE_CENTS.cancellationAfterFieldVisit).toBe(1991);
  });
});
