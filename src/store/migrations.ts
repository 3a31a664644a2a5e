import type { Database } from 'better-sqlite3';

/** One schema step; `version` values are strictly increasing and never reused. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The database was written by a newer version of the bot than this one. */
export class SchemaVersionError extends Error {
  override name = 'SchemaVersionError';
  constructor(
    readonly databaseVersion: number,
    readonly codeVersion: number,
    options?: ErrorOptions,
  ) {
    super(
      `database schema version ${databaseVersion} is newer than this code knows (${codeVersion}); upgrade the bot or restore a matching backup`,
      options,
    );
  }
}

const CHANNEL = `CHECK (channel IN ('telegram', 'zalo'))`;

/** Every schema step, oldest first. Append new steps; never edit one that has shipped. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE inbound (
        id            INTEGER PRIMARY KEY,
        channel       TEXT    NOT NULL ${CHANNEL},
        delivery_key  TEXT    NOT NULL,
        chat_id       TEXT    NOT NULL,
        user_id       TEXT    NOT NULL,
        user_name     TEXT,
        kind          TEXT    NOT NULL CHECK (kind IN ('text', 'command', 'callback', 'other')),
        text          TEXT    NOT NULL,
        received_at   INTEGER NOT NULL,
        state         TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'answered')),
        UNIQUE (channel, delivery_key)
      );
      CREATE INDEX inbound_pending ON inbound (id) WHERE state = 'pending';
      CREATE INDEX inbound_kind_received ON inbound (kind, received_at);

      CREATE TABLE outcome (
        inbound_id  INTEGER PRIMARY KEY REFERENCES inbound (id) ON DELETE CASCADE,
        status      TEXT    NOT NULL CHECK (status IN ('answer', 'suggest', 'decline', 'welcome', 'hint', 'feedback', 'admin')),
        text        TEXT    NOT NULL,
        sources     TEXT    NOT NULL DEFAULT '[]',
        confidence  REAL    NOT NULL,
        created_at  INTEGER NOT NULL
      );

      CREATE TABLE outbox (
        id                INTEGER PRIMARY KEY,
        channel           TEXT    NOT NULL ${CHANNEL},
        chat_id           TEXT    NOT NULL,
        text              TEXT    NOT NULL,
        payload           TEXT,
        inbound_id        INTEGER REFERENCES inbound (id) ON DELETE SET NULL,
        origin_inbound_id INTEGER REFERENCES inbound (id) ON DELETE SET NULL,
        state             TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
        attempts          INTEGER NOT NULL DEFAULT 0,
        next_attempt_at   INTEGER NOT NULL,
        last_error        TEXT,
        created_at        INTEGER NOT NULL,
        sent_at           INTEGER
      );
      CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';
      CREATE INDEX outbox_origin ON outbox (origin_inbound_id) WHERE origin_inbound_id IS NOT NULL;
      CREATE INDEX outbox_inbound ON outbox (inbound_id) WHERE inbound_id IS NOT NULL;

      CREATE TABLE review_group (
        id          INTEGER PRIMARY KEY,
        key         TEXT    NOT NULL UNIQUE,
        question    TEXT    NOT NULL,
        count       INTEGER NOT NULL DEFAULT 0,
        status      TEXT    NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'answered', 'ignored')),
        first_seen  INTEGER NOT NULL,
        last_seen   INTEGER NOT NULL
      );
      CREATE INDEX review_group_status_last ON review_group (status, last_seen);
      CREATE INDEX review_group_status_count ON review_group (status, count);
      CREATE INDEX review_group_last ON review_group (last_seen);
      CREATE INDEX review_group_count ON review_group (count);

      CREATE TABLE review_entry (
        id          INTEGER PRIMARY KEY,
        group_id    INTEGER NOT NULL REFERENCES review_group (id) ON DELETE CASCADE,
        channel     TEXT    NOT NULL ${CHANNEL},
        chat_id     TEXT    NOT NULL,
        user_id     TEXT    NOT NULL,
        user_name   TEXT,
        reason      TEXT    NOT NULL CHECK (reason IN ('decline', 'suggest', 'feedback')),
        question    TEXT    NOT NULL,
        inbound_id  INTEGER REFERENCES inbound (id) ON DELETE SET NULL,
        at          INTEGER NOT NULL
      );
      CREATE INDEX review_entry_group ON review_entry (group_id, id);
      CREATE INDEX review_entry_channel ON review_entry (channel, group_id);
      CREATE INDEX review_entry_inbound ON review_entry (inbound_id) WHERE inbound_id IS NOT NULL;

      CREATE TABLE admin_reply (
        id        INTEGER PRIMARY KEY,
        group_id  INTEGER NOT NULL REFERENCES review_group (id) ON DELETE CASCADE,
        text      TEXT    NOT NULL,
        author    TEXT    NOT NULL,
        at        INTEGER NOT NULL
      );
      CREATE INDEX admin_reply_group ON admin_reply (group_id, id);

      CREATE TABLE feedback (
        inbound_id  INTEGER NOT NULL REFERENCES inbound (id) ON DELETE CASCADE,
        user_id     TEXT    NOT NULL,
        channel     TEXT    NOT NULL ${CHANNEL},
        chat_id     TEXT    NOT NULL,
        value       TEXT    NOT NULL CHECK (value IN ('up', 'down')),
        at          INTEGER NOT NULL,
        PRIMARY KEY (inbound_id, user_id)
      );

      CREATE TABLE setting (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'claim leases',
    // A claimed row carries the end of its lease; SQLite serves one process, so opening the store voids them.
    sql: `
      ALTER TABLE inbound ADD COLUMN lease_until INTEGER;
      ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
      CREATE INDEX outbox_pending_chat ON outbox (channel, chat_id, id) WHERE state = 'pending';
    `,
  },
  {
    version: 3,
    name: 'conversation state',
    // One row per chat: the choices offered, the last answer and the last question's terms (JSON), with the
    // message that left them (an older message never overwrites a newer one's state) and an expiry.
    sql: `
      CREATE TABLE conversation (
        channel     TEXT    NOT NULL ${CHANNEL},
        chat_id     TEXT    NOT NULL,
        state       TEXT    NOT NULL,
        inbound_id  INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL,
        PRIMARY KEY (channel, chat_id)
      ) WITHOUT ROWID;
      CREATE INDEX conversation_expires ON conversation (expires_at);
    `,
  },
  {
    version: 4,
    name: 'callback query id column',
    // Callback data and its query id were one text joined by NUL; PostgreSQL cannot store NUL, and a NUL in the
    // data could forge the id. Rows stored that way are split once.
    sql: `
      ALTER TABLE inbound ADD COLUMN callback_query_id TEXT;
      UPDATE inbound SET
        callback_query_id = CAST(substr(CAST(text AS BLOB), instr(CAST(text AS BLOB), x'00') + 1) AS TEXT),
        text = CAST(substr(CAST(text AS BLOB), 1, instr(CAST(text AS BLOB), x'00') - 1) AS TEXT)
      WHERE kind = 'callback' AND instr(CAST(text AS BLOB), x'00') > 0;
    `,
  },
  {
    version: 5,
    name: 'outbox send deadline and given-up rows',
    // queued_at starts a row's send deadline (sending again resets it); failed_at orders the admin's list.
    sql: `
      ALTER TABLE outbox ADD COLUMN queued_at INTEGER;
      ALTER TABLE outbox ADD COLUMN failed_at INTEGER;
      UPDATE outbox SET queued_at = created_at;
      UPDATE outbox SET failed_at = created_at WHERE state = 'failed';
      CREATE INDEX outbox_failed ON outbox (failed_at) WHERE state = 'failed';
    `,
  },
  {
    version: 6,
    name: 'learned phrasings',
    // issue 12: (question, chosen note) pairs from suggestions tapped and answers rated 👍, one row per asker.
    sql: `
      CREATE TABLE learned_phrasing (
        id          INTEGER PRIMARY KEY,
        file        TEXT    NOT NULL,
        key         TEXT    NOT NULL,
        question    TEXT    NOT NULL,
        via         TEXT    NOT NULL CHECK (via IN ('suggestion', 'up')),
        channel     TEXT    NOT NULL ${CHANNEL},
        user_id     TEXT    NOT NULL,
        status      TEXT    NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'approved', 'rejected')),
        at          INTEGER NOT NULL,
        UNIQUE (file, key, channel, user_id)
      );
      CREATE INDEX learned_phrasing_status ON learned_phrasing (status, file, key);
    `,
  },
];

/** The newest schema version the code knows. */
export function latestVersion(list: readonly Migration[] = migrations): number {
  return list.at(-1)?.version ?? 0;
}

/** Throws when the steps are not strictly increasing positive versions (a programming mistake). */
export function checkOrder(list: readonly Migration[]): void {
  let previous = 0;
  for (const m of list) {
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new Error(`migration ${m.version} (${m.name}) is out of order: versions must be increasing integers`);
    }
    previous = m.version;
  }
}

/** The highest version recorded in `schema_migrations` (0 for a new database). */
export function currentVersion(db: Database): number {
  const row = db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as { v: number };
  return row.v;
}

/** Applies the missing steps, each in its own transaction, and returns the resulting version. */
export function migrate(db: Database, list: readonly Migration[] = migrations, now: () => number = Date.now): number {
  checkOrder(list);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    applied_at  INTEGER NOT NULL
  )`);
  const latest = latestVersion(list);
  const found = currentVersion(db);
  if (found > latest) throw new SchemaVersionError(found, latest);

  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  for (const m of list) {
    // Re-checked inside the write lock: another process may have applied it meanwhile.
    db.transaction(() => {
      if (isApplied.get(m.version) !== undefined) return;
      db.exec(m.sql);
      record.run(m.version, m.name, now());
    }).immediate();
  }
  db.pragma(`user_version = ${latest}`);
  return latest;
}
