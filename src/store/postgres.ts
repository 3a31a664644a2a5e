/**
 * The `Store` on PostgreSQL (the `pg` driver), for several bot replicas sharing one database. Same semantics as
 * the SQLite store, method for method (the same contract suite runs against both). What several replicas add:
 *
 * - Exactly once: a delivery key is unique (a repeated update stored twice, by any replica, is one row), and an
 *   inbound message has at most one outcome (primary key), written with its outbox rows in one transaction.
 * - Claims: `claimInbound` / `claimOutbox` lease rows with `FOR NO KEY UPDATE SKIP LOCKED`, so concurrent replicas
 *   never take the same row. A lease names its replica; each replica holds a presence advisory lock for its
 *   life, so the rows of a replica that died (its connection closed) are free at once, not after the lease.
 */
import pg from 'pg';
import { cleanInbound, cleanOutbox, cleanOutcome, cleanReview, storableText } from './clean.js';
import { pgMigrations, currentSchema, migratePostgres, schemaLocks } from './postgres-migrations.js';
import { createPgSession, type PgSession, type SessionLogger } from './pg-session.js';
import { askersOf, buildStats, DAY_MS, DEFAULT_REVIEW_LIMIT, distinctSorted, QUESTION_STATUSES, statsWindow, utcDay } from './shared.js';
import type { PhrasingGroup,
  AdminReply,
  Channel,
  ConversationInput,
  FeedbackInput,
  InboundInput,
  OutboxInput,
  OutcomeInput,
  ReviewDetail,
  ReviewEntry,
  ReviewGroup,
  ReviewItemInput,
  ReviewQuery,
  ReviewReason,
  ReviewStatus,
  SourceRef,
  Stats,
  Store,
  StoredInbound,
  StoredOutbox,
} from './types.js';
import { toConversation, toEntry, toInbound, toOutbox, type ConversationRow, type EntryRow, type InboundRow, type OutboxRow } from './rows.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/db`; `?options=-c search_path=…` picks another schema. */
  url: string;
  /** Clock for `created_at`, `sent_at` and the first `next_attempt_at` of outbox rows (tests). */
  now?: (() => number) | undefined;
  /** Connections in the pool (default 10). */
  poolSize?: number | undefined;
  logger?: SessionLogger | undefined;
}

export interface PostgresStore extends Store {
  readonly pool: pg.Pool;
  /** The schema the tables live in (namespaces the advisory locks and notifications). */
  readonly schema: string;
  readonly url: string;
  /** This replica's id, written as `lease_owner` of what it claims. */
  replicaId(): number;
}

/** int8 (bigint) as a JS number: ids and epoch milliseconds stay far below 2^53. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};



/** What a claimed row was before the claim: a lease that had not ended means its replica was gone. */
interface PreviousLease {
  prev_owner: number | null;
  prev_until: number | null;
}

interface OutcomeRow {
  inbound_id: number;
  status: OutcomeInput['status'];
  text: string;
  sources: string;
  confidence: number;
}

interface GroupRow {
  id: number;
  key: string;
  question: string;
  count: number;
  status: ReviewStatus;
  first_seen: number;
  last_seen: number;
  channels: string[];
  reasons: string[];
}




function toGroup(r: GroupRow): ReviewGroup {
  return {
    id: r.id,
    key: r.key,
    question: r.question,
    count: r.count,
    status: r.status,
    channels: distinctSorted<Channel>(r.channels),
    reasons: distinctSorted<ReviewReason>(r.reasons),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
  };
}


/** Replica ids whose presence lock is held right now: their leases stand; anyone else's are void. */
const LIVE_OWNERS = `
  SELECT l.objid::bigint FROM pg_locks l
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid = $4::bigint::oid
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

const SQL = {
  insertInbound: `
    INSERT INTO inbound (channel, delivery_key, chat_id, user_id, user_name, kind, text, received_at, callback_query_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (channel, delivery_key) DO NOTHING
    RETURNING id`,
  // $1 now, $2 limit, $3 lease ms, $4 presence namespace, $5 this replica
  claimInbound: `
    WITH picked AS (
      SELECT i.id, i.lease_owner AS prev_owner, i.lease_until AS prev_until FROM inbound i
      WHERE i.state = 'pending'
        AND (i.lease_until IS NULL OR i.lease_until <= $1 OR i.lease_owner NOT IN (${LIVE_OWNERS}))
      ORDER BY i.id LIMIT $2
      FOR NO KEY UPDATE OF i SKIP LOCKED)
    UPDATE inbound SET lease_until = $1::bigint + $3::bigint, lease_owner = $5
    FROM picked WHERE inbound.id = picked.id
    RETURNING inbound.*, picked.prev_owner, picked.prev_until`,
  claimOutbox: `
    WITH picked AS (
      SELECT o.id, o.lease_owner AS prev_owner, o.lease_until AS prev_until FROM outbox o
      WHERE o.state = 'pending' AND o.next_attempt_at <= $1
        AND (o.lease_until IS NULL OR o.lease_until <= $1 OR o.lease_owner NOT IN (${LIVE_OWNERS}))
        AND ($6::text IS NULL OR o.channel = $6)
        AND NOT EXISTS (
          SELECT 1 FROM outbox p
          WHERE p.state = 'pending' AND p.channel = o.channel AND p.chat_id = o.chat_id AND p.id < o.id
            AND ((p.lease_until > $1 AND p.lease_owner IN (${LIVE_OWNERS})) OR p.next_attempt_at > $1))
      ORDER BY o.id LIMIT $2
      FOR NO KEY UPDATE OF o SKIP LOCKED)
    UPDATE outbox SET lease_until = $1::bigint + $3::bigint, lease_owner = $5
    FROM picked WHERE outbox.id = picked.id
    RETURNING outbox.*, picked.prev_owner, picked.prev_until`,
  insertOutbox: `
    INSERT INTO outbox (channel, chat_id, text, payload, inbound_id, origin_inbound_id, next_attempt_at, created_at, queued_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7)
    RETURNING id`,
  upsertGroup: `
    INSERT INTO review_group AS g (key, question, count, status, first_seen, last_seen)
    VALUES ($1, $2, 1, 'new', $3, $3)
    ON CONFLICT (key) DO UPDATE SET
      count = g.count + 1,
      first_seen = least(g.first_seen, excluded.first_seen),
      last_seen = greatest(g.last_seen, excluded.last_seen),
      status = CASE WHEN g.status = 'answered' THEN 'new' ELSE g.status END
    RETURNING id`,
  insertEntry: `
    INSERT INTO review_entry (group_id, channel, chat_id, user_id, user_name, reason, question, inbound_id, at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
  groupColumns: `
    g.*,
    ARRAY(SELECT DISTINCT e.channel FROM review_entry e WHERE e.group_id = g.id) AS channels,
    ARRAY(SELECT DISTINCT e.reason FROM review_entry e WHERE e.group_id = g.id) AS reasons`,
};

const listSql = (order: string) => `
  SELECT ${SQL.groupColumns}
  FROM review_group g
  WHERE ($1::text IS NULL OR g.status = $1)
    AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM review_entry e WHERE e.group_id = g.id AND e.channel = $2))
  ORDER BY ${order}
  LIMIT $3`;
const LIST_NEWEST = listSql('g.last_seen DESC, g.id DESC');
const LIST_MOST = listSql('g.count DESC, g.last_seen DESC, g.id DESC');

type Queryable = Pick<pg.ClientBase, 'query'>;

/** Runs `fn` in a transaction on one pooled connection. */
async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

async function addReview(c: Queryable, input: ReviewItemInput): Promise<number> {
  const item = cleanReview(input);
  const { rows } = await c.query<{ id: number }>(SQL.upsertGroup, [item.key, item.question, item.at]);
  const groupId = rows[0]!.id;
  await c.query(SQL.insertEntry, [groupId, item.channel, item.chatId, item.userId, item.userName ?? null, item.reason, item.question, item.inboundId ?? null, item.at]);
  return groupId;
}

async function addOutbox(c: Queryable, input: OutboxInput, originId: number | null, at: number): Promise<number> {
  const item = cleanOutbox(input);
  const payload = item.payload === undefined ? null : JSON.stringify(item.payload);
  const { rows } = await c.query<{ id: number }>(SQL.insertOutbox, [item.channel, item.chatId, item.text, payload, item.inboundId ?? null, originId, at]);
  return rows[0]!.id;
}

/**
 * Stores the outcome, marks the message answered, queues its outbox rows and review item (in the caller's
 * transaction); `stored` is false when the message had its outcome already (nothing written then).
 */
async function completeIn(
  c: pg.PoolClient,
  id: number,
  outcome: OutcomeInput,
  outbox: OutboxInput[],
  review: ReviewItemInput | undefined,
  at: () => number,
): Promise<{ ids: number[]; stored: boolean }> {
  outcome = cleanOutcome(outcome);
  // The row lock makes two replicas completing the same message take turns; the second finds the outcome.
  const found = await c.query('SELECT 1 FROM inbound WHERE id = $1 FOR UPDATE', [id]);
  if (found.rowCount === 0) throw new Error(`inbound message ${id} does not exist`);
  const inserted = await c.query(
    `INSERT INTO outcome (inbound_id, status, text, sources, confidence, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (inbound_id) DO NOTHING`,
    [id, outcome.status, outcome.text, JSON.stringify(outcome.sources), outcome.confidence, at()],
  );
  if (inserted.rowCount === 0) return { ids: await outboxIdsByOrigin(c, id), stored: false };
  await c.query(`UPDATE inbound SET state = 'answered', lease_until = NULL, lease_owner = NULL WHERE id = $1`, [id]);
  const ids: number[] = [];
  for (const item of outbox) ids.push(await addOutbox(c, item, id, at()));
  if (review) await addReview(c, review);
  return { ids, stored: true };
}

const outboxIdsByOrigin = async (c: Queryable, id: number) =>
  (await c.query<{ id: number }>('SELECT id FROM outbox WHERE origin_inbound_id = $1 ORDER BY id', [id])).rows.map((r) => r.id);

/** Saves a chat's conversation state unless a newer message's state is stored (then false). */
async function saveConversationIn(c: Queryable, conv: ConversationInput, at: number): Promise<boolean> {
  const { rowCount } = await c.query(
    `INSERT INTO conversation AS s (channel, chat_id, state, inbound_id, expires_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (channel, chat_id) DO UPDATE SET
       state = excluded.state, inbound_id = excluded.inbound_id, expires_at = excluded.expires_at, updated_at = excluded.updated_at
     WHERE excluded.inbound_id >= s.inbound_id`,
    [conv.channel, conv.chatId, JSON.stringify(conv.state), conv.inboundId, conv.expiresAt, at],
  );
  return (rowCount ?? 0) > 0;
}

/** Connects, applies the migrations (under an advisory lock) and returns a `Store` on the database. */
export async function openPostgresStore(opts: PostgresStoreOptions): Promise<PostgresStore> {
  const now = opts.now ?? Date.now;
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, types, application_name: 'congdoan' });
  // An idle connection that breaks (database restart) must not take the process down; the next query reconnects.
  pool.on('error', (err) => opts.logger?.warn({ err }, 'database connection lost (idle); it is made again on next use'));
  let presence: PgSession | undefined;
  try {
    const client = await pool.connect();
    let schema: string;
    try {
      schema = await currentSchema(client);
      await migratePostgres(client, pgMigrations, now);
    } finally {
      client.release();
    }
    const locks = schemaLocks(schema);
    // Presence: a fresh replica id, locked for as long as this connection lives.
    let replica = 0;
    presence = createPgSession({
      url: opts.url,
      name: 'presence',
      logger: opts.logger,
      async onConnect(c) {
        for (let tries = 0; tries < 20; tries++) {
          const { rows } = await c.query<{ id: number; locked: boolean }>(
            `SELECT id, pg_try_advisory_lock($1, id) AS locked FROM (SELECT nextval('replica_id_seq')::int AS id) s`,
            [locks.presence],
          );
          if (rows[0]?.locked) {
            replica = rows[0].id;
            return;
          }
        }
        throw new Error('could not take a replica id');
      },
    });
    await presence.start();
    return createPostgresStore({ pool, presence, schema, url: opts.url, now, logger: opts.logger, presenceNs: locks.presence, replicaId: () => replica });
  } catch (err) {
    await presence?.close();
    await pool.end().catch(() => {});
    throw err;
  }
}

interface StoreParts {
  pool: pg.Pool;
  presence: PgSession;
  schema: string;
  url: string;
  now: () => number;
  logger?: SessionLogger | undefined;
  presenceNs: number;
  replicaId: () => number;
}

function createPostgresStore(p: StoreParts): PostgresStore {
  const { pool, now } = p;
  let closed = false;

  /** Logs the rows this claim took over from replicas that died holding them (their lease had not ended). */
  const noteTakeovers = (table: string, rows: PreviousLease[], at: number) => {
    const from = new Map<number, number>();
    for (const r of rows) if (r.prev_owner !== null && r.prev_until !== null && r.prev_until > at) from.set(r.prev_owner, (from.get(r.prev_owner) ?? 0) + 1);
    for (const [replica, count] of from)
      p.logger?.warn({ table, rows: count, replica, by: p.replicaId() }, 'took over claimed rows of a replica that is gone');
  };

  return {
    pool,
    schema: p.schema,
    url: p.url,
    replicaId: p.replicaId,

    async saveInbound(input) {
      const m = cleanInbound(input);
      const params = [m.channel, m.deliveryKey, m.chatId, m.userId, m.userName ?? null, m.kind, m.text, m.receivedAt, m.callbackQueryId ?? null];
      const inserted = await pool.query<{ id: number }>(SQL.insertInbound, params);
      if (inserted.rows[0]) return { id: inserted.rows[0].id, duplicate: false };
      // The conflicting row is committed by now: ON CONFLICT waited for its transaction.
      const { rows } = await pool.query<{ id: number }>('SELECT id FROM inbound WHERE channel = $1 AND delivery_key = $2', [m.channel, m.deliveryKey]);
      return { id: rows[0]!.id, duplicate: true };
    },
    async pendingInbound(limit) {
      const { rows } = await pool.query<InboundRow>(`SELECT * FROM inbound WHERE state = 'pending' ORDER BY id LIMIT $1`, [limit]);
      return rows.map(toInbound);
    },
    async claimInbound(at, limit, leaseMs) {
      const { rows } = await pool.query<InboundRow & PreviousLease>(SQL.claimInbound, [at, limit, leaseMs, p.presenceNs, p.replicaId()]);
      noteTakeovers('inbound', rows, at);
      return rows.sort((a, b) => a.id - b.id).map(toInbound);
    },
    async getInbound(id) {
      const { rows } = await pool.query<InboundRow>('SELECT * FROM inbound WHERE id = $1', [id]);
      return rows[0] && toInbound(rows[0]);
    },
    async completeInbound(id, outcome, outbox, review) {
      const { ids } = await inTransaction(pool, (c) => completeIn(c, id, outcome, outbox, review, now));
      return { outboxIds: ids };
    },
    async completeInboundWithConversation(id, outcome, outbox, review, conversation) {
      const outboxIds = await inTransaction(pool, async (c) => {
        const done = await completeIn(c, id, outcome, outbox, review, now);
        if (done.stored) await saveConversationIn(c, conversation, now());
        return done.ids;
      });
      return { outboxIds };
    },
    async getConversation(channel, chatId, at) {
      const { rows } = await pool.query<ConversationRow>('SELECT * FROM conversation WHERE channel = $1 AND chat_id = $2 AND expires_at > $3', [channel, chatId, at]);
      return rows[0] && toConversation(rows[0]);
    },
    async saveConversation(c) {
      return saveConversationIn(pool, c, now());
    },
    async pruneConversations(at) {
      return (await pool.query('DELETE FROM conversation WHERE expires_at <= $1', [at])).rowCount ?? 0;
    },
    async getOutcome(inboundId) {
      const { rows } = await pool.query<OutcomeRow>('SELECT * FROM outcome WHERE inbound_id = $1', [inboundId]);
      const r = rows[0];
      if (!r) return undefined;
      const sources = JSON.parse(r.sources) as SourceRef[];
      return { inboundId: r.inbound_id, status: r.status, text: r.text, sources, confidence: r.confidence };
    },
    async enqueueOutbox(items) {
      if (items.length === 0) return [];
      return inTransaction(pool, async (c) => {
        const ids: number[] = [];
        for (const item of items) ids.push(await addOutbox(c, item, null, now()));
        return ids;
      });
    },
    async outboxBacklog() {
      const { rows } = await pool.query<{ pending: string; oldest: string | null }>(`SELECT count(*) AS pending, min(created_at) AS oldest FROM outbox WHERE state = 'pending'`);
      const r = rows[0];
      return { pending: Number(r?.pending ?? 0), oldestCreatedAt: r?.oldest == null ? null : Number(r.oldest) };
    },
    async dueOutbox(at, limit) {
      const { rows } = await pool.query<OutboxRow>(`SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT $2`, [at, limit]);
      return rows.map(toOutbox);
    },
    async claimOutbox(at, limit, leaseMs, channel) {
      const { rows } = await pool.query<OutboxRow & PreviousLease>(SQL.claimOutbox, [at, limit, leaseMs, p.presenceNs, p.replicaId(), channel ?? null]);
      noteTakeovers('outbox', rows, at);
      return rows.sort((a, b) => a.id - b.id).map(toOutbox);
    },
    async releaseOutbox(ids, at) {
      if (ids.length === 0) return;
      await pool.query(
        `UPDATE outbox SET lease_until = NULL, lease_owner = NULL, next_attempt_at = greatest(next_attempt_at, $1)
         WHERE state = 'pending' AND id = ANY($2::bigint[])`,
        [at, [...ids]],
      );
    },
    async markSent(id) {
      await pool.query(`UPDATE outbox SET state = 'sent', sent_at = $1, lease_until = NULL, lease_owner = NULL WHERE id = $2`, [now(), id]);
    },
    async markSendFailed(id, error, nextAttemptAt) {
      // Only a pending row: a late failure report must not bring back a row another replica has sent since.
      await pool.query(
        `UPDATE outbox SET
           attempts = attempts + 1,
           last_error = $2,
           state = CASE WHEN $3::bigint IS NULL THEN 'failed' ELSE 'pending' END,
           next_attempt_at = coalesce($3::bigint, next_attempt_at),
           failed_at = CASE WHEN $3::bigint IS NULL THEN $4::bigint ELSE NULL END,
           lease_until = NULL, lease_owner = NULL
         WHERE id = $1 AND state = 'pending'`,
        [id, storableText(error), nextAttemptAt, now()],
      );
    },
    async retryNow(channel, at) {
      const r = await pool.query(`UPDATE outbox SET next_attempt_at = $2 WHERE state = 'pending' AND channel = $1 AND next_attempt_at > $2`, [channel, at]);
      return r.rowCount ?? 0;
    },
    async failedOutbox(limit) {
      const { rows } = await pool.query<OutboxRow>(`SELECT * FROM outbox WHERE state = 'failed' ORDER BY failed_at DESC, id DESC LIMIT $1`, [limit]);
      return rows.map(toOutbox);
    },
    async resendOutbox(id, at) {
      const r = await pool.query(
        `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = $2, queued_at = $2, failed_at = NULL, lease_until = NULL, lease_owner = NULL
         WHERE id = $1 AND state = 'failed'`,
        [id, at],
      );
      return (r.rowCount ?? 0) > 0;
    },
    async outboxHealth() {
      const { rows } = await pool.query<{ pending: number; failed: number }>(
        // Two counts, each over its partial index (/healthz runs this; the outbox keeps every sent row).
        `SELECT (SELECT count(*) FROM outbox WHERE state = 'pending')::int AS pending, (SELECT count(*) FROM outbox WHERE state = 'failed')::int AS failed`,
      );
      return rows[0] ?? { pending: 0, failed: 0 };
    },
    async saveFeedback(f: FeedbackInput, item?: ReviewItemInput) {
      await inTransaction(pool, async (c) => {
        // Rating the same answer twice at once (two replicas) takes turns on the rated message's row.
        await c.query('SELECT 1 FROM inbound WHERE id = $1 FOR UPDATE', [f.inboundId]);
        const prev = await c.query<{ value: string }>('SELECT value FROM feedback WHERE inbound_id = $1 AND user_id = $2', [f.inboundId, f.userId]);
        await c.query(
          `INSERT INTO feedback (inbound_id, user_id, channel, chat_id, value, at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (inbound_id, user_id) DO UPDATE SET
             channel = excluded.channel, chat_id = excluded.chat_id, value = excluded.value, at = excluded.at`,
          [f.inboundId, f.userId, f.channel, f.chatId, f.value, f.at],
        );
        // A repeated 👎 from the same user on the same answer is one complaint, not two.
        if (item && !(f.value === 'down' && prev.rows[0]?.value === 'down')) await addReview(c, item);
      });
    },
    async addReviewItem(item) {
      return inTransaction(pool, (c) => addReview(c, item));
    },
    async listReview(q: ReviewQuery) {
      const { rows } = await pool.query<GroupRow>(q.sort === 'most' ? LIST_MOST : LIST_NEWEST, [q.status ?? null, q.channel ?? null, q.limit ?? DEFAULT_REVIEW_LIMIT]);
      return rows.map(toGroup);
    },
    async getReview(id): Promise<ReviewDetail | undefined> {
      const g = (await pool.query<GroupRow>(`SELECT ${SQL.groupColumns} FROM review_group g WHERE g.id = $1`, [id])).rows[0];
      if (!g) return undefined;
      const entries = (
        await pool.query<EntryRow>(
          `SELECT e.channel, e.chat_id, e.user_id, e.user_name, e.question, e.reason, e.at, o.text AS bot_text
           FROM review_entry e LEFT JOIN outcome o ON o.inbound_id = e.inbound_id
           WHERE e.group_id = $1 ORDER BY e.at, e.id`,
          [id],
        )
      ).rows.map(toEntry);
      const replies = (await pool.query<AdminReply>('SELECT text, author, at FROM admin_reply WHERE group_id = $1 ORDER BY at, id', [id])).rows;
      return { ...toGroup(g), askers: askersOf(entries), entries, replies };
    },
    async setReviewStatus(id, status) {
      await pool.query('UPDATE review_group SET status = $1 WHERE id = $2', [status, id]);
    },
    async addAdminReply(groupId, reply) {
      await pool.query('INSERT INTO admin_reply (group_id, text, author, at) VALUES ($1, $2, $3, $4)', [groupId, storableText(reply.text), storableText(reply.author), reply.at]);
    },
    async stats(at, days, offsetMs = 0): Promise<Stats> {
      const window = statsWindow(at, days, offsetMs);
      // One snapshot, so the per-day counts and the top list agree.
      return inTransaction(
        pool,
        async (c) => {
          const byDay = await c.query<{ day: number; questions: number; answered: number }>(
            `SELECT (i.received_at + $3) / ${DAY_MS} AS day,
                    count(*)::int AS questions,
                    (count(*) FILTER (WHERE o.status = 'answer'))::int AS answered
             FROM inbound i LEFT JOIN outcome o ON o.inbound_id = i.id
             WHERE i.kind = 'text' AND i.received_at >= $1 AND i.received_at < $2
               AND (o.status IS NULL OR o.status IN ${QUESTION_STATUSES})
             GROUP BY 1`,
            [window.start, window.end, window.offsetMs],
          );
          const top = await c.query<Stats['topUnanswered'][number]>(
            `SELECT id, question, count FROM review_group WHERE status = 'new' ORDER BY count DESC, last_seen DESC, id DESC LIMIT 5`,
          );
          const rows = byDay.rows.map((r) => ({ day: utcDay(r.day * DAY_MS), questions: r.questions, answered: r.answered }));
          return buildStats(window, rows, top.rows);
        },
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      );
    },
    async getSetting(key) {
      const { rows } = await pool.query<{ value: string }>('SELECT value FROM setting WHERE key = $1', [key]);
      return rows[0]?.value;
    },
    async setSetting(key, value) {
      await pool.query('INSERT INTO setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
    },
    // issue 12: learned phrasings.
    async addPhrasing(p) {
      await pool.query(
        `INSERT INTO learned_phrasing (file, key, question, via, channel, user_id, status, at)
         VALUES ($1, $2, $3, $4, $5, $6, coalesce((SELECT status FROM learned_phrasing WHERE file = $1 AND key = $2 AND status <> 'new' LIMIT 1), 'new'), $7)
         ON CONFLICT (file, key, channel, user_id) DO UPDATE SET at = excluded.at, question = excluded.question`,
        [p.file, p.key, p.question, p.via, p.channel, p.userId, p.at],
      );
    },
    async listPhrasings(status) {
      const { rows } = await pool.query<{ file: string; key: string; question: string; count: string; via: string[]; status: PhrasingGroup['status']; last_seen: string }>(
        `SELECT file, key, max(question) AS question, count(*) AS count, array_agg(DISTINCT via ORDER BY via) AS via, max(status) AS status, max(at) AS last_seen
         FROM learned_phrasing WHERE status = $1 GROUP BY file, key ORDER BY count(*) DESC, max(at) DESC`,
        [status],
      );
      return rows.map((r) => ({ file: r.file, key: r.key, question: r.question, count: Number(r.count), via: r.via as ('suggestion' | 'up')[], status: r.status, lastSeen: Number(r.last_seen) }));
    },
    async setPhrasingStatus(file, key, status) {
      await pool.query('UPDATE learned_phrasing SET status = $1 WHERE file = $2 AND key = $3', [status, file, key]);
    },
    async lastSuggested(channel, chatId, beforeId) {
      const { rows } = await pool.query<{ text: string }>(
        `SELECT i.text FROM inbound i JOIN outcome o ON o.inbound_id = i.id
         WHERE i.channel = $1 AND i.chat_id = $2 AND i.id < $3 AND i.kind IN ('text', 'command') AND o.status = 'suggest'
         ORDER BY i.id DESC LIMIT 1`,
        [channel, chatId, beforeId],
      );
      return rows[0]?.text;
    },
    async ping() {
      if (closed) return false;
      try {
        const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
        return rows[0]?.one === 1;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await p.presence.close();
      await pool.end();
    },
  };
}
