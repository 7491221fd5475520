import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// `npm run dev` serves the app with hot reload; /api goes to the Node server (`npm run dev:server`).
export default defineConfig(({ isSsrBuild = false }) => ({
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: {
      // TanStack Store asks for the shim, a fallback for React before 18; since 18 React has
      // useSyncExternalStore built in, which the plain entry uses (0.2 kB less on the first view).
      'use-sync-external-store/shim/with-selector': 'use-sync-external-store/with-selector',
    },
  },
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? '4173'}` },
  },
  // The web app only; the server is bundled separately into dist/server (scripts/build-server.js).
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    sourcemap: false,
    modulePreload: false,
    // public/ belongs to the web app, not beside the server renderer.
    copyPublicDir: !isSsrBuild,
    rolldownOptions: {
      output: {
        // Everything the first view runs stays in one chunk. Left alone, the bundler moves modules
        // that lazy pages share with it into a separate chunk, which compresses worse.
        codeSplitting: isSsrBuild ? undefined : { groups: [{ name: 'index', tags: ['$initial'] }] },
      },
    },
  },
  // The server renderer (src/entry-server.tsx, `npm run build:ssr`) is one self-contained file:
  // the server loads it with plain node, and production needs no React packages installed.
  ssr: { noExternal: true },
  // React's packages pick their production build from NODE_ENV at run time; settle it at build.
  define: isSsrBuild ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['server/**/*.test.ts', 'src/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['src/**/*.test.tsx'],
          // A whole page rendered in jsdom takes 1–4 s on a 2-core machine that is also busy: the
          // default 5 s would measure the machine, not the page.
          testTimeout: 15_000,
          setupFiles: ['src/testing/setup.ts'],
        },
      },
    ],
  },
}));
