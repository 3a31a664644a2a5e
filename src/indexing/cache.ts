/**
 * The on-disk snapshot cache: one file under DATA_DIR holding the snapshot data of the last build, keyed by
 * the knowledge files' content (and why a file could not be read, e.g. over the size limit) (the glossary is one of them), the code's INDEX_VERSION, the search tuning
 * and the V8 version (the serialisation format). Verified on read: magic, key, length and SHA-256 of the
 * payload; anything that does not match is ignored (and the caller rebuilds and rewrites it).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { SnapshotData } from '../answer/snapshot.js';
import type { KnowledgeFile } from '../knowledge/types.js';
import { SEARCH_TUNING } from '../search/index.js';

/**
 * Bump when the way knowledge files become snapshot data changes in a way the file contents do not show
 * (parsing, passages, index layout, fields of the snapshot): every cache written before is then stale.
 */
export const INDEX_VERSION = 3;

const MAGIC = 'congdoan-index-cache\n';

export const cacheFile = (dataDir: string) => path.join(dataDir, 'cache', 'snapshot.bin');

const sha256 = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The cache key of a set of knowledge files (order-independent). */
export function cacheKey(files: readonly KnowledgeFile[], version: number = INDEX_VERSION): string {
  const h = createHash('sha256');
  h.update(`${MAGIC}${version}\n${JSON.stringify(SEARCH_TUNING)}\n${process.versions.v8}\n`);
  for (const f of [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) h.update(`${f.file}\0${sha256(f.text)}\0${f.unreadable ?? ''}\n`);
  return h.digest('hex');
}

export type CacheRead = { ok: true; data: SnapshotData } | { ok: false; reason: 'missing' | 'stale' | 'corrupt' };

/** Reads the cache when it holds this key and is intact. */
export async function readCache(file: string, key: string): Promise<CacheRead> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch {
    return { ok: false, reason: 'missing' };
  }
  const headerEnd = buf.indexOf(10, MAGIC.length);
  if (buf.subarray(0, MAGIC.length).toString('latin1') !== MAGIC || headerEnd < 0) return { ok: false, reason: 'corrupt' };
  let header: { key?: unknown; bytes?: unknown; sha256?: unknown };
  try {
    header = JSON.parse(buf.subarray(MAGIC.length, headerEnd).toString('utf8')) as typeof header;
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
  if (header.key !== key) return { ok: false, reason: 'stale' };
  const payload = buf.subarray(headerEnd + 1);
  if (header.bytes !== payload.length || header.sha256 !== sha256(payload)) return { ok: false, reason: 'corrupt' };
  try {
    const data = deserialize(payload) as SnapshotData;
    if (!Array.isArray(data?.kb?.docs) || !Array.isArray(data?.index?.compiled?.terms)) return { ok: false, reason: 'corrupt' };
    return { ok: true, data };
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
}

/** Writes the cache atomically (a temp file renamed over the old one). */
export async function writeCache(file: string, key: string, data: SnapshotData): Promise<void> {
  const payload = serialize(data);
  const header = `${MAGIC}${JSON.stringify({ key, bytes: payload.length, sha256: sha256(payload) })}\n`;
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, Buffer.concat([Buffer.from(header, 'utf8'), payload]));
  await rename(tmp, file);
}
