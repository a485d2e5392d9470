/**
 * Demo data for `npm start` (design §3: "seeds demo coverage (addresses with their ports, some free,
 * some with an active service) and demo SPs with ONT stock, so a newcomer can place a real order at
 * once"). Addresses map onto the lab's OLT/PON/ONU positions, so an order for a free address lands on
 * a simulated ONT. Seeding runs once per store (it is skipped when the demo SPs exist).
 *
 * Layout per OLT position (ONU id n on each PON):
 *   n = 1..3   an active service of a demo SP (ONT installed) — shows "taken" and blocks activation;
 *   n = 4..12  free, installation EXISTING (6 RD), ONT in some SP's stock;
 *   n = 13..16 free, installation NEW with the drop cable present (10 RD).
 */
import { chmodSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createApiKey, KeyVerifier } from '../application/access/api-keys.ts';
import { addressKey, type Store } from '../application/ports/store/index.ts';
import type { ServiceSelection } from '../domain/catalogue/catalogue.ts';
import { formatAdapterId } from '../domain/subscribers/adapter-id.ts';

/** The parts of a lab inventory the seed needs (simulators/lab/inventory.ts LabInventory fits). */
export interface SeedInventory {
  olts: {
    name: string;
    profile?: string;
    pons: { port: string; onts: { id: number; serial: string }[] }[];
  }[];
}

export const DEMO_SPS = [
  { id: 'sp-alpha', name: 'Alpha Telekom d.o.o.', region: 'Zagreb' },
  { id: 'sp-beta', name: 'Beta Net d.d.', region: 'Split' },
  { id: 'sp-gamma', name: 'Gamma Fiber j.d.o.o.', region: undefined },
] as const;

/** Street per (OLT index, PON index); cycled when the lab is larger. */
const STREETS = [
  [
    { street: 'Ilica', city: 'Zagreb', county: 'Grad Zagreb', node: 'ZG-Centar' },
    { street: 'Vlaška', city: 'Zagreb', county: 'Grad Zagreb', node: 'ZG-Centar' },
  ],
  [
    { street: 'Marmontova', city: 'Split', county: 'Splitsko-dalmatinska', node: 'ST-Centar' },
    { street: 'Europska avenija', city: 'Osijek', county: 'Osječko-baranjska', node: 'OS-Centar' },
  ],
  [
    { street: 'Korzo', city: 'Rijeka', county: 'Primorsko-goranska', node: 'RI-Centar' },
    { street: 'Ulica Matije Gupca', city: 'Zadar', county: 'Zadarska', node: 'ZD-Centar' },
  ],
];

const ACTIVE_SERVICES: ServiceSelection[] = [
  { internet: '300/150', iptv: 50, voip: '1/1', management: true },
  { internet: '100/100', management: true },
  { internet: '1000/500', iptv: 100 },
];

/** The default lab shape (design §3: 2 OLTs, each 2 PON ports × 16 ONTs) when no lab runs. */
export function defaultInventory(): SeedInventory {
  const serial = (o: number, p: number, n: number) =>
    'ZTEG' +
    ((((o & 0xff) << 24) | ((p & 0xff) << 16) | (n & 0xffff)) >>> 0)
      .toString(16)
      .toUpperCase()
      .padStart(8, '0');
  return {
    olts: [0, 1].map((o) => ({
      name: `olt-${o + 1}`,
      profile: o === 0 ? 'bbf-tr385' : 'zxa10-c300',
      pons: [0, 1].map((p) => ({
        port: `1/1/${p + 1}`,
        onts: Array.from({ length: 16 }, (_, i) => ({ id: i + 1, serial: serial(o, p + 1, i + 1) })),
      })),
    })),
  };
}

export interface SeededAddress {
  address: { street: string; number: string; city: string; county: string };
  olt: string;
  pon: string;
  onuId: number;
  /** The physical ONT at this position. */
  serial: string;
  installation: 'existing' | 'new-drop-present';
  /** An active demo service, if the address is taken. */
  active?: { adapterId: string; spId: string };
  /** The SP whose stock holds this position's ONT (free addresses). */
  stockOf?: string;
}

export interface DemoSeed {
  created: boolean;
  addresses: SeededAddress[];
}

/** Plans the demo addresses for an inventory (pure; `seedDemo` writes them). */
export function planDemo(inv: SeedInventory): SeededAddress[] {
  const out: SeededAddress[] = [];
  let active = 0;
  let free = 0;
  inv.olts.forEach((olt, oi) =>
    olt.pons.forEach((pon, pi) => {
      const s = STREETS[oi % STREETS.length][pi % 2];
      for (const ont of pon.onts) {
        const n = ont.id;
        const a: SeededAddress = {
          address: { street: s.street, number: String(n), city: s.city, county: s.county },
          olt: olt.name,
          pon: pon.port,
          onuId: n,
          serial: ont.serial,
          installation: n >= 13 ? 'new-drop-present' : 'existing',
        };
        if (n <= 3) a.active = { adapterId: '', spId: DEMO_SPS[active++ % DEMO_SPS.length].id };
        else a.stockOf = DEMO_SPS[free++ % DEMO_SPS.length].id;
        out.push(a);
      }
    }),
  );
  return out;
}

const nodeOf = (a: SeededAddress): string =>
  STREETS.flat().find((s) => s.street === a.address.street && s.city === a.address.city)?.node ?? 'node';

export async function seedDemo(store: Store, o: { at: Date; inventory?: SeedInventory }): Promise<DemoSeed> {
  const plan = planDemo(o.inventory ?? defaultInventory());
  const at = o.at.toISOString();
  return store.transaction(async (tx) => {
    if (await tx.sps.get(DEMO_SPS[0].id)) {
      // already seeded: report what is there
      for (const a of plan)
        if (a.active)
          a.active.adapterId = (await tx.accesses.liveAtPort(a.olt, a.pon, a.onuId))?.adapterId ?? '';
      return { created: false, addresses: plan };
    }
    for (const sp of DEMO_SPS)
      await tx.sps.upsert({ id: sp.id, name: sp.name, region: sp.region, createdAt: at });
    for (const [i, a] of plan.entries()) {
      const key = addressKey(a.address);
      await tx.coverage.upsert({
        addressKey: key,
        ...a.address,
        node: nodeOf(a),
        technology: 'gpon',
        olt: a.olt,
        pon: a.pon,
        onuId: a.onuId,
        installation: a.installation,
      });
      if (a.active) {
        const adapterId = formatAdapterId(await tx.sequences.next('adapter-id'));
        a.active.adapterId = adapterId;
        await tx.stock.add(a.active.spId, [a.serial], at);
        await tx.stock.setState(a.serial, 'installed', at, { adapterId });
        await tx.accesses.insert({
          adapterId,
          spId: a.active.spId,
          addressKey: key,
          olt: a.olt,
          pon: a.pon,
          onuId: a.onuId,
          technology: 'gpon',
          state: 'active',
          services: ACTIVE_SERVICES[i % ACTIVE_SERVICES.length],
          accessLevel: 'regional',
          ontSerial: a.serial,
          slStarts: [],
          createdAt: at,
          updatedAt: at,
        });
      } else if (a.stockOf) {
        await tx.stock.add(a.stockOf, [a.serial], at);
      }
    }
    return { created: true, addresses: plan };
  });
}

export interface DemoKeys {
  operator: string;
  sps: Record<string, string>;
}

/**
 * The demo API keys, kept in `<dataDir>/demo-keys.json` (mode 0600) so they stay the same across
 * restarts; new ones are made when the file is missing or its keys no longer verify (a new store).
 */
export async function demoKeys(store: Store, dataDir: string, at: Date): Promise<DemoKeys> {
  const file = path.join(dataDir, 'demo-keys.json');
  if (existsSync(file)) {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as DemoKeys;
      const v = new KeyVerifier(store, 0);
      const all = [saved.operator, ...DEMO_SPS.map((s) => saved.sps?.[s.id])];
      if ((await Promise.all(all.map((k) => v.verify(k)))).every(Boolean)) return saved;
    } catch {
      /* unreadable: make new keys */
    }
  }
  const keys: DemoKeys = {
    operator: (await createApiKey(store, { role: 'operator', name: 'demo operator', at })).key,
    sps: {},
  };
  for (const sp of DEMO_SPS)
    keys.sps[sp.id] = (await createApiKey(store, { role: 'sp', spId: sp.id, name: 'demo', at })).key;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600); // an older file kept its mode on overwrite
  return keys;
}
