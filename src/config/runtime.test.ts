import { describe, expect, it } from 'vitest';
import { readRuntimeConfig } from './runtime';

describe('readRuntimeConfig', () => {
  it('reads proxy mode with read-only and sign-in, and has no token then', () => {
    expect(
      readRuntimeConfig({
        apiBaseUrl: '/api',
        appId: 'app-1',
        mode: 'proxy',
        upstream: 'https://api.hathora.dev',
        readOnly: true,
        signIn: '/_roomdeck/signin',
      }),
    ).toEqual({
      apiBaseUrl: '/api',
      appId: 'app-1',
      mode: 'proxy',
      upstream: 'https://api.hathora.dev',
      readOnly: true,
      signIn: '/_roomdeck/signin',
    });
  });

  it('takes a sign-in path on this origin only', () => {
    for (const signIn of ['https://evil.example/signin', '//evil.example/signin', 42]) {
      expect(readRuntimeConfig({ apiBaseUrl: '/api', appId: 'app-1', mode: 'proxy', signIn })?.signIn).toBeUndefined();
    }
  });
});
