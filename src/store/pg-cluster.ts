/**
 * Replicas on PostgreSQL: shared knowledge files (a table plus LISTEN/NOTIFY) and the polling leader
 * (a session-level advisory lock; whoever holds it polls, the others try again every few seconds).
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { FileLock, KnowledgeSync, PollingLeader } from './cluster.js';
import { schemaLocks } from './postgres-migrations.js';
import { createPgSession, type PgSession, type SessionLogger } from './pg-session.js';

/** The notification channel; the payload is `{"schema": …, "path": …}`. */
export const KNOWLEDGE_CHANNEL = 'congdoan_knowledge';

export interface SyncLogger extends SessionLogger {
  info(obj: object, msg: string): void;
}

/**
 * A shared file's absolute path in `dir`, or undefined when its name is unsafe: only relative `.md` paths
 * inside the folder, no `..`, no hidden parts (a database row never writes anywhere else).
 */
export function knowledgePath(dir: string, file: string): string | undefined {
  const parts = file.split('/');
  if (!file.endsWith('.md') || file.length > 300 || parts.some((p) => p === '' || p.startsWith('.') || !/^[\p{L}\p{N}._ -]+$/u.test(p))) return undefined;
  const root = path.resolve(dir);
  const abs = path.resolve(root, ...parts);
  return abs.startsWith(root + path.sep) ? abs : undefined;
}

export interface PgKnowledgeSyncOptions {
  pool: pg.Pool;
  url: string;
  schema: string;
  knowledgeDir: string;
  logger: SyncLogger;
  now?: () => number;
  retryMs?: number;
}

export function createPgKnowledgeSync(opts: PgKnowledgeSyncOptions): KnowledgeSync {
  const { pool, logger } = opts;
  const now = opts.now ?? Date.now;
  let session: PgSession | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let onChange: ((files: string[]) => Promise<unknown>) | undefined;
  let lock: FileLock = (_file, fn) => fn();
  let closed = false;

  /** Writes the shared files (all, or the named one) that differ on disk; one sync at a time, in order. */
  const sync = (only?: string): Promise<unknown> => {
    chain = chain.then(async () => {
      if (closed) return;
      const { rows } = only === undefined
        ? await pool.query<{ path: string; content: string | null }>('SELECT path, content FROM knowledge_files ORDER BY path')
        : await pool.query<{ path: string; content: string | null }>('SELECT path, content FROM knowledge_files WHERE path = $1', [only]);
      const written: string[] = [];
      for (const row of rows) {
        const abs = knowledgePath(opts.knowledgeDir, row.path);
        if (!abs) {
          logger.error({ file: row.path }, 'shared knowledge file has an unsafe name; skipped');
          continue;
        }
        const content = row.content;
        // Under the admin's lock: a save or deletion made here has finished (and its file is already as shared).
        const changed = await lock(row.path, async () => {
          const onDisk = await readFile(abs, 'utf8').catch(() => undefined);
          if (content === null) {
            // Deleted on another replica (it keeps the file in its trash): remove this copy too.
            if (onDisk === undefined) return false;
            await rm(abs, { force: true });
            return true;
          }
          if (onDisk === content) return false;
          await mkdir(path.dirname(abs), { recursive: true });
          const tmp = `${abs}.${process.pid}.sync-tmp`;
          await writeFile(tmp, content);
          await rename(tmp, abs);
          return true;
        });
        if (changed) written.push(row.path);
      }
      if (written.length > 0) {
        logger.info({ files: written }, 'shared knowledge written to the knowledge folder');
        await onChange?.(written);
      }
    }).catch((err: unknown) => logger.error({ err }, 'knowledge sync failed; the next change or reconnection retries'));
    return chain;
  };

  return {
    async publish(file, content) {
      if (!knowledgePath(opts.knowledgeDir, file)) throw new Error(`unsafe knowledge file name: ${file}`);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO knowledge_files (path, content, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (path) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at`,
          [file, content, now()],
        );
        // Delivered at commit, to every listening replica (this one too: it finds its file already there).
        await client.query('SELECT pg_notify($1, $2)', [KNOWLEDGE_CHANNEL, JSON.stringify({ schema: opts.schema, path: file })]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },

    async start(handler, fileLock) {
      onChange = handler;
      if (fileLock) lock = fileLock;
      session = createPgSession({
        url: opts.url,
        name: 'knowledge',
        logger,
        retryMs: opts.retryMs,
        async onConnect(client) {
          client.on('notification', (n) => {
            if (n.channel !== KNOWLEDGE_CHANNEL || !n.payload) return;
            try {
              const { schema, path: file } = JSON.parse(n.payload) as { schema?: unknown; path?: unknown };
              if (schema === opts.schema && typeof file === 'string') void sync(file);
            } catch {
              // Not ours.
            }
          });
          await client.query(`LISTEN ${KNOWLEDGE_CHANNEL}`);
          // Catch up: changes made while this replica was not listening.
          await sync();
        },
      });
      await session.start();
    },

    async close() {
      closed = true;
      await session?.close();
      await chain;
    },
  };
}

export interface PgPollingLeaderOptions {
  url: string;
  schema: string;
  logger: SyncLogger;
  /** How often a replica that does not lead tries to take the lock. */
  retryMs?: number;
}

export function createPgPollingLeader(opts: PgPollingLeaderOptions): PollingLeader {
  const [ns, item] = schemaLocks(opts.schema).polling;
  const retryMs = opts.retryMs ?? 5000;
  let handlers: { lead(): Promise<void>; yieldLead(): Promise<void> } | undefined;
  let session: PgSession | undefined;
  let leading = false;
  let busy: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  /** One step at a time: take the lock and lead, or give up leading. */
  const step = (fn: () => Promise<void>) => {
    busy = busy.then(fn).catch((err: unknown) => opts.logger.error({ err }, 'polling leader: step failed'));
    return busy;
  };

  const tryLead = () =>
    step(async () => {
      const client = session?.client();
      if (closed || leading || !client || !handlers) return;
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [ns, item]);
      if (!rows[0]?.locked) return;
      leading = true;
      opts.logger.info({ lock: 'polling' }, 'this replica polls (it holds the polling lock)');
      await handlers.lead();
    });

  const yieldLead = () =>
    step(async () => {
      if (!leading) return;
      leading = false;
      opts.logger.warn({ lock: 'polling' }, 'this replica stops polling (polling lock lost)');
      await handlers?.yieldLead();
    });

  return {
    async start(h) {
      handlers = h;
      session = createPgSession({
        url: opts.url,
        name: 'polling-leader',
        logger: opts.logger,
        async onConnect() {},
        onLost: yieldLead,
      });
      await session.start();
      await tryLead();
      timer = setInterval(() => void tryLead(), retryMs);
      timer.unref();
    },
    async close() {
      closed = true;
      clearInterval(timer);
      // Stop polling before the lock goes, so two replicas never poll at once.
      await step(async () => {
        if (!leading) return;
        leading = false;
        await handlers?.yieldLead();
      });
      await session?.close();
    },
  };
}
