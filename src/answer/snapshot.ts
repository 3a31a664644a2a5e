import { buildKnowledgeBase, type KnowledgeBase } from '../knowledge/base.js';
import type { KnowledgeFile } from '../knowledge/types.js';
import { buildIndex, SEARCH_TUNING, type SearchTuning } from '../search/index.js';
import type { Snapshot } from './answer.js';

/** Builds knowledge and index from raw files (pure); `previous` keeps the last good version of bad files. */
export function buildSnapshot(files: readonly KnowledgeFile[], previous?: KnowledgeBase, tuning: SearchTuning = SEARCH_TUNING): Snapshot {
  const kb = buildKnowledgeBase(files, previous);
  return { kb, index: buildIndex(kb.docs, tuning) };
}
