import { paths } from '@/config/paths';

const stripSlashes = (url: string) => url.replace(/\/+$/, '');

/**
 * The absolute URL of a room's join page, for QA. It carries the API base URL (made absolute) only when the
 * room lives behind another API than the serving origin's `/api`; a link to the own `/api` stays short.
 */
export function joinUrl(appId: string, roomId: string, apiBaseUrl: string, origin: string): string {
  const base = stripSlashes(new URL(apiBaseUrl, origin).href);
  const own = stripSlashes(new URL('/api', origin).href);
  return new URL(paths.join.getHref(appId, roomId, base === own ? undefined : base), origin).href;
}

/**
 * The API base URL a join link asks for (`?api=`): an http(s) URL or a path on this origin, `/api` when absent.
 * Returns null for anything else (another scheme, `//host`, credentials in the URL), which the page refuses.
 */
export function apiBaseFromJoinLink(param: string | null): string | null {
  if (param === null || param === '') return '/api';
  if (param.startsWith('/')) return param.startsWith('//') || param.includes('\\') ? null : param;
  try {
    const url = new URL(param);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password) return null;
    return stripSlashes(url.href);
  } catch {
    return null;
  }
}
