import { buildKnowledgeBase, type KnowledgeBase } from '../knowledge/base.js';
import type { KnowledgeFile } from '../knowledge/types.js';
import { buildIndexData, indexBuffers, openIndexSteps, runSteps, SEARCH_TUNING, type IndexData, type SearchTuning } from '../search/index.js';
import type { Snapshot } from './answer.js';

/**
 * A snapshot as plain data: what a worker thread builds and posts, and what the on-disk cache holds. Every
 * field survives structured clone (`postMessage`, `v8.serialize`); `openSnapshot` is the one step that
 * turns it back into a live snapshot (the index's search functions).
 */
export type SnapshotData = Omit<Snapshot, 'index'> & { index: IndexData };

/** Builds knowledge and index data from raw files (pure, the costly part); `previous` keeps the last good version of bad files. */
export function buildSnapshotData(files: readonly KnowledgeFile[], previous?: KnowledgeBase, tuning: SearchTuning = SEARCH_TUNING): SnapshotData {
  return snapshotDataOf(buildKnowledgeBase(files, previous), tuning);
}

/** Indexes a knowledge base already built (pure). */
export function snapshotDataOf(kb: KnowledgeBase, tuning: SearchTuning = SEARCH_TUNING): SnapshotData {
  return { kb, index: buildIndexData(kb.docs, tuning) };
}

/** Opens snapshot data for answering (cheap). */
export function openSnapshot(data: SnapshotData, tuning: SearchTuning = SEARCH_TUNING): Snapshot {
  return runSteps(openSnapshotSteps(data, tuning));
}

/** `openSnapshot` in steps (see `openIndexSteps`). */
export function* openSnapshotSteps(data: SnapshotData, tuning: SearchTuning = SEARCH_TUNING): Generator<void, Snapshot> {
  const index = yield* openIndexSteps(data.kb.docs, data.index, tuning);
  return { ...data, index };
}

/** The buffers of snapshot data that can be transferred rather than copied. */
export const snapshotBuffers = (data: SnapshotData): ArrayBuffer[] => indexBuffers(data.index);

/** Builds knowledge and index from raw files (pure); `previous` keeps the last good version of bad files. */
export function buildSnapshot(files: readonly KnowledgeFile[], previous?: KnowledgeBase, tuning: SearchTuning = SEARCH_TUNING): Snapshot {
  return openSnapshot(buildSnapshotData(files, previous, tuning), tuning);
}
