/**
 * Structural validation of an untrusted order body (spec §3 "Incomplete or malformed orders are
 * rejected"; design §4 order body). Turns `unknown` into one member of the `OrderInput` union or a
 * reason code with the path of the offending field (`address.street`, `services.internet`).
 *
 * Contract rules that need facts (stock, access, dates against the receipt day…) are in
 * validate.ts; this file only knows the shapes and the catalogue. It never throws: every access to
 * the body goes through the small readers below, and a last-resort catch maps the impossible to
 * INCOMPLETE_ORDER.
 */
import {
  ACCESS_LEVELS,
  INTERNET_RATES,
  IPTV_RATES,
  VOIP_RATES,
  isInternetRate,
  isIptvRate,
  isVoipRate,
  type AccessLevel,
  type ServiceSelection,
} from '../catalogue/catalogue.ts';
import { isLocalDate, type LocalDate } from '../calendar/local-date.ts';
import { accept, reject, type Verdict } from '../errors.ts';
import {
  CATEGORIES_BY_FORM,
  type Address,
  type Category,
  type Contact,
  type Form,
  type OrderInput,
  type Porting,
} from './types.ts';

/** Thrown only inside this module, caught by `parseOrder`: a rejection with its field. */
class Rejection {
  constructor(readonly verdict: Verdict<never>) {}
}
const fail = (code: Parameters<typeof reject>[0], message: string, field?: string): never => {
  throw new Rejection(reject(code, message, field));
};
const incomplete = (field: string, message: string): never => fail('INCOMPLETE_ORDER', message, field);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Own properties only: a body's `__proto__` or `constructor` keys are never followed. */
const get = (o: Obj, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const path = (prefix: string, k: string) => (prefix ? `${prefix}.${k}` : k);

/** Longest free-text field accepted; longer is treated as malformed rather than stored. */
const MAX_TEXT = 500;

function reqString(o: Obj, k: string, prefix = ''): string {
  const v = get(o, k);
  if (typeof v !== 'string' || v.trim() === '')
    return incomplete(path(prefix, k), `${path(prefix, k)} is required (non-empty string)`);
  if (v.length > MAX_TEXT)
    return incomplete(path(prefix, k), `${path(prefix, k)} is longer than ${MAX_TEXT} characters`);
  return v.trim();
}
function optString(o: Obj, k: string, prefix = ''): string | undefined {
  const v = get(o, k);
  if (v === undefined || v === null) return undefined;
  // numbers are accepted for flat/floor/house number style fields and kept as text
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string' || v.length > MAX_TEXT)
    return incomplete(path(prefix, k), `${path(prefix, k)} must be a string`);
  return v.trim() === '' ? undefined : v.trim();
}
function reqBoolean(o: Obj, k: string): boolean {
  const v = get(o, k);
  if (typeof v !== 'boolean') return incomplete(k, `${k} is required (true or false)`);
  return v;
}
function optBoolean(o: Obj, k: string, prefix = ''): boolean | undefined {
  const v = get(o, k);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') return incomplete(path(prefix, k), `${path(prefix, k)} must be true or false`);
  return v;
}
function reqObj(o: Obj, k: string): Obj {
  const v = get(o, k);
  if (!isObj(v)) return incomplete(k, `${k} is required (object)`);
  return v;
}

/** G.984 serial: 4-letter vendor id + 8 hex digits (design §3), normalised to upper case. */
const SERIAL = /^[A-Za-z]{4}[0-9A-Fa-f]{8}$/;
function optSerial(o: Obj, k: string): string | undefined {
  const v = get(o, k);
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !SERIAL.test(v))
    return incomplete(k, `${k} must be a G.984 serial (4 letters + 8 hex digits)`);
  return v.toUpperCase();
}

function adapterId(o: Obj): string {
  const v = reqString(o, 'adapterId');
  if (v.length > 64) return incomplete('adapterId', 'adapterId is too long');
  return v;
}

/** spec §3: requested date; must be a real calendar date YYYY-MM-DD. */
function requestedDate(o: Obj): LocalDate | undefined {
  const v = get(o, 'requestedDate');
  if (v === undefined || v === null) return undefined;
  if (!isLocalDate(v)) return incomplete('requestedDate', 'requestedDate must be a calendar date YYYY-MM-DD');
  return v;
}

function address(o: Obj): Address {
  const a = reqObj(o, 'address');
  const out: Address = {
    street: reqString(a, 'street', 'address'),
    number: optString(a, 'number', 'address') ?? incomplete('address.number', 'address.number is required'),
    city: reqString(a, 'city', 'address'),
    county: reqString(a, 'county', 'address'),
  };
  const flat = optString(a, 'flat', 'address');
  const floor = optString(a, 'floor', 'address');
  if (flat !== undefined) out.flat = flat;
  if (floor !== undefined) out.floor = floor;
  return out;
}

function contact(o: Obj, required: boolean): Contact | undefined {
  const c = get(o, 'contact');
  if (c === undefined || c === null)
    return required ? incomplete('contact', 'contact is required (name, phone)') : undefined;
  if (!isObj(c)) return incomplete('contact', 'contact must be an object');
  const out: Contact = { name: reqString(c, 'name', 'contact'), phone: reqString(c, 'phone', 'contact') };
  const email = optString(c, 'email', 'contact');
  if (email !== undefined) out.email = email;
  return out;
}

/** spec §3 BSNA fields: number-portability id (CABP ID) and porting window. */
function porting(o: Obj): Porting | undefined {
  const p = get(o, 'porting');
  if (p === undefined || p === null) return undefined;
  if (!isObj(p)) return incomplete('porting', 'porting must be an object');
  const out: Porting = { cabpId: reqString(p, 'cabpId', 'porting') };
  const w = optString(p, 'window', 'porting');
  if (w !== undefined) out.window = w;
  return out;
}

function accessLevel(o: Obj): AccessLevel {
  const v = get(o, 'accessLevel');
  if (typeof v !== 'string' || !(ACCESS_LEVELS as readonly string[]).includes(v)) {
    return incomplete('accessLevel', `accessLevel must be one of ${ACCESS_LEVELS.join(', ')}`);
  }
  return v as AccessLevel;
}

const CHANNEL_KEYS = ['internet', 'iptv', 'voip', 'management'];

/**
 * The channels and rates of an order (spec §2 Table 4 is the catalogue). A rate outside the
 * catalogue is RATE_NOT_IN_CATALOGUE; an unknown channel name is malformed (a misspelt channel
 * silently dropped would provision the wrong service). `null` means "not named".
 */
function services(o: Obj, k = 'services'): ServiceSelection {
  const s = get(o, k);
  if (!isObj(s)) return incomplete(k, `${k} is required (object naming channels)`);
  for (const key of Object.keys(s)) {
    if (!CHANNEL_KEYS.includes(key))
      incomplete(`${k}.${key}`, `unknown channel ${key}; channels are ${CHANNEL_KEYS.join(', ')}`);
  }
  const out: ServiceSelection = {};
  const internet = get(s, 'internet');
  if (internet !== undefined && internet !== null) {
    if (!isInternetRate(internet))
      fail(
        'RATE_NOT_IN_CATALOGUE',
        `internet rate must be one of ${INTERNET_RATES.join(', ')}`,
        `${k}.internet`,
      );
    out.internet = internet as ServiceSelection['internet'];
  }
  const iptv = get(s, 'iptv');
  if (iptv !== undefined && iptv !== null) {
    if (!isIptvRate(iptv))
      fail(
        'RATE_NOT_IN_CATALOGUE',
        `iptv rate must be one of ${IPTV_RATES.join(', ')} (Mbit/s downstream)`,
        `${k}.iptv`,
      );
    out.iptv = iptv as ServiceSelection['iptv'];
  }
  const voip = get(s, 'voip');
  if (voip !== undefined && voip !== null) {
    if (!isVoipRate(voip))
      fail('RATE_NOT_IN_CATALOGUE', `voip rate must be one of ${VOIP_RATES.join(', ')}`, `${k}.voip`);
    out.voip = voip as ServiceSelection['voip'];
  }
  const mgmt = get(s, 'management');
  if (mgmt !== undefined && mgmt !== null) {
    // management has one fixed rate (100/20, spec §2); the order only says whether it is wanted
    if (mgmt === '100/20') out.management = true;
    else if (typeof mgmt !== 'boolean')
      fail('RATE_NOT_IN_CATALOGUE', 'management is true/false (fixed 100/20)', `${k}.management`);
    else if (mgmt) out.management = true;
  }
  return out;
}

const hasDataChannel = (s: ServiceSelection) =>
  s.internet !== undefined || s.iptv !== undefined || s.voip !== undefined;

/**
 * A complete service selection (activation; move / technology change when they restate services):
 * at least one channel, and management never alone (spec §2: "management … is only ever added to
 * one of the other three"; spec §3 "management only together with another channel").
 */
function fullServices(o: Obj): ServiceSelection {
  const s = services(o);
  if (!hasDataChannel(s)) {
    if (s.management)
      fail(
        'MANAGEMENT_ONLY',
        'the management channel is only ever added to internet, VoIP or IPTV',
        'services',
      );
    incomplete('services', 'at least one channel (internet, iptv, voip) is required');
  }
  return s;
}
/** A change order's channels (add/remove/speed change): at least one named. */
function changedServices(o: Obj): ServiceSelection {
  const s = services(o);
  if (!hasDataChannel(s) && !s.management) incomplete('services', 'name at least one channel to change');
  return s;
}

function bsnaBase(o: Obj) {
  const base: { form: 'BSNA'; requestedDate?: LocalDate; contact?: Contact; porting?: Porting } = {
    form: 'BSNA',
  };
  const d = requestedDate(o);
  if (d !== undefined) base.requestedDate = d;
  const p = porting(o);
  if (p !== undefined) base.porting = p;
  return base;
}

/** `ownerInstallsHome` + optional serial, with the serial omitted when absent. */
function installation(o: Obj) {
  const out: { ownerInstallsHome: boolean; ontSerial?: string } = {
    ownerInstallsHome: reqBoolean(o, 'ownerInstallsHome'),
  };
  const s = optSerial(o, 'ontSerial');
  if (s !== undefined) out.ontSerial = s;
  return out;
}

function withOptional<T extends object>(target: T, extras: Record<string, unknown>): T {
  for (const [k, v] of Object.entries(extras))
    if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  return target;
}

function parseBsna(o: Obj, category: Category): OrderInput {
  const base = bsnaBase(o);
  switch (category) {
    case 'activation': {
      const addr = address(o);
      const c = contact(o, true) as Contact;
      const inst = installation(o);
      return withOptional(
        {
          ...base,
          category,
          address: addr,
          contact: c,
          ...inst,
          accessLevel: accessLevel(o),
          services: fullServices(o),
        },
        { forced: optBoolean(o, 'forced') },
      );
    }
    case 'move': {
      const id = adapterId(o);
      const addr = address(o);
      const inst = installation(o);
      return withOptional(
        { ...base, category, adapterId: id, address: addr, ...inst },
        {
          contact: contact(o, false),
          services:
            get(o, 'services') === undefined || get(o, 'services') === null ? undefined : fullServices(o),
          technologyChange: optBoolean(o, 'technologyChange'),
        },
      );
    }
    case 'add-service':
    case 'remove-service':
    case 'speed-change': {
      const id = adapterId(o);
      const s = changedServices(o);
      // management has one fixed rate (spec §2): there is no speed to change
      if (category === 'speed-change' && s.management)
        fail(
          'RATE_NOT_IN_CATALOGUE',
          'the management channel has a fixed rate (100/20)',
          'services.management',
        );
      return withOptional({ ...base, category, adapterId: id, services: s }, { contact: contact(o, false) });
    }
    case 'sl-reactivation':
      return withOptional({ ...base, category, adapterId: adapterId(o) }, { contact: contact(o, false) });
    case 'technology-change': {
      const id = adapterId(o);
      const t = get(o, 'technology');
      if (t !== 'gpon' && t !== 'xgs-pon')
        return incomplete('technology', 'technology must be gpon or xgs-pon');
      const inst = installation(o);
      return withOptional(
        { ...base, category, adapterId: id, technology: t, ...inst },
        {
          contact: contact(o, false),
          services:
            get(o, 'services') === undefined || get(o, 'services') === null ? undefined : fullServices(o),
        },
      );
    }
    default:
      return incomplete('category', `category ${category} is not a BSNA category`);
  }
}

function parseBsnd(o: Obj, category: Category): OrderInput {
  const id = adapterId(o);
  return withOptional(
    { form: 'BSND' as const, category: category as 'permanent', adapterId: id },
    {
      requestedDate: requestedDate(o),
      contact: contact(o, false),
    },
  );
}

function parseSbsn(o: Obj, category: Category): OrderInput {
  const id = adapterId(o);
  // spec §4: ONT replacement carries the new serial; its description is optional
  const description =
    category === 'ont-replacement' ? (optString(o, 'description') ?? '') : reqString(o, 'description');
  return withOptional(
    { form: 'SBSN' as const, category: category as 'degradation', adapterId: id, description },
    {
      ontSerial: optSerial(o, 'ontSerial'),
      newOntSerial: optSerial(o, 'newOntSerial'),
      measurements: optString(o, 'measurements'),
      contact: contact(o, false),
    },
  );
}

/** Parse an untrusted JSON body into an order, or say which field is wrong (never throws). */
/** The SP's own reference (types.ts SpReference): absent, or a string of 1–100 characters. */
export function referenceOf(body: unknown): string | undefined {
  const r = isObj(body) ? get(body, 'reference') : undefined;
  return typeof r === 'string' && r.length >= 1 && r.length <= 100 ? r : undefined;
}

export function parseOrder(body: unknown): Verdict<OrderInput> {
  const v = parseOrderBody(body);
  if (!v.ok || !isObj(body) || get(body, 'reference') === undefined) return v;
  const reference = referenceOf(body);
  if (reference === undefined)
    return reject('INCOMPLETE_ORDER', 'reference must be a string of 1 to 100 characters', 'reference');
  return accept({ ...v.value, reference });
}

function parseOrderBody(body: unknown): Verdict<OrderInput> {
  try {
    if (!isObj(body)) return reject('INCOMPLETE_ORDER', 'the order must be a JSON object');
    const form = get(body, 'form');
    if (typeof form !== 'string' || !Object.prototype.hasOwnProperty.call(CATEGORIES_BY_FORM, form)) {
      return reject('INCOMPLETE_ORDER', 'form must be BSNA, BSND or SBSN', 'form');
    }
    const category = get(body, 'category');
    const allowed = CATEGORIES_BY_FORM[form as Form];
    if (typeof category !== 'string' || !(allowed as readonly string[]).includes(category)) {
      return reject(
        'INCOMPLETE_ORDER',
        `category must be one of ${allowed.join(', ')} for ${form}`,
        'category',
      );
    }
    const c = category as Category;
    if (form === 'BSNA') return accept(parseBsna(body, c));
    if (form === 'BSND') return accept(parseBsnd(body, c));
    return accept(parseSbsn(body, c));
  } catch (e) {
    if (e instanceof Rejection) return e.verdict;
    return reject('INCOMPLETE_ORDER', 'the order could not be read');
  }
}
