import { describe, expect, it } from 'vitest';
import { CITIES, cityAliases, findCity } from './cities.js';
import { MEMBER_STATES } from './states.js';

describe('cities', () => {
  it('holds the 26 pilot cities of the 2018 concept note, up to four per member state', () => {
    const pilots = CITIES.filter((c) => c.pilot);
    expect(pilots).toHaveLength(26);
    const perState = Object.keys(MEMBER_STATES).map(
      (code) => pilots.filter((c) => c.country === code).length,
    );
    expect(perState.every((n) => n >= 1 && n <= 4)).toBe(true);
  });

  it('counts 32 named members after the 2023, 2024 and 2025 additions', () => {
    expect(CITIES.filter((c) => c.joined <= 2023)).toHaveLength(29);
    expect(CITIES.filter((c) => c.joined <= 2024)).toHaveLength(31);
    expect(CITIES).toHaveLength(32);
  });

  it.each([
    ['HCMC', 'ho-chi-minh-city'],
    ['saigon', 'ho-chi-minh-city'],
    ['KL', 'kuala-lumpur'],
    ['Naypyidaw', 'nay-pyi-taw'],
    ['Chon Buri', 'chonburi'],
    ['Hà Nội', 'ha-noi'],
    ['cebu', 'cebu-city'],
    ['Davao City', 'davao-city'],
    ['makassar', 'makassar'],
    ['Cauayan', 'cauayan-city'],
  ])('finds %s as %s', (text, id) => {
    expect(findCity(text)?.id).toBe(id);
  });

  it('does not guess unknown cities', () => {
    expect(findCity('Paris')).toBeUndefined();
    expect(findCity('')).toBeUndefined();
  });

  it('uses the zones of IANA zone.tab, with Myanmar at UTC+6:30 and Makassar at UTC+8', () => {
    expect(findCity('Yangon')?.timeZone).toBe('Asia/Yangon');
    expect(findCity('Makassar')?.timeZone).toBe('Asia/Makassar');
    expect(findCity('Kota Kinabalu')?.timeZone).toBe('Asia/Kuching');
  });

  it('lists aliases for the search glossary', () => {
    expect(cityAliases()).toContainEqual({ alias: 'HCMC', name: 'Ho Chi Minh City' });
  });
});
