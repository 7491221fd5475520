// `npm start`: builds when the build is missing or older than its sources, then serves it in this
// very process (no child left to forward signals to, so SIGTERM reaches the server itself).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = ['dist/server/index.js', 'dist/client/index.html'];
const sources = [
  'src',
  'server',
  'public',
  'index.html',
  'package.json',
  'package-lock.json',
  'vite.config.ts',
  'tsconfig.json',
  'scripts/build-server.js',
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

const reason = staleReason();
if (reason !== null) {
  console.log(`Building (${reason}): npm run build`);
  // The npm that runs us, when there is one (npm_execpath), with the node that runs us.
  const npmCli = process.env.npm_execpath;
  const result =
    npmCli !== undefined && /\.[cm]?js$/.test(npmCli)
      ? spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: root, stdio: 'inherit' })
      : spawnSync('npm', ['run', 'build'], {
          cwd: root,
          stdio: 'inherit',
          shell: process.platform === 'win32',
        });
  if (result.status !== 0) {
    console.error(
      result.error === undefined ? 'The build failed.' : `Could not run npm: ${result.error}`,
    );
    process.exit(result.status ?? 1);
  }
}

await import(pathToFileURL(join(root, 'dist/server/index.js')).href);
