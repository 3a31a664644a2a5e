import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Snapshot } from '../../src/answer/answer.js';
import { buildSnapshot } from '../../src/answer/snapshot.js';
import { readKnowledgeFiles } from '../../src/knowledge/load.js';

/** The project's real knowledge folder. */
export const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge', import.meta.url));
export const ROOT = path.dirname(KNOWLEDGE_DIR);

let cached: Promise<Snapshot> | undefined;

/** The snapshot built from the real knowledge folder (once per test file). */
export function realSnapshot(): Promise<Snapshot> {
  cached ??= readKnowledgeFiles(KNOWLEDGE_DIR).then((files) => buildSnapshot(files));
  return cached;
}
