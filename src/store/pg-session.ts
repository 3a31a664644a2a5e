/**
 * A dedicated PostgreSQL connection that is made again when it breaks. Session-level state (advisory locks,
 * LISTEN) lives on such a connection, not on the pool: it must stay on one backend for the replica's life.
 */
import pg from 'pg';

export interface SessionLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PgSessionOptions {
  url: string;
  /** Shown in logs and as the connection's `application_name`. */
  name: string;
  logger?: SessionLogger | undefined;
  /** Runs on every (re)connection: take locks, LISTEN, catch up. A throw drops the connection and retries. */
  onConnect(client: pg.Client): Promise<void>;
  /** Runs when a connection that had been set up breaks (its session locks are gone). */
  onLost?(): void | Promise<void>;
  /** Delay before connecting again. */
  retryMs?: number | undefined;
}

export interface PgSession {
  /** The first connection: resolves once `onConnect` ran, rejects if it could not (no retry then). */
  start(): Promise<void>;
  /** The live connection, when there is one. */
  client(): pg.Client | undefined;
  /** Ends the connection (session locks are released) and stops reconnecting. */
  close(): Promise<void>;
}

export function createPgSession(opts: PgSessionOptions): PgSession {
  const retryMs = opts.retryMs ?? 2000;
  let current: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: opts.url, application_name: `congdoan ${opts.name}` });
    let ready = false;
    let lost = false;
    const onBroken = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (current === client) current = undefined;
      client.end().catch(() => {});
      if (closed) return;
      if (ready) {
        opts.logger?.warn({ err, session: opts.name }, 'database session lost; connecting again');
        void Promise.resolve(opts.onLost?.()).catch((e: unknown) => opts.logger?.error({ err: e, session: opts.name }, 'database session: clean-up failed'));
        schedule();
      }
    };
    client.on('error', onBroken);
    client.on('end', () => onBroken());
    try {
      await client.connect();
      await opts.onConnect(client);
    } catch (err) {
      lost = true;
      await client.end().catch(() => {});
      throw err;
    }
    if (closed) {
      lost = true;
      await client.end().catch(() => {});
      return;
    }
    ready = true;
    current = client;
  };

  const schedule = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      connect().catch((err: unknown) => {
        opts.logger?.warn({ err, session: opts.name }, 'database session: could not connect; will retry');
        schedule();
      });
    }, retryMs);
    timer.unref();
  };

  return {
    start: connect,
    client: () => current,
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = current;
      current = undefined;
      if (c) await c.end().catch(() => {});
    },
  };
}
