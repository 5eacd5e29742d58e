/** The product's deep links. Build every link with these; never assemble a path by hand. */
const enc = encodeURIComponent;

export const paths = {
  home: { path: '/', getHref: () => '/' },
  processes: { path: '/apps/:appId/processes', getHref: (appId: string) => `/apps/${enc(appId)}/processes` },
  process: {
    path: '/apps/:appId/processes/:processId',
    getHref: (appId: string, processId: string) => `/apps/${enc(appId)}/processes/${enc(processId)}`,
  },
  newRoom: { path: '/apps/:appId/rooms/new', getHref: (appId: string) => `/apps/${enc(appId)}/rooms/new` },
  room: {
    path: '/apps/:appId/rooms/:roomId',
    getHref: (appId: string, roomId: string) => `/apps/${enc(appId)}/rooms/${enc(roomId)}`,
  },
  join: {
    path: '/join/:appId/:roomId',
    /** `apiBaseUrl` is carried only when the room lives behind another API than the serving origin's `/api`. */
    getHref: (appId: string, roomId: string, apiBaseUrl?: string) =>
      `/join/${enc(appId)}/${enc(roomId)}${apiBaseUrl && apiBaseUrl !== '/api' ? `?api=${enc(apiBaseUrl)}` : ''}`,
  },
  settings: { path: '/settings', getHref: () => '/settings' },
} as const;
