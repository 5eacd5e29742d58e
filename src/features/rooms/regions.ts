import type { components } from '@/api/schema';

export type Region = components['schemas']['Region'];

interface RegionInfo {
  city: string;
  area: string;
  /** Heading the region is listed under in a picker. */
  continent: 'North America' | 'South America' | 'Europe' | 'Middle East and Africa' | 'Asia Pacific';
}

/**
 * Every region of the API contract, with the city and area a person knows it by. `satisfies Record<Region, …>`
 * makes a region added to (or dropped from) openapi/openapi.yaml a type error here until it is labelled.
 */
const REGION_INFO = {
  Seattle: { city: 'Seattle', area: 'US West', continent: 'North America' },
  Los_Angeles: { city: 'Los Angeles', area: 'US West', continent: 'North America' },
  Washington_DC: { city: 'Washington, D.C.', area: 'US East', continent: 'North America' },
  Chicago: { city: 'Chicago', area: 'US Central', continent: 'North America' },
  Dallas: { city: 'Dallas', area: 'US Central', continent: 'North America' },
  Sao_Paulo: { city: 'São Paulo', area: 'Brazil', continent: 'South America' },
  London: { city: 'London', area: 'UK', continent: 'Europe' },
  Frankfurt: { city: 'Frankfurt', area: 'Germany', continent: 'Europe' },
  Dubai: { city: 'Dubai', area: 'UAE', continent: 'Middle East and Africa' },
  Johannesburg: { city: 'Johannesburg', area: 'South Africa', continent: 'Middle East and Africa' },
  Mumbai: { city: 'Mumbai', area: 'India', continent: 'Asia Pacific' },
  Singapore: { city: 'Singapore', area: 'Southeast Asia', continent: 'Asia Pacific' },
  Tokyo: { city: 'Tokyo', area: 'Japan', continent: 'Asia Pacific' },
  Sydney: { city: 'Sydney', area: 'Australia', continent: 'Asia Pacific' },
} as const satisfies Record<Region, RegionInfo>;

export const REGIONS = Object.keys(REGION_INFO) as Region[];

function isRegion(value: string): value is Region {
  return Object.hasOwn(REGION_INFO, value);
}

/** "Washington, D.C. (US East)"; a region this version does not know is shown as the API sends it. */
export function regionLabel(region: string): string {
  if (!isRegion(region)) return region;
  const { city, area } = REGION_INFO[region];
  return `${city} (${area})`;
}

/** The regions as grouped picker options (Mantine `Select` data). */
export function regionOptions(): { group: string; items: { value: Region; label: string }[] }[] {
  const groups = new Map<string, { value: Region; label: string }[]>();
  for (const region of REGIONS) {
    const { continent } = REGION_INFO[region];
    groups.set(continent, [...(groups.get(continent) ?? []), { value: region, label: regionLabel(region) }]);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}
