import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot, type Root } from 'react-dom/client';
import { createHathoraClient } from '@/api/client';
import { type ApiScope, ApiScopeContext } from '@/api/scope';
import { LogsPanel } from '@/features/processes/components/LogsPanel';
import MetricsCharts from '@/features/processes/components/MetricsCharts';
import { theme } from '@/theme';

/**
 * The panels of the process page, alone, for `npm run bench` (bench/panels.ts):
 *   /panels/?logs=<processId>   a following LogsPanel (tail 100) of the process;
 *   /panels/?metrics=<processId> nothing at first; `window.__benchMetrics()` mounts MetricsCharts over 24 h at
 *                                60 s steps with a fresh query cache and resolves once all three charts are drawn.
 */
const { apiBaseUrl, appId, token } = window.__ROOMDECK__ as { apiBaseUrl: string; appId: string; token?: string };
const scope: ApiScope = {
  connectionId: 'bench',
  appId,
  baseUrl: apiBaseUrl,
  client: createHathoraClient({ baseUrl: apiBaseUrl, token }),
  readOnly: true,
};

declare global {
  interface Window {
    __benchMetrics?: () => Promise<{ startedAt: number; drawnAt: number }>;
  }
}

const element = document.getElementById('root');
if (!element) throw new Error('no #root');
const params = new URLSearchParams(window.location.search);
const logs = params.get('logs');
const metrics = params.get('metrics');
let root: Root | undefined;

function mount(ui: React.ReactNode) {
  root?.unmount();
  root = createRoot(element as HTMLElement);
  root.render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <ApiScopeContext.Provider value={scope}>{ui}</ApiScopeContext.Provider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

if (logs) mount(<LogsPanel processId={logs} height="600px" />);
if (metrics) {
  window.__benchMetrics = () =>
    new Promise((resolve) => {
      const startedAt = performance.now();
      mount(
        <MetricsCharts
          processId={metrics}
          defaultRangeSeconds={86400}
          step={60}
          live={false}
          onDrawn={() => resolve({ startedAt, drawnAt: performance.now() })}
        />,
      );
    });
}
