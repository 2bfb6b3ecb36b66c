import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The elements script runs the widgets on Preact's React-compatible layer (preact/compat): React
 * DOM alone is ~60 kB gzip, more than the widgets, xstate and Preact together. The widgets use
 * only what compat implements (hooks, useSyncExternalStore for @xstate/react, createRoot); the
 * browser tests run this very bundle. The React package keeps React (the portal's own).
 */
const preactCompat = {
  'react-dom/client': 'preact/compat/client',
  'react-dom': 'preact/compat',
  'react/jsx-runtime': 'preact/jsx-runtime',
  'react/jsx-dev-runtime': 'preact/jsx-dev-runtime',
  react: 'preact/compat',
};

/**
 * Two builds from one config:
 * - `vite build`: the React package (dist/index.js), React and the other dependencies external;
 * - `vite build --mode elements`: one self-contained script (dist/doanflow-elements.js, an IIFE)
 *   with Preact (as React) and everything else bundled, for a plain HTML page's `<script src>`.
 */
export default defineConfig(({ mode }) => {
  const elements = mode === 'elements';
  return {
    plugins: [react()],
    define: elements ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
    resolve: elements ? { alias: preactCompat } : {},
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      sourcemap: true,
      minify: true,
      lib: elements
        ? {
            entry: entry('./src/elements/index.ts'),
            // A classic script works with a plain <script src> (and as a module); fully minified.
            formats: ['iife'],
            name: 'DoanflowElements',
            fileName: () => 'doanflow-elements.js',
          }
        : { entry: entry('./src/index.ts'), formats: ['es'], fileName: () => 'index.js' },
      rolldownOptions: elements
        ? {}
        : { external: [/^react($|\/)/, /^react-dom($|\/)/, /^xstate($|\/)/, /^@xstate\//] },
    },
  };
});
