// Bundles the server (server/index.ts) into plain ESM JavaScript at dist/server/index.js, so that
// production runs `node dist/server/index.js` without tsx. Our own code, including the #src/* and
// #server/* imports, goes into the bundle; npm packages stay external and must be listed in
// package.json "dependencies", so `npm prune --omit=dev` keeps exactly what the bundle needs.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import pkg from '../package.json' with { type: 'json' };

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = 'dist/server/index.js';

rmSync(new URL('../dist/server', import.meta.url), { recursive: true, force: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: ['server/index.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // Bare package names are external; #src/* and #server/* resolve through package.json "imports".
  packages: 'external',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
});

const problems = [];
const used = new Set();
const dependencies = new Set(Object.keys(pkg.dependencies));
const builtins = new Set(builtinModules);
for (const { path } of result.metafile.outputs[outfile]?.imports ?? []) {
  if (path.startsWith('node:') || builtins.has(path)) continue;
  if (path.startsWith('#') || path.startsWith('.') || path.startsWith('/')) {
    problems.push(`the bundle still imports "${path}": it must be bundled, not left external`);
    continue;
  }
  const name = path.startsWith('@')
    ? path.split('/').slice(0, 2).join('/')
    : (path.split('/')[0] ?? path);
  used.add(name);
  if (!dependencies.has(name)) {
    problems.push(
      `the bundle imports "${path}", but "${name}" is not in package.json dependencies`,
    );
  }
}
// Belt and braces: no import of ours may survive as text either.
const code = readFileSync(new URL(`../${outfile}`, import.meta.url), 'utf8');
for (const match of code.matchAll(/(?:from|import)\s*\(?\s*["'](#(?:src|server)\/[^"']*)["']/g)) {
  problems.push(`the bundle still contains an import of "${match[1]}"`);
}

if (problems.length > 0) {
  console.error(`Server bundle check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
const kib = (statSync(new URL(`../${outfile}`, import.meta.url)).size / 1024).toFixed(1);
console.log(`${outfile}  ${kib} kB (imports from node_modules: ${[...used].sort().join(', ')})`);
