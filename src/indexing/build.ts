/**
 * Knowledge folder → snapshot data, as the index worker runs it: read the files, use the cache when it holds
 * exactly these files, otherwise validate and index them (a broken file falls back to its last good version
 * kept under DATA_DIR), then keep the good versions and rewrite the cache. Side effects on the file system
 * only; the costly part is the pure `snapshotDataOf`.
 */
import { snapshotDataOf, type SnapshotData } from '../answer/snapshot.js';
import { buildKnowledgeBase } from '../knowledge/base.js';
import { readKnowledgeFiles } from '../knowledge/load.js';
import { cacheFile, cacheKey, readCache, writeCache, type CacheRead } from './cache.js';
import { readLastGood, saveLastGood } from './last-good.js';

export interface BuildRequest {
  knowledgeDir: string;
  /** The largest knowledge file read (bytes; KNOWLEDGE_FILE_MAX_KB); a bigger one is a named problem. */
  maxFileBytes: number;
  /** Where the cache and the last good versions live; without it, neither is used. */
  dataDir?: string | undefined;
  /** INDEX_VERSION unless a test says otherwise. */
  indexVersion?: number;
}

export interface BuildOutcome {
  data: SnapshotData;
  /** `cache`: loaded from the cache file; `built`: validated and indexed now. */
  source: 'cache' | 'built';
  /** Why the cache was not used (when it was not). */
  cache?: Exclude<CacheRead, { ok: true }>['reason'];
  /** Non-fatal trouble (the cache or the last good versions could not be written). */
  warnings: string[];
  ms: number;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function loadSnapshotData(req: BuildRequest): Promise<BuildOutcome> {
  const started = performance.now();
  const files = await readKnowledgeFiles(req.knowledgeDir, req.maxFileBytes);
  const warnings: string[] = [];
  const key = cacheKey(files, req.indexVersion);
  let cache: BuildOutcome['cache'];
  if (req.dataDir) {
    const read = await readCache(cacheFile(req.dataDir), key);
    if (read.ok) return { data: read.data, source: 'cache', warnings, ms: performance.now() - started };
    cache = read.reason;
  }

  let kb = buildKnowledgeBase(files);
  if (req.dataDir && kb.problems.length > 0) {
    const kept = await readLastGood(req.dataDir, [...new Set(kb.problems.map((p) => p.file))]);
    if (kept.length > 0) kb = buildKnowledgeBase(files, buildKnowledgeBase(kept));
  }
  const data = snapshotDataOf(kb);

  if (req.dataDir) {
    const { dataDir } = req;
    await saveLastGood(dataDir, files, new Set(kb.problems.map((p) => p.file))).catch((err: unknown) => warnings.push(`last good versions not saved: ${errorText(err)}`));
    await writeCache(cacheFile(dataDir), key, data).catch((err: unknown) => warnings.push(`index cache not written: ${errorText(err)}`));
  }
  return { data, source: 'built', cache, warnings, ms: performance.now() - started };
}
