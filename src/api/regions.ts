import type { components } from './schema';

export type Region = components['schemas']['Region'];

/** Every Hathora region the API accepts (the 11 of Dec 2023, then Dallas, Johannesburg and Dubai), with a label. */
export const REGIONS: readonly { value: Region; label: string }[] = [
  { value: 'Seattle', label: 'Seattle' },
  { value: 'Los_Angeles', label: 'Los Angeles' },
  { value: 'Washington_DC', label: 'Washington DC' },
  { value: 'Chicago', label: 'Chicago' },
  { value: 'Dallas', label: 'Dallas' },
  { value: 'Sao_Paulo', label: 'São Paulo' },
  { value: 'London', label: 'London' },
  { value: 'Frankfurt', label: 'Frankfurt' },
  { value: 'Johannesburg', label: 'Johannesburg' },
  { value: 'Dubai', label: 'Dubai' },
  { value: 'Mumbai', label: 'Mumbai' },
  { value: 'Singapore', label: 'Singapore' },
  { value: 'Tokyo', label: 'Tokyo' },
  { value: 'Sydney', label: 'Sydney' },
];

export function isRegion(value: unknown): value is Region {
  return REGIONS.some((r) => r.value === value);
}

/** "Los Angeles" for `Los_Angeles`; a region this version does not know is shown as it comes. */
export function regionLabel(region: string): string {
  return REGIONS.find((r) => r.value === region)?.label ?? region;
}
