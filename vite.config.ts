import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development (`npm run dev`) the dashboard is served by Vite and the local server (`npm run server`)
// answers the API; production (`npm start`) serves both from the local server on one port.
const apiTarget = process.env.ROOMDECK_DEV_API ?? 'http://127.0.0.1:8080';
const proxy = {
  '/api': { target: apiTarget, changeOrigin: false },
  '/roomdeck-config.js': { target: apiTarget, changeOrigin: false },
  // The sign-in page of access control (ROOMDECK_ACCESS_TOKEN) and the test controls.
  '/_roomdeck': { target: apiTarget, changeOrigin: false },
};

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: { proxy },
  preview: { proxy },
  build: { sourcemap: true },
});
