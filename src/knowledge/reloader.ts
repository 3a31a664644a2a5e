import { watch, type FSWatcher } from 'node:fs';
import type { Snapshot } from '../answer/answer.js';
import { buildSnapshot } from '../answer/snapshot.js';
import type { Logger } from '../logger.js';
import type { KnowledgeHolder } from './holder.js';
import { readKnowledgeFiles } from './load.js';

export interface Reloader {
  /** Re-reads the folder, rebuilds the index and swaps it in; bad files keep their previous good version. */
  reload(): Promise<Snapshot>;
  /** Watches the folder and reloads (debounced) on any change. */
  watch(): void;
  close(): void;
}

export function createReloader(deps: { dir: string; holder: KnowledgeHolder; logger: Logger; debounceMs?: number }): Reloader {
  const { dir, holder, logger } = deps;
  let chain: Promise<Snapshot> = Promise.resolve(holder.get());
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;

  const rebuild = async () => {
    const started = Date.now();
    const next = buildSnapshot(await readKnowledgeFiles(dir), holder.get().kb);
    holder.set(next);
    for (const p of next.kb.problems) logger.error({ file: p.file, line: p.line }, `knowledge file problem: ${p.message}`);
    logger.info({ files: next.kb.docs.length, passages: next.index.size, problems: next.kb.problems.length, kept: next.kb.keptPrevious, ms: Date.now() - started }, 'knowledge reloaded');
    return next;
  };

  const reload = () => {
    // One rebuild at a time, in order; a failed read keeps the current snapshot.
    chain = chain.then(rebuild, rebuild).catch((err: unknown) => {
      logger.error({ err }, 'knowledge reload failed; keeping the current index');
      return holder.get();
    });
    return chain;
  };

  return {
    reload,
    watch() {
      watcher = watch(dir, { recursive: true }, () => {
        clearTimeout(timer);
        timer = setTimeout(() => void reload(), deps.debounceMs ?? 200);
      });
      watcher.on('error', (err) => logger.error({ err }, 'knowledge watcher failed'));
    },
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
