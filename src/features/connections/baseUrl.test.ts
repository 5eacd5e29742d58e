import { describe, expect, it } from 'vitest';
import { baseUrlProblem } from './baseUrl';

describe('API base URL rules', () => {
  it('accepts https anywhere, http on loopback, and paths on this server', () => {
    for (const ok of [
      'https://api.hathora.dev',
      'http://127.0.0.1:8080/api',
      'http://localhost:3000',
      'http://[::1]:8080',
      '/api',
    ]) {
      expect(baseUrlProblem(ok), ok).toBeNull();
    }
  });

  it('refuses plain http to other hosts, credentials in the URL, other schemes and junk', () => {
    expect(baseUrlProblem('http://10.0.0.5:8080/api')).toMatch(/unencrypted/);
    expect(baseUrlProblem('https://user:pw@api.hathora.dev')).toMatch(/credentials/);
    for (const bad of [
      'javascript:alert(1)',
      'ftp://x',
      '//evil.example/api',
      '/\\evil.example/api',
      'api.hathora.dev',
      '',
    ]) {
      expect(baseUrlProblem(bad), bad).toMatch(/Enter an https URL/);
    }
  });
});
