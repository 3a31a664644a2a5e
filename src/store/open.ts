/** Picks the storage: PostgreSQL when DATABASE_URL is set (several replicas), else the embedded SQLite file. */
import type { Config } from '../config.js';
import { localKnowledgeSync, localPollingLeader, type KnowledgeSync, type PollingLeader } from './cluster.js';
import { createPgKnowledgeSync, createPgPollingLeader, type SyncLogger } from './pg-cluster.js';
import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export interface OpenedStore {
  kind: 'sqlite' | 'postgres';
  store: Store;
  /** Knowledge saved through the admin page, shared with every replica (a no-op for SQLite). */
  knowledge: KnowledgeSync;
  /** Which replica polls Telegram and Zalo (always this one for SQLite). */
  polling: PollingLeader;
}

export interface OpenStoreOptions {
  logger: SyncLogger;
  /** How often a replica that does not poll tries to take over (default 5 s). */
  leaderRetryMs?: number | undefined;
}

export async function openStore(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'knowledgeDir'>, opts: OpenStoreOptions): Promise<OpenedStore> {
  if (!config.databaseUrl) {
    return { kind: 'sqlite', store: await openSqliteStore({ dataDir: config.dataDir }), knowledge: localKnowledgeSync, polling: localPollingLeader() };
  }
  const url = config.databaseUrl;
  const store = await openPostgresStore({ url, logger: opts.logger });
  return {
    kind: 'postgres',
    store,
    knowledge: createPgKnowledgeSync({ pool: store.pool, url, schema: store.schema, knowledgeDir: config.knowledgeDir, logger: opts.logger }),
    polling: createPgPollingLeader({ url, schema: store.schema, logger: opts.logger, retryMs: opts.leaderRetryMs }),
  };
}
