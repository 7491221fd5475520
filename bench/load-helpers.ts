/** Small readers for `npm run load`: a process's memory, and whether the build is older than its sources. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Resident memory of a process from /proc/<pid>/status (VmRSS), or null where there is no /proc. */
export function readRssBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kilobytes === undefined ? null : Number(kilobytes) * 1024;
  } catch {
    return null;
  }
}

/** The folders the server bundle is built from. */
const SOURCE_DIRS = ['server', 'src'];

/**
 * The first source file (tests aside) changed after `builtFile` was written, relative to `root`,
 * or null when the build is current: figures from a stale build would describe old code.
 */
export function newestSource(root: string, builtFile: string): string | null {
  const builtAt = statSync(builtFile).mtimeMs;
  for (const dir of SOURCE_DIRS) {
    for (const name of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })) {
      if (!/\.tsx?$/.test(name) || /\.test\.tsx?$/.test(name)) continue;
      const file = join(root, dir, name);
      if (statSync(file).mtimeMs > builtAt) return relative(root, file);
    }
  }
  return null;
}
