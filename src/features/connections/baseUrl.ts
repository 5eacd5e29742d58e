const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Why an API base URL cannot be used, or null when it can. Matches the dashboard's Content-Security-Policy
 * (connect-src 'self' https: and loopback http): a dev token never crosses a network unencrypted.
 */
export function baseUrlProblem(value: string): string | null {
  const v = value.trim();
  // A path on this server; browsers read `/\host` like `//host`, another host (and the token would go there).
  if (v.startsWith('/') && !v.startsWith('//') && !v.includes('\\')) return null;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return 'Enter an https URL, e.g. https://api.hathora.dev, or a path on this server like /api';
  }
  if (url.username || url.password) return 'Leave credentials out of the URL: the dev token goes in its own field';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    return LOOPBACK.test(url.hostname)
      ? null
      : 'Plain http would send the dev token unencrypted: use https, or http only to localhost or 127.0.0.1';
  }
  return 'Enter an https URL, e.g. https://api.hathora.dev, or a path on this server like /api';
}
