import { describe, expect, it } from 'vitest';
import { apiBaseFromJoinLink, joinUrl } from './joinLink';

const origin = 'https://roomdeck.example:8443';

describe('join link', () => {
  it('is absolute and carries no API when the room is behind the serving origin’s /api', () => {
    expect(joinUrl('app-1', 'qa-1', '/api', origin)).toBe('https://roomdeck.example:8443/join/app-1/qa-1');
    expect(joinUrl('app-1', 'qa-1', `${origin}/api/`, origin)).toBe('https://roomdeck.example:8443/join/app-1/qa-1');
  });

  it('carries another API base as an absolute URL', () => {
    expect(joinUrl('app-1', 'qa 1', 'https://api.hathora.dev', origin)).toBe(
      'https://roomdeck.example:8443/join/app-1/qa%201?api=https%3A%2F%2Fapi.hathora.dev',
    );
    expect(joinUrl('app-1', 'qa-1', '/proxy/api/', origin)).toBe(
      'https://roomdeck.example:8443/join/app-1/qa-1?api=https%3A%2F%2Froomdeck.example%3A8443%2Fproxy%2Fapi',
    );
  });

  it('round-trips through the join page’s reading of the link', () => {
    const url = new URL(joinUrl('app-1', 'qa-1', 'http://10.0.0.5:8080/api', origin));
    expect(apiBaseFromJoinLink(url.searchParams.get('api'))).toBe('http://10.0.0.5:8080/api');
  });

  it('accepts only http(s) URLs and paths as the API of a join link', () => {
    expect(apiBaseFromJoinLink(null)).toBe('/api');
    expect(apiBaseFromJoinLink('')).toBe('/api');
    expect(apiBaseFromJoinLink('/other/api')).toBe('/other/api');
    expect(apiBaseFromJoinLink('https://api.hathora.dev/')).toBe('https://api.hathora.dev');
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      '//evil.example',
      '/\\evil',
      'ftp://x',
      'api',
      'https://u:p@h',
    ]) {
      expect(apiBaseFromJoinLink(bad), bad).toBeNull();
    }
  });
});
