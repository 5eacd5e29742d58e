import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The bare Vite + React page that `npm run bench` measures the dashboard against: React only, built into
 * `<bench web root>/reference/` and served by the same local server as the dashboard.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/reference/',
  plugins: [react()],
  build: { emptyOutDir: true },
});
