// Checks that the size budgets in .size-limit.json measure exactly the first view: the files
// dist/client/index.html makes the browser load (its entry script, the modules that entry imports
// statically, its modulepreloads and its stylesheets), no more and no fewer. A glob cannot say
// "what index.html loads", so this runs before size-limit (`npm run test:size`) and fails when the
// globs and the build disagree, and when index.html preloads a chunk the first view does not run.
// Prints the first-view files with their gzip sizes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const clientDir = join(root, 'dist/client');
const indexPath = join(clientDir, 'index.html');

if (!existsSync(indexPath)) {
  console.error(`first-view-assets: ${relative(root, indexPath)} is missing; build first.`);
  process.exit(1);
}
const html = readFileSync(indexPath, 'utf8');

/** @param {string} tag @param {string} name */
function attribute(tag, name) {
  return new RegExp(String.raw`\s${name}\s*=\s*["']?([^"'\s>]+)`, 'i').exec(tag)?.[1];
}

/** Our own files only: an absolute href on this site ("/assets/x.js"), as Vite writes them. */
function ownPath(/** @type {string | undefined} */ href) {
  return href !== undefined && href.startsWith('/') && !href.startsWith('//') ? href : undefined;
}

/** @type {Set<string>} */
const entries = new Set();
/** @type {Set<string>} */
const preloads = new Set();
/** @type {Set<string>} */
const styles = new Set();
for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
  const rel = attribute(tag, 'rel')?.toLowerCase();
  if (tag.toLowerCase().startsWith('<script')) {
    const src = ownPath(attribute(tag, 'src'));
    if (src !== undefined) entries.add(src);
  } else if (rel === 'modulepreload') {
    const href = ownPath(attribute(tag, 'href'));
    if (href !== undefined) preloads.add(href);
  } else if (rel === 'stylesheet') {
    const href = ownPath(attribute(tag, 'href'));
    if (href !== undefined) styles.add(href);
  }
}

/** @type {string[]} */
const problems = [];
if (entries.size === 0 && preloads.size === 0) problems.push('index.html loads no script of ours');

// What an inline script imports (scripts/paint-before-code.ts: the entry, once the page has
// painted) is first-view code too, and is what makes a modulepreload of it earn its bytes.
/** @type {Set<string>} */
const inlineImports = new Set();
for (const [, body = ''] of html.matchAll(
  /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script\s*>/gi,
)) {
  for (const [, specifier] of body.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) {
    const sitePath = ownPath(specifier);
    if (sitePath !== undefined) inlineImports.add(sitePath);
  }
}

/** The site path of a file under dist/client, and back. */
const fileOf = (/** @type {string} */ sitePath) => join(clientDir, sitePath);
const sitePathOf = (/** @type {string} */ file) =>
  `/${relative(clientDir, file).replaceAll('\\', '/')}`;

// Static imports and re-exports, as minified ES modules write them: `import{a as b}from"./x.js"`,
// `import"./x.js"`, `export{c}from"./x.js"`; and dynamic ones, `import("./x.js")` (or backticks).
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[^"'();=]*?\bfrom\s*)?["']([^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g;

/** The site paths a file imports by `pattern`, resolved from its own. */
function importsOf(/** @type {string} */ sitePath, /** @type {RegExp} */ pattern) {
  return [...readFileSync(fileOf(sitePath), 'utf8').matchAll(pattern)]
    .map(([, specifier]) => specifier)
    .filter((specifier) => specifier !== undefined && /^\.{1,2}\/|^\/(?!\/)/.test(specifier))
    .map((specifier) => posix.resolve(posix.dirname(sitePath), specifier ?? ''));
}

/** The given scripts and everything they import statically, as site paths. */
function withStaticImports(/** @type {Iterable<string>} */ roots) {
  /** @type {Set<string>} */
  const found = new Set();
  const pending = [...roots];
  for (let sitePath = pending.pop(); sitePath !== undefined; sitePath = pending.pop()) {
    if (found.has(sitePath)) continue;
    if (!existsSync(fileOf(sitePath))) {
      problems.push(`index.html or an import names ${sitePath}, which the build does not have`);
      continue;
    }
    found.add(sitePath);
    pending.push(...importsOf(sitePath, STATIC_IMPORT));
  }
  return found;
}

/** What the entry runs: the entry scripts and their static imports. */
const entryJs = withStaticImports([...entries, ...inlineImports]);

/**
 * React DOM's chunk, which main.tsx imports a moment after it starts, in a task of its own
 * (docs/decisions/react-dom-in-its-own-task.md): the one chunk the entry imports dynamically that
 * the first view runs, and so may preload.
 */
const FIRST_VIEW_DYNAMIC_IMPORT = /^\/assets\/react-dom-[\w-]+\.js$/;

// A preload must be code the first view runs: the entry's, or React DOM's chunk when the entry
// imports it. Preloading a chunk the entry loads later (extras, another page) is refused.
for (const preload of preloads) {
  const runs =
    entryJs.has(preload) ||
    (FIRST_VIEW_DYNAMIC_IMPORT.test(preload) &&
      [...entryJs].some((sitePath) => importsOf(sitePath, DYNAMIC_IMPORT).includes(preload)));
  if (!runs) {
    problems.push(
      `index.html preloads ${preload}, which the first view does not run at once: ` +
        'it costs the first view bytes it does not use',
    );
  }
}

/** Everything the page fetches as it loads: what the entry runs, and the preloads with theirs. */
const firstViewJs = withStaticImports([...entryJs, ...preloads]);

const firstView = new Set([...firstViewJs, ...styles]);

// Every file the budgets measure, from the globs in .size-limit.json. Only `*` within one folder
// is understood; anything fancier is refused rather than guessed at.
/** @type {unknown} */
const config = JSON.parse(readFileSync(join(root, '.size-limit.json'), 'utf8'));
/** @param {string} pattern */
function expand(pattern) {
  if (/[?[\]{}!]|\*\*/.test(pattern)) {
    problems.push(`.size-limit.json: only "*" globs are understood here, not "${pattern}"`);
    return [];
  }
  const folder = join(root, dirname(pattern));
  const name = new RegExp(
    `^${basename(pattern)
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`))
      .join('[^/]*')}$`,
  );
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && name.test(entry.name))
    .map((entry) => join(folder, entry.name));
}

/** @type {Map<string, string>} */
const measured = new Map();
/** @type {unknown[]} */
const checks = Array.isArray(config) ? config : [];
if (!Array.isArray(config)) problems.push('.size-limit.json must be an array of checks');
for (const check of checks) {
  /** @type {unknown} */
  const path = typeof check === 'object' && check !== null && 'path' in check ? check.path : [];
  /** @type {unknown[]} */
  const patterns = typeof path === 'string' ? [path] : Array.isArray(path) ? path : [];
  for (const pattern of patterns) {
    if (typeof pattern !== 'string') continue;
    for (const file of expand(pattern)) measured.set(sitePathOf(file), pattern);
  }
}
for (const sitePath of firstView) {
  if (!measured.has(sitePath)) {
    problems.push(`the first view loads ${sitePath}, but no glob in .size-limit.json measures it`);
  }
}
for (const [sitePath, pattern] of measured) {
  if (!firstView.has(sitePath)) {
    problems.push(
      `.size-limit.json's "${pattern}" measures ${sitePath}, which the first view does not load`,
    );
  }
}

console.log('First view (what dist/client/index.html loads), gzip level 9:');
for (const sitePath of [...firstView].sort()) {
  const file = fileOf(sitePath);
  if (!existsSync(file)) continue;
  const kind = entries.has(sitePath)
    ? 'entry'
    : inlineImports.has(sitePath)
      ? 'entry, imported once painted'
      : preloads.has(sitePath)
        ? 'modulepreload'
        : styles.has(sitePath)
          ? 'stylesheet'
          : 'static import';
  const size = gzipSync(readFileSync(file), { level: 9 }).length;
  console.log(`  ${sitePath}  ${(size / 1000).toFixed(2)} kB  (${kind})`);
}

if (problems.length > 0) {
  console.error(`\nfirst-view-assets: the size budgets do not match the first view:`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}
