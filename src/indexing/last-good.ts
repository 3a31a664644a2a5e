/**
 * The last good version of each knowledge file, kept under DATA_DIR so that it survives a restart: when a
 * file is broken at start, the bot answers from its previous good version (as it does during a run) instead
 * of losing that knowledge. A manifest of content hashes keeps writes to the files that changed.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KnowledgeFile } from '../knowledge/types.js';

export const lastGoodDir = (dataDir: string) => path.join(dataDir, 'knowledge-last-good');

const MANIFEST = 'manifest.json';
type Manifest = Record<string, string>;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Only relative paths inside the folder (a manifest edited by hand must not reach outside). */
const safe = (file: string) => !path.isAbsolute(file) && !file.split('/').includes('..');

async function readManifest(dir: string): Promise<Manifest> {
  try {
    const m = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as unknown;
    return m && typeof m === 'object' ? (m as Manifest) : {};
  } catch {
    return {};
  }
}

/** The kept versions of these files (those that have one). */
export async function readLastGood(dataDir: string, files: readonly string[]): Promise<KnowledgeFile[]> {
  const dir = lastGoodDir(dataDir);
  const manifest = await readManifest(dir);
  const out: KnowledgeFile[] = [];
  for (const file of files) {
    if (!manifest[file] || !safe(file)) continue;
    const text = await readFile(path.join(dir, 'files', file), 'utf8').catch(() => undefined);
    if (text !== undefined && sha256(text) === manifest[file]) out.push({ file, text });
  }
  return out;
}

/**
 * Records the good files of a build: each good file's text replaces its kept version; kept versions of
 * files that no longer exist are removed; bad files keep whatever good version was kept before.
 */
export async function saveLastGood(dataDir: string, files: readonly KnowledgeFile[], bad: ReadonlySet<string>): Promise<void> {
  const dir = lastGoodDir(dataDir);
  const before = await readManifest(dir);
  const present = new Set(files.map((f) => f.file));
  const after: Manifest = {};
  let changed = false;
  for (const f of files) {
    if (!safe(f.file)) continue;
    if (bad.has(f.file)) {
      const kept = before[f.file];
      if (kept) after[f.file] = kept;
      continue;
    }
    const hash = sha256(f.text);
    after[f.file] = hash;
    if (before[f.file] === hash) continue;
    const abs = path.join(dir, 'files', f.file);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, f.text);
    changed = true;
  }
  for (const file of Object.keys(before)) {
    if (present.has(file) || !safe(file)) continue;
    await rm(path.join(dir, 'files', file), { force: true });
    changed = true;
  }
  if (!changed && Object.keys(after).length === Object.keys(before).length) return;
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `${MANIFEST}.tmp`);
  await writeFile(tmp, JSON.stringify(after));
  await rename(tmp, path.join(dir, MANIFEST));
}
