import type { Snapshot } from '../answer/answer.js';

/** Holds the live snapshot; readers always see a complete one, a reload swaps it in one assignment. */
export interface KnowledgeHolder {
  get(): Snapshot;
  set(next: Snapshot): void;
}

export function createKnowledgeHolder(initial: Snapshot): KnowledgeHolder {
  let current = initial;
  return {
    get: () => current,
    set: (next) => {
      current = next;
    },
  };
}
