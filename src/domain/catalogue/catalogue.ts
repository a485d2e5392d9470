/**
 * The BSN catalogue (spec §2 Table 4 and §6): the four virtual channels, their rates, 802.1p
 * priorities and MAC limits, and every fee. Amounts are integer euro cents so fees add up exactly;
 * the SLA engine divides them and rounds once per credit line (design §7).
 */
import type { Channel } from '../olt-config/model.ts';

export type { Channel };

/** Internet rates DS/US in Mbit/s (spec §2, Table 4 is the catalogue). */
export const INTERNET_RATES = ['100/100', '200/100', '300/150', '500/250', '1000/500', '2000/1000'] as const;
export type InternetRate = (typeof INTERNET_RATES)[number];

/** IPTV downstream rates in Mbit/s; upstream at most 1 (spec §2). */
export const IPTV_RATES = [10, 50, 100] as const;
export type IptvRate = (typeof IPTV_RATES)[number];

/** VoIP symmetric rates (spec §2). */
export const VOIP_RATES = ['1/1', '2/2'] as const;
export type VoipRate = (typeof VOIP_RATES)[number];

/** Management channel: fixed 100/20 (spec §2). */
export const MANAGEMENT_RATE = '100/20' as const;

/** The 2000/1000 rate needs migrated OLT equipment and an ONT with a >1 GE UNI (spec §2 footnote). */
export const MULTI_GIG_RATE: InternetRate = '2000/1000';

export interface RateMbps {
  downMbps: number;
  upMbps: number;
}

export function parseRate(rate: string): RateMbps {
  const [d, u] = rate.split('/').map(Number);
  return { downMbps: d, upMbps: u };
}

/** The services of one access: which channels, at which rate (spec §2). */
export interface ServiceSelection {
  internet?: InternetRate;
  iptv?: IptvRate;
  voip?: VoipRate;
  management?: boolean;
}

/** Rate of each active channel, DS/US Mbit/s (IPTV upstream capped at 1, spec §2). */
export function channelRates(s: ServiceSelection): Partial<Record<Channel, RateMbps>> {
  const out: Partial<Record<Channel, RateMbps>> = {};
  if (s.internet) out.internet = parseRate(s.internet);
  if (s.iptv !== undefined) out.iptv = { downMbps: s.iptv, upMbps: 1 };
  if (s.voip) out.voip = parseRate(s.voip);
  if (s.management) out.management = parseRate(MANAGEMENT_RATE);
  return out;
}

export function activeChannels(s: ServiceSelection): Channel[] {
  const out: Channel[] = [];
  if (s.internet) out.push('internet');
  if (s.management) out.push('management');
  if (s.voip) out.push('voip');
  if (s.iptv !== undefined) out.push('iptv');
  return out;
}

/**
 * 802.1p priority marked on the OLT per channel (spec §2 table): internet 0 (best effort),
 * management 0 (lowest), VoIP 5, IPTV 2 (live TV and VoD, both directions on the OLT).
 */
export const DOT1P: Record<Channel, number> = { internet: 0, management: 0, voip: 5, iptv: 2 };

/**
 * MAC addresses allowed per channel (spec §2 table): internet 1–2 → 2; management min 2 max 4 → 4;
 * VoIP "as the equipment allows, min 2" → 4; IPTV "4 per IPTV channel on FTTH" → 4.
 */
export const MAC_LIMIT: Record<Channel, number> = { internet: 2, management: 4, voip: 4, iptv: 4 };

/** Traffic rules per channel (spec §2): PPPoE only on internet, multicast only on IPTV. */
export const PPPOE_ONLY: Record<Channel, boolean> = {
  internet: true,
  management: false,
  voip: false,
  iptv: false,
};
export const MULTICAST: Record<Channel, boolean> = {
  internet: false,
  management: false,
  voip: false,
  iptv: true,
};

export type AccessLevel = 'national' | 'regional' | 'olt';
export const ACCESS_LEVELS: readonly AccessLevel[] = ['national', 'regional', 'olt'];

/** Monthly fees in EUR cents (spec §6). */
export const MONTHLY_FEE_CENTS = {
  basicAccess: 730,
  /** Reduction in multi-dwelling buildings where the owner is not responsible for in-building fibre. */
  multiDwellingReduction: 110,
  accessLevel: { national: 450, regional: 250, olt: 0 } as Record<AccessLevel, number>,
  internet: {
    '2000/1000': 300,
    '1000/500': 270,
    '500/250': 230,
    '300/150': 220,
    '200/100': 200,
    '100/100': 180,
  } as Record<InternetRate, number>,
  iptv: { 100: 100, 50: 50, 10: 30 } as Record<IptvRate, number>,
  voip: { '2/2': 20, '1/1': 10 } as Record<VoipRate, number>,
  management: 4,
  inFlatInstallation: 40,
  ont: 30,
} as const;

/** One-off fees in EUR cents (spec §6). */
export const ONE_OFF_FEE_CENTS = {
  invalidOrder: 159,
  activationExistingWithTechnician: 1991,
  activationExistingWithoutTechnician: 0,
  newSubscriber: 1991,
  changeToBsn: 3185,
  move: 3982,
  deactivation: 664,
  slReactivation: 0,
  cancellationBeforeFieldVisit: 1327,
  cancellationAfterFieldVisit: 1991,
  unjustifiedFieldVisit: 1991,
  ontNotReturned: 2190,
} as const;

export interface AccessFeeInput {
  accessLevel: AccessLevel;
  multiDwellingNoInBuilding?: boolean;
}

/** The access part of the monthly fee: basic access (less the MDU reduction) + access-level fee. */
export function accessFeeCents(a: AccessFeeInput): number {
  const basic =
    MONTHLY_FEE_CENTS.basicAccess -
    (a.multiDwellingNoInBuilding ? MONTHLY_FEE_CENTS.multiDwellingReduction : 0);
  return basic + MONTHLY_FEE_CENTS.accessLevel[a.accessLevel];
}

/**
 * Monthly fee of one channel in cents. At OLT-level access there are no IPTV, VoIP or management
 * fees (spec §6, last line).
 */
export function serviceFeeCents(channel: Channel, s: ServiceSelection, level: AccessLevel): number {
  switch (channel) {
    case 'internet':
      return s.internet ? MONTHLY_FEE_CENTS.internet[s.internet] : 0;
    case 'iptv':
      return level === 'olt' || s.iptv === undefined ? 0 : MONTHLY_FEE_CENTS.iptv[s.iptv];
    case 'voip':
      return level === 'olt' || !s.voip ? 0 : MONTHLY_FEE_CENTS.voip[s.voip];
    case 'management':
      return level === 'olt' || !s.management ? 0 : MONTHLY_FEE_CENTS.management;
  }
}

export function isInternetRate(v: unknown): v is InternetRate {
  return typeof v === 'string' && (INTERNET_RATES as readonly string[]).includes(v);
}
export function isIptvRate(v: unknown): v is IptvRate {
  return typeof v === 'number' && (IPTV_RATES as readonly number[]).includes(v);
}
export function isVoipRate(v: unknown): v is VoipRate {
  return typeof v === 'string' && (VOIP_RATES as readonly string[]).includes(v);
}
