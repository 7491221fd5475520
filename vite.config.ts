import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import type { Rolldown } from 'vite';
import { defineConfig } from 'vitest/config';
import { isReactDomClient, paintBeforeCode } from './scripts/paint-before-code.ts';

const pathOf = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const ENTRY = pathOf('src/main.tsx');
/** Its import()s are the other pages: each a chunk of its own. */
const PAGES = pathOf('src/app/router.tsx');
/** Loaded on a click, and big: not bytes that every list page fetches. */
const OWN_CHUNKS = new Set([pathOf('src/features/export/export-run.tsx')]);

type ChunkingContext = Rolldown.ChunkingContext;

const extrasOf = new WeakMap<ChunkingContext, ReadonlySet<string>>();

/**
 * What the list page (and the layout around every page) imports lazily, and what those import
 * lazily in turn: one chunk. Their imports come along (includeDependenciesRecursively).
 */
function listExtras(context: ChunkingContext): ReadonlySet<string> {
  const known = extrasOf.get(context);
  if (known) return known;
  const extras = new Set<string>();
  const seen = new Set<string>();
  const pending = [ENTRY];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    const info = context.getModuleInfo(id);
    if (info === null) continue;
    pending.push(...info.importedIds);
    if (id === PAGES) continue;
    for (const lazy of info.dynamicallyImportedIds) {
      // React DOM is first-view code, imported late on purpose (main.tsx).
      if (OWN_CHUNKS.has(lazy) || isReactDomClient(lazy)) continue;
      extras.add(lazy);
      pending.push(lazy);
    }
  }
  extrasOf.set(context, extras);
  return extras;
}

// `npm run dev` serves the app with hot reload; /api goes to the Node server (`npm run dev:server`).
export default defineConfig(({ isSsrBuild = false }) => ({
  plugins: [react(), tailwindcss(), paintBeforeCode()],
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
        // React DOM, which main.tsx imports to start it in a task of its own, is a chunk by itself
        // (docs/decisions/react-dom-in-its-own-task.md), named for what it is, not "client".
        chunkFileNames: (chunk) =>
          `assets/${isReactDomClient(chunk.facadeModuleId) ? 'react-dom' : '[name]'}-[hash].js`,
        // Everything else the first view runs stays in one chunk. Left alone, the bundler moves
        // modules that lazy pages share with it into a separate chunk, which compresses worse.
        // What the list loads once idle is one more (docs/decisions/lazy-module-registry.md).
        codeSplitting: isSsrBuild
          ? undefined
          : {
              groups: [
                { name: 'index', tags: ['$initial'] },
                {
                  name: (id, context) => (listExtras(context).has(id) ? 'extras' : null),
                  debugName: 'extras',
                },
              ],
            },
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
