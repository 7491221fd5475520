import type { Plugin } from 'vite';

/**
 * React DOM's entry module. main.tsx imports it once the app's modules have run, so that it
 * starts in a task of its own, in a chunk the bundler makes by itself (a group's chunk would take
 * the bundler's helpers off into one more): vite.config.ts names that chunk `react-dom`.
 */
export function isReactDomClient(id: string | null): boolean {
  return id !== null && /[\\/]node_modules[\\/]react-dom[\\/]client\.js$/.test(id);
}

/** index.html's notice, hidden, for a page whose code cannot load (src/app/code-failed.ts). */
const CODE_FAILED_ID = 'code-failed';

/** The module script Vite writes into index.html for the entry. */
const ENTRY_SCRIPT = /\s*<script type="module" crossorigin src="(\/[^"]+\.js)"><\/script>/;

/**
 * The server's rows paint before the app's code runs (docs/decisions/paint-before-code.md): the
 * entry script becomes a modulepreload, fetched and compiled while the rows paint, and a small
 * inline script imports it once the first frame is on screen. Build only: dev has no server HTML.
 */
export function paintBeforeCode(): Plugin {
  return {
    name: 'paint-before-code',
    apply: (_config, { command, isSsrBuild = false }) => command === 'build' && !isSsrBuild,
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        const entry = ENTRY_SCRIPT.exec(html);
        if (entry?.[1] === undefined) {
          throw new Error('paint-before-code: index.html has no module script for the entry.');
        }
        if (!html.includes(`id="${CODE_FAILED_ID}"`)) {
          throw new Error(`paint-before-code: index.html has no #${CODE_FAILED_ID} notice.`);
        }
        const src = JSON.stringify(entry[1]);
        // The entry imports React DOM a moment after it starts, in a task of its own (main.tsx): it
        // is fetched beside the entry, not after it.
        const reactDom = Object.values(bundle ?? {}).find(
          (output) => output.type === 'chunk' && isReactDomClient(output.facadeModuleId),
        );
        if (reactDom === undefined) {
          throw new Error('paint-before-code: the build has no chunk for React DOM.');
        }
        const preloads = [src, JSON.stringify(`/${reactDom.fileName}`)]
          .map((href) => `  <link rel="modulepreload" crossorigin href=${href}>\n`)
          .join('  ');
        // A tab opened in the background runs no animation frame until shown: it loads at once.
        // An entry that cannot load or run shows the notice: the rows stay readable, but nothing on
        // them would respond. The error still reaches the console.
        const notice = JSON.stringify(CODE_FAILED_ID);
        const loader =
          `{\n  const failed = (error) => {\n` +
          `    const notice = document.getElementById(${notice});\n` +
          `    if (notice) notice.hidden = false;\n    throw error;\n  };\n` +
          `  const load = () => import(${src}).catch(failed);\n` +
          `  if (document.hidden) load(); else requestAnimationFrame(() => setTimeout(load, 0));\n}`;
        // After the rows, not in the head: the server sends the head first, and the stylesheet it
        // names must not share a slow link with the code (docs/decisions/head-before-rows.md).
        return html
          .replace(entry[0], '')
          .replace('</body>', `${preloads}    <script>\n${loader}\n</script>\n  </body>`);
      },
    },
  };
}
