/**
 * Regions and their counties (spec §2): an SP connected at a regional aggregation point has regional
 * access to addresses in that region and national access everywhere else.
 */
export const REGIONS = {
  Zagreb: [
    'Grad Zagreb',
    'Zagrebačka',
    'Karlovačka',
    'Međimurska',
    'Varaždinska',
    'Krapinsko-zagorska',
    'Koprivničko-križevačka',
    'Bjelovarsko-bilogorska',
    'Sisačko-moslavačka',
  ],
  Split: ['Zadarska', 'Šibensko-kninska', 'Dubrovačko-neretvanska', 'Splitsko-dalmatinska'],
  Rijeka: ['Istarska', 'Ličko-senjska', 'Primorsko-goranska'],
  Osijek: [
    'Požeško-slavonska',
    'Brodsko-posavska',
    'Vukovarsko-srijemska',
    'Osječko-baranjska',
    'Virovitičko-podravska',
  ],
} as const;
export type Region = keyof typeof REGIONS;

export function regionOfCounty(county: string): Region | undefined {
  const c = county.trim().toLowerCase();
  for (const [region, counties] of Object.entries(REGIONS) as [Region, readonly string[]][]) {
    if (counties.some((x) => x.toLowerCase() === c)) return region;
  }
  return undefined;
}

/**
 * The access level an SP gets at an address (spec §2): regional inside the region of its regional
 * aggregation point, national elsewhere; OLT-level when it connects at the OLT.
 */
export function effectiveAccessLevel(
  requested: 'national' | 'regional' | 'olt',
  spRegion: Region | undefined,
  county: string,
): 'national' | 'regional' | 'olt' {
  if (requested !== 'regional') return requested;
  return spRegion !== undefined && regionOfCounty(county) === spRegion ? 'regional' : 'national';
}
