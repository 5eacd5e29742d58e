/**
 * What the serving Roomdeck server says about itself, from `/roomdeck-config.js` (an external script, so the
 * Content-Security-Policy needs no inline script). Absent when the dashboard is served by something else.
 */
export interface RuntimeConfig {
  apiBaseUrl: string;
  appId: string;
  /** The local server's dev token; absent in proxy mode, where the server holds the upstream token. */
  token?: string;
  mode: 'local' | 'proxy';
  readOnly?: boolean;
  upstream?: string;
  /** Access control is on: a browser signs in at this path (a server page), then holds a session cookie. */
  signIn?: string;
  /** ROOMDECK_PUBLIC_URL: where other machines reach this dashboard, the base of share links and QR codes. */
  publicUrl?: string;
}

declare global {
  interface Window {
    __ROOMDECK__?: unknown;
  }
}

export function readRuntimeConfig(source: unknown = typeof window === 'undefined' ? undefined : window.__ROOMDECK__) {
  if (!source || typeof source !== 'object') return undefined;
  const s = source as Record<string, unknown>;
  if (typeof s.apiBaseUrl !== 'string' || typeof s.appId !== 'string') return undefined;
  const config: RuntimeConfig = {
    apiBaseUrl: s.apiBaseUrl,
    appId: s.appId,
    mode: s.mode === 'proxy' ? 'proxy' : 'local',
  };
  if (typeof s.token === 'string' && s.token) config.token = s.token;
  if (s.readOnly === true) config.readOnly = true;
  if (typeof s.upstream === 'string') config.upstream = s.upstream;
  if (typeof s.signIn === 'string' && s.signIn.startsWith('/') && !s.signIn.startsWith('//')) config.signIn = s.signIn;
  if (typeof s.publicUrl === 'string' && /^https?:\/\/[^/?#@]+(\/[^?#]*)?$/.test(s.publicUrl)) {
    config.publicUrl = s.publicUrl.replace(/\/+$/, '');
  }
  return config;
}
