// Precompresses the built web app (dist/client) once, at build time: every text file gets a .br
// (brotli, quality 11) and a .gz (gzip, level 9) sibling, which the server sends by Accept-Encoding
// (serveStatic's `precompressed` in server/app.ts) instead of compressing on every request.
// Run by `npm run build:client` after `vite build`.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

const root = fileURLToPath(new URL('../dist/client', import.meta.url));
const COMPRESSIBLE = /\.(?:js|css|html|svg|json|txt|map)$/;

/** @param {number} bytes */
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

const files = (await readdir(root, { recursive: true, withFileTypes: true }))
  .filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name))
  .map((entry) => join(entry.parentPath, entry.name))
  .sort();

if (files.length === 0) {
  console.error(`compress-client: nothing to compress in ${root}; run vite build first.`);
  process.exit(1);
}

const totals = { plain: 0, br: 0, gz: 0 };
await Promise.all(
  files.map(async (file) => {
    const plain = await readFile(file);
    const [br, gzipped] = await Promise.all([
      brotli(plain, {
        params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
        },
      }),
      gz(plain, { level: 9 }),
    ]);
    totals.plain += plain.length;
    // A tiny file can grow when compressed; then the plain file is the better answer.
    if (br.length < plain.length) {
      await writeFile(`${file}.br`, br);
      totals.br += br.length;
    } else {
      totals.br += plain.length;
    }
    if (gzipped.length < plain.length) {
      await writeFile(`${file}.gz`, gzipped);
      totals.gz += gzipped.length;
    } else {
      totals.gz += plain.length;
    }
  }),
);

console.log(
  `compress-client: ${files.length} files in ${relative(process.cwd(), root) || '.'}, ` +
    `${kb(totals.plain)} → brotli ${kb(totals.br)}, gzip ${kb(totals.gz)}`,
);
