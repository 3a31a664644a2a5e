/**
 * What several replicas must agree on beyond the rows of the `Store`: the knowledge saved through the admin page,
 * and which replica polls. With SQLite (one process) both are trivial; PostgreSQL versions are in pg-cluster.ts.
 */

/** Runs `fn` while no other write of `file` runs (the admin's per-file lock). */
export type FileLock = <T>(file: string, fn: () => Promise<T>) => Promise<T>;

export interface KnowledgeSync {
  /**
   * Shares a knowledge file (relative path, e.g. `faq/nghi-om.md`) with every replica; `null` shares its deletion
   * (each replica removes its copy).
   */
  publish(file: string, content: string | null): Promise<void>;
  /**
   * Writes the shared files that are missing or different in this replica's knowledge folder, now and whenever
   * one changes, and calls `onChange` after writing any (the caller reloads its index). Each file is written under
   * `lock` (the admin's per-file lock), so a save on this replica finishes before its own shared copy is compared.
   */
  start(onChange: (files: string[]) => Promise<unknown>, lock?: FileLock): Promise<void>;
  close(): Promise<void>;
}

export interface PollingLeader {
  /**
   * Calls `lead` once this replica may poll (at once for one process; for several, when it holds the polling
   * lock), and `yieldLead` when it no longer may (its lock was lost). Keeps trying in the background.
   */
  start(handlers: { lead(): Promise<void>; yieldLead(): Promise<void> }): Promise<void>;
  /** Stops polling here (if leading) and lets another replica take over. */
  close(): Promise<void>;
}

/** One process: the knowledge folder on disk is the only copy. */
export const localKnowledgeSync: KnowledgeSync = {
  async publish() {},
  async start() {},
  async close() {},
};

/** One process: it always polls. */
export function localPollingLeader(): PollingLeader {
  let handlers: { lead(): Promise<void>; yieldLead(): Promise<void> } | undefined;
  return {
    async start(h) {
      handlers = h;
      await h.lead();
    },
    async close() {
      await handlers?.yieldLead();
      handlers = undefined;
    },
  };
}
