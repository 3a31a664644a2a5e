// Compiles dist/ when it is missing or older than a source file (a fresh clone, a `git pull`), so that
// `npm start` and `congdoan` work without a separate build step. Returns the path of a compiled entry.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const newest = (dir) => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(abs) : statSync(abs).mtimeMs);
  }
  return t;
};

/** `entry`: `main` or `cli`. */
export async function ensureDist(entry) {
  const file = path.join(root, 'dist', `${entry}.js`);
  const sources = Math.max(newest(path.join(root, 'src')), statSync(path.join(root, 'package.json')).mtimeMs);
  if (existsSync(file) && statSync(file).mtimeMs >= sources) return file;
  try {
    const { buildDist } = await import('./build.js');
    await buildDist();
  } catch (err) {
    if (!existsSync(file)) throw err;
    process.stderr.write(`could not rebuild dist/ (${err instanceof Error ? err.message : String(err)}); using the existing build\n`);
  }
  return file;
}
