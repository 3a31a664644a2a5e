import { watch, type FSWatcher } from 'node:fs';
import type { Snapshot } from '../answer/answer.js';
import type { Logger } from '../logger.js';
import type { BuiltSnapshot, SnapshotBuilder } from './builder.js';
import type { KnowledgeHolder } from './holder.js';

export interface Reloader {
  /** Rebuilds the snapshot off the event loop and swaps it in; bad files keep their last good version. */
  reload(): Promise<Snapshot>;
  /** Watches the folder and reloads (debounced) on any change. */
  watch(): void;
  close(): void;
}

export interface ReloadEvent {
  ok: boolean;
  source?: BuiltSnapshot['source'];
  ms: number;
}

export function createReloader(deps: {
  dir: string;
  holder: KnowledgeHolder;
  builder: SnapshotBuilder;
  logger: Logger;
  debounceMs?: number;
  /** Called after every reload attempt (metrics). */
  onReload?: (e: ReloadEvent) => void;
}): Reloader {
  const { dir, holder, builder, logger } = deps;
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;

  const reload = async (): Promise<Snapshot> => {
    const started = performance.now();
    const first = !holder.isReady();
    logger.debug(first ? 'knowledge load started' : 'knowledge reload started');
    try {
      const built = await builder.build();
      const next = built.snapshot;
      holder.set(next);
      for (const p of next.kb.problems) logger.error({ file: p.file, line: p.line }, `knowledge file problem: ${p.message}`);
      for (const w of built.warnings) logger.warn(w);
      const ms = Math.round(performance.now() - started);
      logger.info(
        { files: next.kb.docs.length, passages: next.index.size, problems: next.kb.problems.length, kept: next.kb.keptPrevious, source: built.source, cache: built.cache, ms },
        first ? 'knowledge loaded' : 'knowledge reloaded',
      );
      deps.onReload?.({ ok: true, source: built.source, ms });
      return next;
    } catch (err) {
      deps.onReload?.({ ok: false, ms: performance.now() - started });
      logger.error({ err }, first ? 'knowledge could not be loaded; questions wait until a change in the folder loads it' : 'knowledge reload failed; keeping the current index');
      if (first) throw err;
      return holder.get();
    }
  };

  return {
    reload,
    watch() {
      try {
        watcher = watch(dir, { recursive: true }, () => {
          clearTimeout(timer);
          timer = setTimeout(() => void reload().catch(() => {}), deps.debounceMs ?? 200);
        });
        watcher.on('error', (err) => logger.error({ err }, 'knowledge watcher failed'));
      } catch (err) {
        logger.error({ err }, 'knowledge watcher failed');
      }
    },
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
