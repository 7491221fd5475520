import type { Plugin } from 'vite';

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
      handler(html) {
        const entry = ENTRY_SCRIPT.exec(html);
        if (entry?.[1] === undefined) {
          throw new Error('paint-before-code: index.html has no module script for the entry.');
        }
        const src = JSON.stringify(entry[1]);
        // A tab opened in the background runs no animation frame until shown: it loads at once.
        const loader =
          `{\n  const load = () => import(${src});\n` +
          `  if (document.hidden) load(); else requestAnimationFrame(() => setTimeout(load, 0));\n}`;
        // After the rows, not in the head: the server sends the head first, and the stylesheet it
        // names must not share a slow link with the code (docs/decisions/head-before-rows.md).
        return html
          .replace(entry[0], '')
          .replace(
            '</body>',
            `  <link rel="modulepreload" crossorigin href=${src}>\n` +
              `    <script>\n${loader}\n</script>\n  </body>`,
          );
      },
    },
  };
}
