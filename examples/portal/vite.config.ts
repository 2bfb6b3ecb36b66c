import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** API paths the dev server forwards to a doanflow server (`pnpm dev`); the built portal is served by it. */
const api = ['/auth', '/definitions', '/instances', '/inbox', '/events', '/health'];
const target = process.env['DOANFLOW_API'] ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: { proxy: Object.fromEntries(api.map((path) => [path, { target, changeOrigin: false }])) },
});
