import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, Navigate } from 'react-router';
import type { ConnectionStore } from '@/features/connections/connectionStore';
import { AppLayout } from './layout/AppLayout';
import { AppScopeRoute } from './routes/AppScopeRoute';
import { HomeRedirect } from './routes/HomeRedirect';
import { NotFoundPage } from './routes/NotFoundPage';
import { Component as ProcessesPage } from './routes/processes/ProcessesPage';
import { prefetchProcesses } from './routes/processes/processesRoute';
import { RouteErrorBoundary } from './routes/RouteErrorBoundary';

/**
 * The product's deep links (config/paths.ts). Screens are lazy route modules exporting `Component`, except the
 * landing page.
 */
export function createAppRouter({
  queryClient,
  connections,
}: {
  queryClient: QueryClient;
  connections: ConnectionStore;
}) {
  return createBrowserRouter([
    {
      element: <AppLayout />,
      errorElement: <RouteErrorBoundary />,
      children: [
        { index: true, element: <HomeRedirect /> },
        {
          path: 'apps/:appId',
          element: <AppScopeRoute />,
          errorElement: <RouteErrorBoundary />,
          children: [
            { index: true, element: <Navigate to="processes" replace /> },
            {
              // The landing page (`/` and `/apps/:appId` lead here), so in the entry rather than lazy: the first
              // load fetches its code with the rest instead of discovering it after the app has started, and
              // its list's request starts before the first render.
              path: 'processes',
              loader: prefetchProcesses(queryClient, connections),
              Component: ProcessesPage,
              errorElement: <RouteErrorBoundary />,
            },
            {
              path: 'processes/:processId',
              lazy: () => import('./routes/processes/ProcessPage'),
              errorElement: <RouteErrorBoundary />,
            },
            {
              path: 'rooms/new',
              lazy: () => import('./routes/rooms/NewRoomPage'),
              errorElement: <RouteErrorBoundary />,
            },
            {
              path: 'rooms/:roomId',
              lazy: () => import('./routes/rooms/RoomPage'),
              errorElement: <RouteErrorBoundary />,
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
        {
          path: 'settings',
          lazy: () => import('./routes/settings/SettingsPage'),
          errorElement: <RouteErrorBoundary />,
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
    {
      // The QA hand-off page: no shell, no connection, no token.
      path: '/join/:appId/:roomId',
      lazy: () => import('./routes/join/JoinPage'),
      errorElement: <RouteErrorBoundary />,
    },
  ]);
}
