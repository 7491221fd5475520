// `npm start`: builds when the build is missing or older than its sources, then serves it in this
// very process (no child left to forward signals to, so SIGTERM reaches the server itself).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = ['dist/server/index.js', 'dist/ssr/entry-server.js', 'dist/client/index.html'];
const sources = [
  'src',
  'server',
  'public',
  'index.html',
  'package.json',
  'package-lock.json',
  'vite.config.ts',
  'scripts/build-server.js',
  // Every tsconfig*.json: the build typechecks, so a changed project setting must rebuild.
  ...readdirSync(root).filter((name) => /^tsconfig.*\.json$/.test(name)),
];

/**
 * The newest modification time of a file or of any file under a folder (0 when missing).
 * @param {string} path
 */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

function staleReason() {
  const missing = outputs.find((output) => !existsSync(join(root, output)));
  if (missing !== undefined) return `${missing} is missing`;
  const builtAt = Math.min(...outputs.map((output) => statSync(join(root, output)).mtimeMs));
  const changed = sources.find((source) => newestMtime(join(root, source)) > builtAt);
  return changed === undefined ? null : `${changed} changed since the last build`;
}

/**
 * Runs `npm run build` with the npm and node that run us; a stop signal stops the build too.
 * @returns {Promise<number>} the build's exit code
 */
function build() {
  // npm_execpath is the npm that runs `npm start`; without it (node scripts/start.js) use PATH's.
  const npmCli = process.env.npm_execpath;
  const child =
    npmCli !== undefined && /\.[cm]?js$/.test(npmCli)
      ? spawn(process.execPath, [npmCli, 'run', 'build'], { cwd: root, stdio: 'inherit' })
      : spawn('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  /** @param {NodeJS.Signals} signal */
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`Could not run npm: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === null ? 1 : 128 + os.constants.signals[signal]));
    });
  });
}

const reason = staleReason();
if (reason !== null) {
  console.log(`Building (${reason}): npm run build`);
  const code = await build();
  if (code !== 0) {
    console.error('The build failed, so the server was not started.');
    process.exit(code);
  }
}

await import(pathToFileURL(join(root, 'dist/server/index.js')).href);
