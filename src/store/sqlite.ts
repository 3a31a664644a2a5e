import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { cleanInbound, cleanOutbox, cleanOutcome, cleanReview, storableText } from './clean.js';
import { migrate } from './migrations.js';
import { askersOf, buildStats, DEFAULT_REVIEW_LIMIT, distinctSorted, QUESTION_STATUSES, statsWindow } from './shared.js';
import type {
  PhrasingGroup,
  AdminReply,
  Channel,
  ConversationInput,
  DayStat,
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

/** The database file name used when none is given. */
export const DEFAULT_DB_FILE = 'congdoan.db';

/** How long a write waits for another connection's lock before failing. */
const BUSY_TIMEOUT_MS = 5000;

export interface SqliteStoreDeps {
  dataDir: string;
  fileName?: string | undefined;
  /** Clock for `created_at` and the first `next_attempt_at` of outbox rows (tests). */
  now?: (() => number) | undefined;
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
  channels: string | null;
  reasons: string | null;
}


/** The path of the database file for the given deps. */
export function sqliteFilePath(deps: Pick<SqliteStoreDeps, 'dataDir' | 'fileName'>): string {
  return path.join(deps.dataDir, deps.fileName ?? DEFAULT_DB_FILE);
}

/** Opens (creating and migrating when needed) the SQLite database and returns a `Store` on it. */
export async function openSqliteStore(deps: SqliteStoreDeps): Promise<Store> {
  mkdirSync(deps.dataDir, { recursive: true });
  const db = new Database(sqliteFilePath(deps));
  try {
    configure(db);
    migrate(db);
    voidLeases(db);
    return createSqliteStore(db, deps.now ?? Date.now);
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Sets the connection pragmas (WAL must be set outside any transaction). */
function configure(db: Database.Database): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
}

/**
 * SQLite serves one process: claims left by a previous run of it (killed mid-work) are void, so what it had
 * claimed is answered and sent again at once instead of after the lease.
 */
function voidLeases(db: Database.Database): void {
  db.transaction(() => {
    db.prepare(`UPDATE inbound SET lease_until = NULL WHERE state = 'pending' AND lease_until IS NOT NULL`).run();
    db.prepare(`UPDATE outbox SET lease_until = NULL WHERE state = 'pending' AND lease_until IS NOT NULL`).run();
  }).immediate();
}

/** Prepares every statement once. */
function prepareStatements(db: Database.Database) {
  return {
    insertInbound: db.prepare(`
      INSERT INTO inbound (channel, delivery_key, chat_id, user_id, user_name, kind, text, callback_query_id, received_at)
      VALUES (@channel, @deliveryKey, @chatId, @userId, @userName, @kind, @text, @callbackQueryId, @receivedAt)
      ON CONFLICT (channel, delivery_key) DO NOTHING
      RETURNING id`),
    inboundIdByKey: db.prepare('SELECT id FROM inbound WHERE channel = ? AND delivery_key = ?').pluck(),
    pendingInbound: db.prepare(`SELECT * FROM inbound WHERE state = 'pending' ORDER BY id LIMIT ?`),
    claimInbound: db.prepare(`
      UPDATE inbound SET lease_until = @until
      WHERE id IN (
        SELECT id FROM inbound
        WHERE state = 'pending' AND (lease_until IS NULL OR lease_until <= @now)
        ORDER BY id LIMIT @limit)
      RETURNING *`),
    getInbound: db.prepare('SELECT * FROM inbound WHERE id = ?'),
    markAnswered: db.prepare(`UPDATE inbound SET state = 'answered', lease_until = NULL WHERE id = ?`),
    insertOutcome: db.prepare(`
      INSERT INTO outcome (inbound_id, status, text, sources, confidence, created_at)
      VALUES (?, ?, ?, ?, ?, ?)`),
    getOutcome: db.prepare('SELECT * FROM outcome WHERE inbound_id = ?'),
    insertOutbox: db.prepare(`
      INSERT INTO outbox (channel, chat_id, text, payload, inbound_id, origin_inbound_id, next_attempt_at, created_at, queued_at)
      VALUES (@channel, @chatId, @text, @payload, @inboundId, @originId, @now, @now, @now)
      RETURNING id`),
    outboxIdsByOrigin: db.prepare('SELECT id FROM outbox WHERE origin_inbound_id = ? ORDER BY id').pluck(),
    dueOutbox: db.prepare(`
      SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`),
    // An earlier pending row of the chat that is claimed or not due yet holds the later ones back; an earlier one
    // that is due and free is claimed by this same statement (it comes first in id order).
    claimOutbox: db.prepare(`
      UPDATE outbox SET lease_until = @until
      WHERE id IN (
        SELECT o.id FROM outbox o
        WHERE o.state = 'pending' AND o.next_attempt_at <= @now AND (o.lease_until IS NULL OR o.lease_until <= @now)
          AND (@channel IS NULL OR o.channel = @channel)
          AND NOT EXISTS (
            SELECT 1 FROM outbox p
            WHERE p.state = 'pending' AND p.channel = o.channel AND p.chat_id = o.chat_id AND p.id < o.id
              AND (p.lease_until > @now OR p.next_attempt_at > @now))
        ORDER BY o.id LIMIT @limit)
      RETURNING *`),
    releaseOutbox: db.prepare(`
      UPDATE outbox SET lease_until = NULL, next_attempt_at = max(next_attempt_at, @at)
      WHERE state = 'pending' AND id IN (SELECT value FROM json_each(@ids))`),
    markSent: db.prepare(`UPDATE outbox SET state = 'sent', sent_at = ?, lease_until = NULL WHERE id = ?`),
    retryNow: db.prepare(`UPDATE outbox SET next_attempt_at = @now WHERE state = 'pending' AND channel = @channel AND next_attempt_at > @now`),
    failedOutbox: db.prepare(`SELECT * FROM outbox WHERE state = 'failed' ORDER BY failed_at DESC, id DESC LIMIT ?`),
    resendOutbox: db.prepare(`
      UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = @now, queued_at = @now, failed_at = NULL, lease_until = NULL
      WHERE id = @id AND state = 'failed'`),
    // Two counts, each over its partial index: /healthz runs this, and the outbox keeps every sent row.
    outboxHealth: db.prepare(`
      SELECT (SELECT count(*) FROM outbox WHERE state = 'pending') AS pending, (SELECT count(*) FROM outbox WHERE state = 'failed') AS failed`),
    // Only a pending row: a late failure report must not bring back a row another claim has sent since.
    markSendFailed: db.prepare(`
      UPDATE outbox SET
        attempts = attempts + 1,
        last_error = @error,
        state = CASE WHEN @next IS NULL THEN 'failed' ELSE 'pending' END,
        next_attempt_at = coalesce(@next, next_attempt_at),
        failed_at = CASE WHEN @next IS NULL THEN @at ELSE NULL END,
        lease_until = NULL
      WHERE id = @id AND state = 'pending'`),
    upsertGroup: db.prepare(`
      INSERT INTO review_group (key, question, count, status, first_seen, last_seen)
      VALUES (@key, @question, 1, 'new', @at, @at)
      ON CONFLICT (key) DO UPDATE SET
        count = count + 1,
        first_seen = min(first_seen, excluded.first_seen),
        last_seen = max(last_seen, excluded.last_seen),
        status = CASE WHEN status = 'answered' THEN 'new' ELSE status END
      RETURNING id`),
    insertEntry: db.prepare(`
      INSERT INTO review_entry (group_id, channel, chat_id, user_id, user_name, reason, question, inbound_id, at)
      VALUES (@groupId, @channel, @chatId, @userId, @userName, @reason, @question, @inboundId, @at)`),
    ...prepareReviewReads(db),
    setReviewStatus: db.prepare('UPDATE review_group SET status = ? WHERE id = ?'),
    insertReply: db.prepare('INSERT INTO admin_reply (group_id, text, author, at) VALUES (?, ?, ?, ?)'),
    previousFeedback: db.prepare('SELECT value FROM feedback WHERE inbound_id = ? AND user_id = ?').pluck(),
    upsertFeedback: db.prepare(`
      INSERT INTO feedback (inbound_id, user_id, channel, chat_id, value, at)
      VALUES (@inboundId, @userId, @channel, @chatId, @value, @at)
      ON CONFLICT (inbound_id, user_id) DO UPDATE SET
        channel = excluded.channel, chat_id = excluded.chat_id, value = excluded.value, at = excluded.at`),
    statsByDay: db.prepare(`
      SELECT date((i.received_at + @offset) / 1000, 'unixepoch') AS day,
             count(*) AS questions,
             coalesce(sum(o.status = 'answer'), 0) AS answered
      FROM inbound i LEFT JOIN outcome o ON o.inbound_id = i.id
      WHERE i.kind = 'text' AND i.received_at >= @start AND i.received_at < @end
        AND (o.status IS NULL OR o.status IN ${QUESTION_STATUSES})
      GROUP BY day`),
    topUnanswered: db.prepare(`
      SELECT id, question, count FROM review_group WHERE status = 'new'
      ORDER BY count DESC, last_seen DESC, id DESC LIMIT 5`),
    getConversation: db.prepare('SELECT * FROM conversation WHERE channel = ? AND chat_id = ? AND expires_at > ?'),
    // Only over the state of an older (or the same) message: replies handled out of order never roll it back.
    upsertConversation: db.prepare(`
      INSERT INTO conversation (channel, chat_id, state, inbound_id, expires_at, updated_at)
      VALUES (@channel, @chatId, @state, @inboundId, @expiresAt, @at)
      ON CONFLICT (channel, chat_id) DO UPDATE SET
        state = excluded.state, inbound_id = excluded.inbound_id, expires_at = excluded.expires_at, updated_at = excluded.updated_at
      WHERE excluded.inbound_id >= conversation.inbound_id`),
    pruneConversations: db.prepare('DELETE FROM conversation WHERE expires_at <= ?'),
    getSetting: db.prepare('SELECT value FROM setting WHERE key = ?').pluck(),
    setSetting: db.prepare(`
      INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    ping: db.prepare('SELECT 1').pluck(),
    outboxBacklog: db.prepare(`SELECT count(*) AS pending, min(created_at) AS oldest FROM outbox WHERE state = 'pending'`),
  };
}

/** The review read statements (the list comes in two sort orders). */
function prepareReviewReads(db: Database.Database) {
  const listSql = (order: string) => `
    SELECT g.*,
           (SELECT group_concat(DISTINCT e.channel) FROM review_entry e WHERE e.group_id = g.id) AS channels,
           (SELECT group_concat(DISTINCT e.reason) FROM review_entry e WHERE e.group_id = g.id) AS reasons
    FROM review_group g
    WHERE (@status IS NULL OR g.status = @status)
      AND (@channel IS NULL OR EXISTS (SELECT 1 FROM review_entry e WHERE e.group_id = g.id AND e.channel = @channel))
    ORDER BY ${order}
    LIMIT @limit`;
  return {
    listNewest: db.prepare(listSql('g.last_seen DESC, g.id DESC')),
    listMost: db.prepare(listSql('g.count DESC, g.last_seen DESC, g.id DESC')),
    getGroup: db.prepare(`
      SELECT g.*,
             (SELECT group_concat(DISTINCT e.channel) FROM review_entry e WHERE e.group_id = g.id) AS channels,
             (SELECT group_concat(DISTINCT e.reason) FROM review_entry e WHERE e.group_id = g.id) AS reasons
      FROM review_group g WHERE g.id = ?`),
    entries: db.prepare(`
      SELECT e.channel, e.chat_id, e.user_id, e.user_name, e.question, e.reason, e.at, o.text AS bot_text
      FROM review_entry e LEFT JOIN outcome o ON o.inbound_id = e.inbound_id
      WHERE e.group_id = ? ORDER BY e.at, e.id`),
    replies: db.prepare('SELECT text, author, at FROM admin_reply WHERE group_id = ? ORDER BY at, id'),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** Splits a `group_concat` result into sorted distinct values. */
function splitList<T extends string>(s: string | null): T[] {
  return s ? distinctSorted<T>(s.split(',')) : [];
}



/** Maps a database row to a `ReviewGroup`. */
function toGroup(r: GroupRow): ReviewGroup {
  return {
    id: r.id,
    key: r.key,
    question: r.question,
    count: r.count,
    status: r.status,
    channels: splitList<Channel>(r.channels),
    reasons: splitList<ReviewReason>(r.reasons),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
  };
}


/** The named parameters of the inbound insert. */
function inboundParams(input: InboundInput) {
  const m = cleanInbound(input);
  const { channel, deliveryKey, chatId, userId, kind, text, receivedAt } = m;
  return { channel, deliveryKey, chatId, userId, userName: m.userName ?? null, kind, text, callbackQueryId: m.callbackQueryId ?? null, receivedAt };
}

/** Writes: the statements that change data, shared by the transactional methods. */
function createWriters(st: Statements, now: () => number) {
  const addReview = (input: ReviewItemInput): number => {
    const item = cleanReview(input);
    const groupId = (st.upsertGroup.get({ key: item.key, question: item.question, at: item.at }) as { id: number }).id;
    st.insertEntry.run({
      groupId,
      channel: item.channel,
      chatId: item.chatId,
      userId: item.userId,
      userName: item.userName ?? null,
      reason: item.reason,
      question: item.question,
      inboundId: item.inboundId ?? null,
      at: item.at,
    });
    return groupId;
  };
  const addOutbox = (input: OutboxInput, originId: number | null): number => {
    const item = cleanOutbox(input);
    const row = st.insertOutbox.get({
      channel: item.channel,
      chatId: item.chatId,
      text: item.text,
      payload: item.payload === undefined ? null : JSON.stringify(item.payload),
      inboundId: item.inboundId ?? null,
      originId,
      now: now(),
    }) as { id: number };
    return row.id;
  };
  return { addReview, addOutbox };
}

interface GroupCommit<A, R> {
  call(arg: A): Promise<R>;
  /** Commits what is waiting now (before closing). */
  flush(): void;
}

/**
 * Collects the calls made in one turn of the event loop and runs them in one transaction on the next
 * `setImmediate`; each caller gets its own result. When the transaction fails, the calls run one by one,
 * so one bad call does not fail the others.
 */
function groupCommit<A, R>(db: Database.Database, run: (arg: A) => R): GroupCommit<A, R> {
  let waiting: { arg: A; resolve: (r: R) => void; reject: (err: unknown) => void }[] = [];
  const runAll = db.transaction((args: A[]) => args.map(run));
  const flush = () => {
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    try {
      const results = runAll(batch.map((w) => w.arg));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch {
      for (const w of batch) {
        try {
          w.resolve(run(w.arg));
        } catch (err) {
          w.reject(err);
        }
      }
    }
  };
  return {
    call: (arg) =>
      new Promise<R>((resolve, reject) => {
        if (!db.open) return reject(new TypeError('The database connection is not open'));
        waiting.push({ arg, resolve, reject });
        if (waiting.length === 1) setImmediate(flush);
      }),
    flush,
  };
}

/** Builds the `Store` on an open, migrated connection. */
function createSqliteStore(db: Database.Database, now: () => number): Store {
  const st = prepareStatements(db);
  const { addReview, addOutbox } = createWriters(st, now);
  let closed = false;

  const complete = db.transaction(
    (id: number, input: OutcomeInput, outbox: OutboxInput[], review?: ReviewItemInput): number[] => {
      const outcome = cleanOutcome(input);
      if (st.getOutcome.get(id) !== undefined) return st.outboxIdsByOrigin.all(id) as number[];
      if (st.getInbound.get(id) === undefined) throw new Error(`inbound message ${id} does not exist`);
      st.insertOutcome.run(id, outcome.status, outcome.text, JSON.stringify(outcome.sources), outcome.confidence, now());
      st.markAnswered.run(id);
      const ids = outbox.map((item) => addOutbox(item, id));
      if (review) addReview(review);
      return ids;
    },
  );
  const saveConversation = (c: ConversationInput): boolean =>
    st.upsertConversation.run({ channel: c.channel, chatId: c.chatId, state: JSON.stringify(c.state), inboundId: c.inboundId, expiresAt: c.expiresAt, at: now() })
      .changes > 0;
  const completeWith = db.transaction(
    (id: number, outcome: OutcomeInput, outbox: OutboxInput[], review: ReviewItemInput | undefined, c: ConversationInput): number[] => {
      const done = st.getOutcome.get(id) !== undefined;
      const ids = complete(id, outcome, outbox, review); // nested: a savepoint inside this transaction
      if (!done) saveConversation(c);
      return ids;
    },
  );
  const enqueue = db.transaction((items: OutboxInput[]) => items.map((item) => addOutbox(item, null)));
  const review = db.transaction((item: ReviewItemInput) => addReview(item));
  const feedback = db.transaction((f: FeedbackInput, item?: ReviewItemInput) => {
    const previous = st.previousFeedback.get(f.inboundId, f.userId);
    const { inboundId, userId, channel, chatId, value, at } = f;
    st.upsertFeedback.run({ inboundId, userId, channel, chatId, value, at });
    // A repeated 👎 from the same user on the same answer is one complaint, not two.
    if (item && !(f.value === 'down' && previous === 'down')) addReview(item);
  });

  const stats = (at: number, days: number, offsetMs = 0): Stats => {
    const window = statsWindow(at, days, offsetMs);
    const rows = st.statsByDay.all({ offset: window.offsetMs, start: window.start, end: window.end }) as DayStat[];
    return buildStats(window, rows, st.topUnanswered.all() as Stats['topUnanswered']);
  };

  // Group commit: deliveries stored and sends marked in one turn of the event loop commit together (one WAL
  // commit instead of one each), before any caller's promise resolves.
  const saveInbound = groupCommit(db, (m: InboundInput) => {
    const params = inboundParams(m);
    const inserted = st.insertInbound.get(params) as { id: number } | undefined;
    if (inserted) return { id: inserted.id, duplicate: false };
    return { id: st.inboundIdByKey.get(params.channel, params.deliveryKey) as number, duplicate: true };
  });
  const markSent = groupCommit(db, (id: number) => {
    st.markSent.run(now(), id);
  });

  // One read transaction so the per-day counts and the top list come from the same snapshot.
  const statsSnapshot = db.transaction(stats);

  return {
    saveInbound: (m) => saveInbound.call(m),
    async pendingInbound(limit) {
      return (st.pendingInbound.all(limit) as InboundRow[]).map(toInbound);
    },
    async claimInbound(at, limit, leaseMs) {
      const rows = st.claimInbound.all({ now: at, until: at + leaseMs, limit }) as InboundRow[];
      return rows.sort((a, b) => a.id - b.id).map(toInbound);
    },
    async getInbound(id) {
      const row = st.getInbound.get(id) as InboundRow | undefined;
      return row && toInbound(row);
    },
    async completeInbound(id, outcome, outbox, reviewItem) {
      return { outboxIds: complete.immediate(id, outcome, outbox, reviewItem) };
    },
    async completeInboundWithConversation(id, outcome, outbox, reviewItem, conversation) {
      return { outboxIds: completeWith.immediate(id, outcome, outbox, reviewItem, conversation) };
    },
    async getConversation(channel, chatId, at) {
      const row = st.getConversation.get(channel, chatId, at) as ConversationRow | undefined;
      return row && toConversation(row);
    },
    async saveConversation(c) {
      return saveConversation(c);
    },
    async pruneConversations(at) {
      return st.pruneConversations.run(at).changes;
    },
    async getOutcome(inboundId) {
      const r = st.getOutcome.get(inboundId) as OutcomeRow | undefined;
      if (!r) return undefined;
      const sources = JSON.parse(r.sources) as SourceRef[];
      return { inboundId: r.inbound_id, status: r.status, text: r.text, sources, confidence: r.confidence };
    },
    async enqueueOutbox(items) {
      return enqueue.immediate(items);
    },
    async dueOutbox(at, limit) {
      return (st.dueOutbox.all(at, limit) as OutboxRow[]).map(toOutbox);
    },
    async outboxBacklog() {
      const r = st.outboxBacklog.get() as { pending: number; oldest: number | null };
      return { pending: r.pending, oldestCreatedAt: r.oldest };
    },
    async claimOutbox(at, limit, leaseMs, channel) {
      const rows = st.claimOutbox.all({ now: at, until: at + leaseMs, limit, channel: channel ?? null }) as OutboxRow[];
      return rows.sort((a, b) => a.id - b.id).map(toOutbox);
    },
    async releaseOutbox(ids, at) {
      if (ids.length > 0) st.releaseOutbox.run({ at, ids: JSON.stringify(ids) });
    },
    markSent: (id) => markSent.call(id),
    async markSendFailed(id, error, nextAttemptAt) {
      st.markSendFailed.run({ id, error: storableText(error), next: nextAttemptAt, at: now() });
    },
    async retryNow(channel, at) {
      return st.retryNow.run({ channel, now: at }).changes;
    },
    async failedOutbox(limit) {
      return (st.failedOutbox.all(limit) as OutboxRow[]).map(toOutbox);
    },
    async resendOutbox(id, at) {
      return st.resendOutbox.run({ id, now: at }).changes > 0;
    },
    async outboxHealth() {
      return st.outboxHealth.get() as { pending: number; failed: number };
    },
    async saveFeedback(f, item) {
      feedback.immediate(f, item);
    },
    async addReviewItem(item) {
      return review.immediate(item);
    },
    async listReview(q: ReviewQuery) {
      const stmt = q.sort === 'most' ? st.listMost : st.listNewest;
      const params = { status: q.status ?? null, channel: q.channel ?? null, limit: q.limit ?? DEFAULT_REVIEW_LIMIT };
      return (stmt.all(params) as GroupRow[]).map(toGroup);
    },
    async getReview(id): Promise<ReviewDetail | undefined> {
      const g = st.getGroup.get(id) as GroupRow | undefined;
      if (!g) return undefined;
      const entries = (st.entries.all(id) as EntryRow[]).map(toEntry);
      const replies = st.replies.all(id) as AdminReply[];
      return { ...toGroup(g), askers: askersOf(entries), entries, replies };
    },
    async setReviewStatus(id, status) {
      st.setReviewStatus.run(status, id);
    },
    async addAdminReply(groupId, reply) {
      st.insertReply.run(groupId, storableText(reply.text), storableText(reply.author), reply.at);
    },
    async stats(at, days, offsetMs) {
      return statsSnapshot(at, days, offsetMs);
    },
    async getSetting(key) {
      return st.getSetting.get(key) as string | undefined;
    },
    async setSetting(key, value) {
      st.setSetting.run(key, value);
    },
    // issue 12: learned phrasings.
    async addPhrasing(p) {
      db.prepare(`INSERT INTO learned_phrasing (file, key, question, via, channel, user_id, status, at)
        VALUES (@file, @key, @question, @via, @channel, @userId,
          coalesce((SELECT status FROM learned_phrasing WHERE file = @file AND key = @key AND status <> 'new' LIMIT 1), 'new'), @at)
        ON CONFLICT (file, key, channel, user_id) DO UPDATE SET at = excluded.at, question = excluded.question`).run(p);
    },
    async listPhrasings(status) {
      const rows = db.prepare(`SELECT file, key, max(question) AS question, count(*) AS count, group_concat(DISTINCT via) AS via, max(status) AS status, max(at) AS last_seen
        FROM learned_phrasing WHERE status = ? GROUP BY file, key ORDER BY count DESC, last_seen DESC`).all(status) as { file: string; key: string; question: string; count: number; via: string; status: PhrasingGroup['status']; last_seen: number }[];
      return rows.map((r) => ({ file: r.file, key: r.key, question: r.question, count: r.count, via: splitList<'suggestion' | 'up'>(r.via), status: r.status, lastSeen: r.last_seen }));
    },
    async setPhrasingStatus(file, key, status) {
      db.prepare('UPDATE learned_phrasing SET status = ? WHERE file = ? AND key = ?').run(status, file, key);
    },
    async lastSuggested(channel, chatId, beforeId) {
      return db.prepare(`SELECT i.text FROM inbound i JOIN outcome o ON o.inbound_id = i.id
        WHERE i.channel = ? AND i.chat_id = ? AND i.id < ? AND i.kind IN ('text', 'command') AND o.status = 'suggest'
        ORDER BY i.id DESC LIMIT 1`).pluck().get(channel, chatId, beforeId) as string | undefined;
    },
    async ping() {
      try {
        return st.ping.get() === 1;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      saveInbound.flush();
      markSent.flush();
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    },
  };
}
