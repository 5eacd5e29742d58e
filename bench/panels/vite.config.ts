import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The bench-only page of `npm run bench` that mounts the process page's panels (LogsPanel, MetricsCharts) alone,
 * built from the dashboard's own modules into `<bench web root>/panels/` and served by the same local server.
 * It exists until the process page mounts both; then the bench can drive the process page instead.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/panels/',
  plugins: [react()],
  resolve: { alias: { '@': fileURLToPath(new URL('../../src', import.meta.url)) } },
  build: { emptyOutDir: true },
});
