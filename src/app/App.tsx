import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { readRuntimeConfig } from '@/config/runtime';
import { ConnectionsProvider } from '@/features/connections/ConnectionsProvider';
import { createConnectionStore } from '@/features/connections/connectionStore';
import { cssVariablesResolver, theme } from '@/theme';
import { createQueryClient } from './queryClient';
import { createAppRouter } from './router';

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [connectionStore] = useState(() => createConnectionStore(readRuntimeConfig()));
  const [router] = useState(createAppRouter);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <ConnectionsProvider store={connectionStore}>
          <ModalsProvider>
            <Notifications position="bottom-right" />
            <RouterProvider router={router} />
          </ModalsProvider>
        </ConnectionsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
