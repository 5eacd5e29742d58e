import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { readRuntimeConfig } from '@/config/runtime';
import { ConnectionsProvider } from '@/features/connections/ConnectionsProvider';
import { createConnectionStore } from '@/features/connections/connectionStore';
import { cssVariablesResolver, theme } from '@/theme';
import { OnDemandOverlays } from './OnDemandOverlays';
import { createQueryClient } from './queryClient';
import { createAppRouter } from './router';

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [connectionStore] = useState(() => createConnectionStore(readRuntimeConfig()));
  const [router] = useState(() => createAppRouter({ queryClient, connections: connectionStore }));
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <ConnectionsProvider store={connectionStore}>
          <RouterProvider router={router} />
          <OnDemandOverlays />
        </ConnectionsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
