import { describe, expect, it } from 'vitest';
import { REGIONS, regionLabel, regionOptions } from './regions';

describe('regions', () => {
  it('lists all 14 regions of the contract, each once', () => {
    expect(REGIONS).toHaveLength(14);
    expect(new Set(REGIONS).size).toBe(14);
    expect(REGIONS).toEqual(expect.arrayContaining(['Washington_DC', 'Sao_Paulo', 'Dallas', 'Johannesburg', 'Dubai']));
  });

  it('labels each with its city and area', () => {
    expect(regionLabel('Washington_DC')).toBe('Washington, D.C. (US East)');
    expect(regionLabel('Los_Angeles')).toBe('Los Angeles (US West)');
    expect(regionLabel('Sao_Paulo')).toBe('São Paulo (Brazil)');
    for (const region of REGIONS) expect(regionLabel(region)).toMatch(/^\S.* \(.+\)$/);
  });

  it('shows a region it does not know as the API sends it', () => {
    expect(regionLabel('Atlantis')).toBe('Atlantis');
    expect(regionLabel('toString')).toBe('toString');
  });

  it('groups the picker options by continent without losing any', () => {
    const options = regionOptions();
    expect(options.map((g) => g.group)).toEqual([
      'North America',
      'South America',
      'Europe',
      'Middle East and Africa',
      'Asia Pacific',
    ]);
    expect(options.flatMap((g) => g.items.map((i) => i.value)).sort()).toEqual([...REGIONS].sort());
  });
});
