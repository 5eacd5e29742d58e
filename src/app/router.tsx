import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import type { ConnectionStore } from '@/features/connections/connectionStore';
import { type LazyComponent, lazyWithRetry } from '@/lib/lazyWithRetry';
import { AppLayout } from './layout/AppLayout';
import { AppScopeRoute } from './routes/AppScopeRoute';
import { HomeRedirect } from './routes/HomeRedirect';
import { NotFoundPage } from './routes/NotFoundPage';
import { Component as ProcessesPage } from './routes/processes/ProcessesPage';
import { prefetchProcesses } from './routes/processes/processesRoute';
import { RouteErrorBoundary } from './routes/RouteErrorBoundary';

/*
 * The other screens load their code when first visited. Not with route `lazy`: when it failed (the server was
 * down for a moment) the route showed its error page, whose Retry reloads the whole app. These retry with back-off,
 * say so meanwhile and recover by themselves (lib/lazyWithRetry).
 */
const screen = (load: () => Promise<{ Component: ComponentType }>) =>
  lazyWithRetry(() => load().then((m) => ({ default: m.Component })));
const ProcessPage = screen(() => import('./routes/processes/ProcessPage'));
const NewRoomPage = screen(() => import('./routes/rooms/NewRoomPage'));
const RoomPage = screen(() => import('./routes/rooms/RoomPage'));
const SettingsPage = screen(() => import('./routes/settings/SettingsPage'));
const JoinPage = screen(() => import('./routes/join/JoinPage'));

/** A navigation waits for the screen's code (the old page stays meanwhile); a failure shows in the screen. */
const preload = (component: LazyComponent<object>) => () =>
  component.preload().then(
    () => null,
    () => null,
  );

/**
 * The product's deep links (config/paths.ts). Screens are route modules exporting `Component`, loaded on first visit
 * except the landing page.
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
              Component: ProcessPage,
              loader: preload(ProcessPage),
              errorElement: <RouteErrorBoundary />,
            },
            {
              path: 'rooms/new',
              Component: NewRoomPage,
              loader: preload(NewRoomPage),
              errorElement: <RouteErrorBoundary />,
            },
            {
              path: 'rooms/:roomId',
              Component: RoomPage,
              loader: preload(RoomPage),
              errorElement: <RouteErrorBoundary />,
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
        {
          path: 'settings',
          Component: SettingsPage,
          loader: preload(SettingsPage),
          errorElement: <RouteErrorBoundary />,
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
    {
      // The QA hand-off page: no shell, no connection, no token.
      path: '/join/:appId/:roomId',
      Component: JoinPage,
      loader: preload(JoinPage),
      errorElement: <RouteErrorBoundary />,
    },
  ]);
}
