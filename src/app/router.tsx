import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './layout/AppLayout';
import { AppScopeRoute } from './routes/AppScopeRoute';
import { HomeRedirect } from './routes/HomeRedirect';
import { NotFoundPage } from './routes/NotFoundPage';
import { RouteErrorBoundary } from './routes/RouteErrorBoundary';

/** The product's deep links (config/paths.ts). Screens are lazy route modules exporting `Component`. */
export function createAppRouter() {
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
              path: 'processes',
              lazy: () => import('./routes/processes/ProcessesPage'),
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
