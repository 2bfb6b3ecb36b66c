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

/** The script registers the elements and exports nothing, which its declaration file says. */
const elementsDeclaration = {
  name: 'doanflow-elements-declaration',
  generateBundle(this: { emitFile(file: { type: 'asset'; fileName: string; source: string }): string }) {
    this.emitFile({
      type: 'asset',
      fileName: 'doanflow-elements.d.ts',
      source:
        '// Loading this script (a <script src>, or an import for its effect) registers the <doanflow-…> elements.\nexport {};\n',
    });
  },
};

/**
 * Two builds from one config (`pnpm --filter @doanflow/widgets build` runs both, after tsc's .d.ts):
 * - `vite build`: the React package, one module per source file (dist/index.js, dist/Timeline/…,
 *   dist/locales/{vi,en}.js) so that a portal's bundler keeps only the widgets it imports; React and
 *   xstate and @doanflow/client external, the engine's role table copied in;
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
      // The script is minified, with a map for whoever debugs a page that embeds it; the package's
      // modules stay the readable source without types (the portal's bundler minifies them).
      sourcemap: elements,
      minify: elements,
      lib: elements
        ? {
            entry: entry('./src/elements/index.ts'),
            // A classic script works with a plain <script src> (and as a module); fully minified.
            formats: ['iife'],
            name: 'DoanflowElements',
            fileName: () => 'doanflow-elements.js',
          }
        : {
            entry: {
              index: entry('./src/index.ts'),
              'locales/vi': entry('./src/locales/vi.ts'),
              'locales/en': entry('./src/locales/en.ts'),
            },
            formats: ['es'],
          },
      rolldownOptions: elements
        ? { plugins: [elementsDeclaration] }
        : {
            external: [
              /^react($|\/)/,
              /^react-dom($|\/)/,
              /^xstate($|\/)/,
              /^@xstate\//,
              /^@doanflow\/client($|\/)/,
            ],
            output: {
              preserveModules: true,
              preserveModulesRoot: entry('./src'),
              entryFileNames: '[name].js',
            },
          },
    },
  };
});
