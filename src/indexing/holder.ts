import type { Snapshot } from '../answer/answer.js';

/**
 * Holds the live snapshot; readers always see a complete one, a reload swaps it in one assignment. Until the
 * first real snapshot is set, `get` gives the placeholder (no knowledge) and `ready` is pending.
 */
export interface KnowledgeHolder {
  get(): Snapshot;
  set(next: Snapshot): void;
  /** Resolves once the first real snapshot is set. */
  ready: Promise<void>;
  isReady(): boolean;
}

export function createKnowledgeHolder(placeholder: Snapshot, opts: { ready?: boolean } = {}): KnowledgeHolder {
  let current = placeholder;
  let isReady = opts.ready ?? false;
  let markReady = () => {};
  const ready = isReady ? Promise.resolve() : new Promise<void>((resolve) => (markReady = resolve));
  return {
    get: () => current,
    set: (next) => {
      current = next;
      isReady = true;
      markReady();
    },
    ready,
    isReady: () => isReady,
  };
}
