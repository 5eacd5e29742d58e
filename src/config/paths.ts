/** The product's deep links. Build every link with these; never assemble a path by hand. */
const enc = encodeURIComponent;

/** The search parameter that names the connection of an `/apps/:appId/...` link. */
export const CONNECTION_PARAM = 'c';

/**
 * The app a link is for: its id, or the id with the connection the link belongs to. `connectionId` is needed only
 * when two connections share the app id (see features/connections sharesAppId); without it a link opens with the
 * current connection of the tab, or the first one for that app.
 */
export type AppRef = string | { appId: string; connectionId?: string | undefined };

function app(ref: AppRef): { base: string; query: string } {
  if (typeof ref === 'string') return { base: `/apps/${enc(ref)}`, query: '' };
  return {
    base: `/apps/${enc(ref.appId)}`,
    query: ref.connectionId ? `?${CONNECTION_PARAM}=${enc(ref.connectionId)}` : '',
  };
}

const under = (ref: AppRef, rest: string) => {
  const { base, query } = app(ref);
  return `${base}${rest}${query}`;
};

export const paths = {
  home: { path: '/', getHref: () => '/' },
  processes: { path: '/apps/:appId/processes', getHref: (appId: AppRef) => under(appId, '/processes') },
  process: {
    path: '/apps/:appId/processes/:processId',
    getHref: (appId: AppRef, processId: string) => under(appId, `/processes/${enc(processId)}`),
  },
  newRoom: { path: '/apps/:appId/rooms/new', getHref: (appId: AppRef) => under(appId, '/rooms/new') },
  room: {
    path: '/apps/:appId/rooms/:roomId',
    getHref: (appId: AppRef, roomId: string) => under(appId, `/rooms/${enc(roomId)}`),
  },
  join: {
    path: '/join/:appId/:roomId',
    /** `apiBaseUrl` is carried only when the room lives behind another API than the serving origin's `/api`. */
    getHref: (appId: string, roomId: string, apiBaseUrl?: string) =>
      `/join/${enc(appId)}/${enc(roomId)}${apiBaseUrl && apiBaseUrl !== '/api' ? `?api=${enc(apiBaseUrl)}` : ''}`,
  },
  settings: { path: '/settings', getHref: () => '/settings' },
} as const;
