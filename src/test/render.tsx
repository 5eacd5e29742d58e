import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { createMemoryRouter, type RouteObject, RouterProvider } from 'react-router';
import type { RuntimeConfig } from '@/config/runtime';
import { ConnectionsProvider } from '@/features/connections/ConnectionsProvider';
import { createConnectionStore } from '@/features/connections/connectionStore';
import { theme } from '@/theme';

/** Where the component's API calls go: a real local server (server/test/harness.ts startServer). */
export interface TestApi {
  base: string;
  appId: string;
  token: string;
}

export interface RenderOptions {
  /** The API of the built-in connection; without it the component has no connection (pure components). */
  api?: TestApi;
  /** The built-in connection as a serving Roomdeck describes it (proxy mode, read-only, sign-in), instead of `api`. */
  runtime?: RuntimeConfig;
  /** Routes around the component (it is rendered at `/` otherwise). */
  routes?: RouteObject[];
  initialEntries?: string[];
  queryClient?: QueryClient;
  /** Mount Mantine's notifications container (default true); false to test the app's own lazy one. */
  notifications?: boolean;
}

/**
 * The one way component tests render: Mantine (theme, notifications), TanStack Query (no retries), the
 * connection store (in memory, pointing at `api`) and a memory router. Returns the user-event instance and the
 * parts a test may want to look into.
 */
export function renderWithProviders(ui: ReactElement | null, options: RenderOptions = {}) {
  const queryClient =
    options.queryClient ??
    new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const store = createConnectionStore(
    options.runtime ??
      (options.api
        ? { apiBaseUrl: `${options.api.base}/api`, appId: options.api.appId, token: options.api.token, mode: 'local' }
        : undefined),
    { local: memoryStorage(), session: memoryStorage() },
  );
  const router = createMemoryRouter([...(ui ? [{ path: '/', element: ui }] : []), ...(options.routes ?? [])], {
    initialEntries: options.initialEntries ?? ['/'],
  });
  const user = userEvent.setup();
  const result = render(
    <MantineProvider theme={theme} env="test">
      <QueryClientProvider client={queryClient}>
        <ConnectionsProvider store={store}>
          {options.notifications !== false && <Notifications />}
          <RouterProvider router={router} />
        </ConnectionsProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...result, user, queryClient, router, store };
}

/** A Storage that forgets: tests never share saved connections or tokens. */
export function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (key) => data.get(key) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (key) => void data.delete(key),
    setItem: (key, value) => void data.set(key, String(value)),
  };
}
