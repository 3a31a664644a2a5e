import type { Snapshot } from '../answer/answer.js';
import type { ChannelSender } from '../channels/types.js';
import type { Logger } from '../logger.js';
import { msg } from '../messages.js';
import { fold } from '../search/fold.js';
import type { Channel, OutcomeInput, ReviewItemInput, Store, StoredInbound, StoredOutbox } from '../store/types.js';
import { createFloodGuard, type FloodOptions } from './flood.js';
import { decodeCallback } from '../channels/telegram/normalise.js';
import { decide, hintReply, type AdminCommand } from './respond.js';
import { renderReply } from './render.js';

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1000, maxMs: 5 * 60_000, maxAttempts: 10 };

/**
 * How long a claim keeps other replicas off a row. A replica that dies loses its claims at once (PostgreSQL:
 * presence lock; SQLite: re-opened), so these only bound a replica that is alive but stuck.
 */
export interface ClaimLeases {
  inboundMs: number;
  outboxMs: number;
}

export const DEFAULT_LEASES: ClaimLeases = { inboundMs: 30_000, outboxMs: 5 * 60_000 };

/** Messages claimed at a time: small, so several replicas share a burst. */
const INBOUND_BATCH = 20;
/** Outbox rows claimed at a time. */
const OUTBOX_BATCH = 100;

export interface DispatcherDeps {
  store: Store;
  snapshot: () => Snapshot;
  senders: Partial<Record<Channel, ChannelSender>>;
  logger: Logger;
  now?: () => number;
  retry?: RetryPolicy;
  /** How often due retries are looked for. */
  tickMs?: number;
  /** Sends to this many chats at once (one chat's messages always go in order). */
  sendConcurrency?: number;
  leases?: ClaimLeases;
  /** Called after a question lands in the review queue (admin notices). */
  onReview?: (item: ReviewItemInput) => void;
  /** Whether the sender of a message is an admin (Telegram admin commands). */
  isAdmin?: (m: StoredInbound) => boolean;
  /** Per-chat flood limit (defaults: FLOOD_DEFAULTS). */
  flood?: Partial<FloodOptions>;
  /** issue 12: a worker chose a note: tapped a suggestion (`file`), or rated an answer 👍 (`ratedId`). For learning. */
  onChosen?: (e: { m: StoredInbound; via: 'suggestion' | 'up'; file?: string | undefined; ratedId?: number | undefined }) => void;
  /** Runs an admin command and returns the text to send back. */
  runAdminCommand?: (command: AdminCommand, args: string, m: StoredInbound) => Promise<string>;
}

export interface Dispatcher {
  /** Wakes the dispatcher: answers stored messages and sends what is due. */
  kick(): void;
  /** Answers every pending message and sends every due row, then resolves. */
  drain(): Promise<void>;
  start(): void;
  /** Stops the timer and waits for the work in flight. */
  stop(): Promise<void>;
}

/** Backoff before attempt `n+1` (exponential, capped, with a little jitter). */
export function backoffMs(attempts: number, p: RetryPolicy): number {
  const d = Math.min(p.maxMs, p.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(d * (0.8 + Math.random() * 0.4));
}

const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 500);

/** Answers stored inbound messages and delivers the outbox, retrying failed sends with backoff. */
export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { store, logger } = deps;
  const now = deps.now ?? Date.now;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const concurrency = deps.sendConcurrency ?? 16;
  const leases = deps.leases ?? DEFAULT_LEASES;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const flood = createFloodGuard(deps.flood);

  const reviewOf = (m: StoredInbound, question: string, reason: ReviewItemInput['reason']): ReviewItemInput => ({
    // issue 12: punctuation and spacing do not split a group ("…bao nhiêu", "…bao nhiêu?", "…bao nhiêu ?").
    key: fold(question).replace(/[^\p{L}\p{N}]+/gu, ' ').trim().slice(0, 500),
    question: question.trim().slice(0, 2000),
    reason,
    channel: m.channel,
    chatId: m.chatId,
    userId: m.userId,
    userName: m.userName,
    inboundId: m.id,
    at: now(),
  });

  const handleFeedback = async (m: StoredInbound, value: 'up' | 'down', ratedId: number, callbackQueryId?: string) => {
    const rated = await store.getInbound(ratedId);
    const toast = value === 'down' ? msg.feedbackSorry : msg.feedbackThanks;
    if (rated && rated.chatId === m.chatId && rated.channel === m.channel) {
      const review = value === 'down' ? reviewOf(rated, rated.text, 'feedback') : undefined;
      await store.saveFeedback({ inboundId: ratedId, channel: m.channel, chatId: m.chatId, userId: m.userId, value, at: now() }, review);
      if (review) deps.onReview?.(review);
      if (value === 'up') deps.onChosen?.({ m, via: 'up', ratedId }); // issue 12: learning
    }
    const outbox = m.channel === 'telegram' ? [{ channel: m.channel, chatId: m.chatId, text: '', payload: { callbackQueryId, toast }, inboundId: m.id }] : [];
    await store.completeInbound(m.id, { status: 'feedback', text: toast, sources: [], confidence: 0 }, outbox);
    logger.info({ channel: m.channel, status: 'feedback', value, latencyMs: now() - m.receivedAt }, 'feedback stored');
  };

  /** A flooding chat gets one "slow down"; its further messages are stored and marked handled, not answered. */
  const handleFlood = async (m: StoredInbound): Promise<boolean> => {
    if ((m.kind !== 'text' && m.kind !== 'command' && m.kind !== 'other') || deps.isAdmin?.(m)) return false;
    const verdict = flood.check(`${m.channel}:${m.chatId}`, m.receivedAt);
    if (verdict === 'ok') return false;
    const text = verdict === 'warn' ? msg.slowDown : '';
    const outbox = verdict === 'warn' ? [{ channel: m.channel, chatId: m.chatId, text, inboundId: m.id }] : [];
    await store.completeInbound(m.id, { status: 'hint', text, sources: [], confidence: 0 }, outbox);
    logger.warn({ channel: m.channel, status: 'flood', verdict, latencyMs: now() - m.receivedAt }, 'chat is flooding');
    return true;
  };

  /** When answering itself fails, the worker still gets a polite reply and the queue moves on. */
  const answerWithError = async (m: StoredInbound, err: unknown) => {
    logger.error({ err, channel: m.channel, inboundId: m.id }, 'answering failed; sending the fallback reply');
    await store.completeInbound(m.id, { status: 'hint', text: msg.error, sources: [], confidence: 0 }, [{ channel: m.channel, chatId: m.chatId, text: msg.error, inboundId: m.id }]);
  };

  const handleInbound = async (m: StoredInbound) => {
    if (await handleFlood(m)) return;
    const action = decide(deps.snapshot(), m, now(), deps.isAdmin?.(m) ?? false);
    if (action.type === 'feedback') return handleFeedback(m, action.value, action.ratedId, action.callbackQueryId);
    if (action.type === 'admin') {
      const text = deps.runAdminCommand ? await deps.runAdminCommand(action.command, action.args, m) : msg.error;
      await store.completeInbound(m.id, { status: 'admin', text, sources: [], confidence: 0 }, [{ channel: m.channel, chatId: m.chatId, text, inboundId: m.id }]);
      logger.info({ channel: m.channel, status: 'admin', command: action.command, latencyMs: now() - m.receivedAt }, 'admin command handled');
      return;
    }
    const reply = action.type === 'hint' ? hintReply(action.text) : action.reply;
    const cbId = action.type === 'reply' ? action.callbackQueryId : undefined;
    const needsReview = reply.intent === 'question' && (reply.status === 'decline' || reply.status === 'suggest');
    const review = needsReview ? reviewOf(m, m.text, reply.status === 'decline' ? 'decline' : 'suggest') : undefined;
    const outcome: OutcomeInput = {
      status: action.type === 'hint' ? 'hint' : reply.intent === 'welcome' ? 'welcome' : reply.status,
      text: reply.text,
      sources: reply.sources,
      confidence: reply.confidence,
    };
    await store.completeInbound(m.id, outcome, renderReply(reply, m, cbId), review);
    if (review) deps.onReview?.(review);
    // issue 12: a tapped suggestion (`s:` callback) teaches which note the worker's last question meant.
    if (m.kind === 'callback' && decodeCallback(m.text).data.startsWith('s:') && reply.sources[0]) deps.onChosen?.({ m, via: 'suggestion', file: reply.sources[0].file });
    logger.info({ channel: m.channel, status: outcome.status, confidence: reply.confidence, latencyMs: now() - m.receivedAt }, 'message answered');
  };

  /** Sends one claimed row; on failure returns when the chat's next rows may go (its retry time). */
  const sendOne = async (row: StoredOutbox): Promise<{ ok: true } | { ok: false; retryAt: number }> => {
    const sender = deps.senders[row.channel];
    if (!sender) {
      const retryAt = now() + retry.maxMs;
      await store.markSendFailed(row.id, `channel ${row.channel} is off`, retryAt);
      return { ok: false, retryAt };
    }
    try {
      await sender.send(row);
      await store.markSent(row.id);
      return { ok: true };
    } catch (err) {
      const attempts = row.attempts + 1;
      const giveUp = attempts >= retry.maxAttempts;
      const retryAt = giveUp ? null : now() + backoffMs(attempts, retry);
      await store.markSendFailed(row.id, errorText(err), retryAt);
      const log = { err, channel: row.channel, outboxId: row.id, attempts, giveUp };
      if (giveUp) logger.error(log, 'send failed, giving up');
      else logger.warn(log, 'send failed, will retry');
      return { ok: false, retryAt: retryAt ?? now() };
    }
  };

  /**
   * Sends one chat's rows in order; stops at the first failure so later rows do not overtake it, and gives
   * those back to be claimed again with the failed row's retry.
   */
  const sendChat = async (rows: StoredOutbox[]) => {
    for (const [i, row] of rows.entries()) {
      const sent = await sendOne(row);
      if (sent.ok) continue;
      const rest = rows.slice(i + 1).map((r) => r.id);
      if (rest.length > 0) await store.releaseOutbox(rest, sent.retryAt);
      return;
    }
  };

  const flushOutbox = async () => {
    for (;;) {
      const due = await store.claimOutbox(now(), OUTBOX_BATCH, leases.outboxMs);
      if (due.length === 0) return;
      const byChat = new Map<string, StoredOutbox[]>();
      for (const row of due) {
        const key = `${row.channel}:${row.chatId}`;
        byChat.set(key, [...(byChat.get(key) ?? []), row]);
      }
      const queue = [...byChat.values()];
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let rows = queue.shift(); rows; rows = queue.shift()) await sendChat(rows);
      }));
      if (due.length < OUTBOX_BATCH) return;
    }
  };

  const answerPending = async () => {
    for (;;) {
      const pending = await store.claimInbound(now(), INBOUND_BATCH, leases.inboundMs);
      if (pending.length === 0) return;
      for (const m of pending) {
        try {
          await handleInbound(m).catch((err: unknown) => answerWithError(m, err));
          // Answering is synchronous CPU work: let webhooks be acknowledged between two messages.
          await new Promise<void>((resolve) => setImmediate(resolve));
        } catch (err) {
          logger.error({ err, channel: m.channel, inboundId: m.id }, 'storing the reply failed; will retry');
          return; // the database is in trouble: leave the message pending, the next tick retries
        }
      }
    }
  };

  const run = async () => {
    do {
      again = false;
      await answerPending();
      await flushOutbox();
    } while (again && !stopped);
  };

  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = run()
      .catch((err: unknown) => logger.error({ err }, 'dispatcher run failed'))
      .finally(() => {
        running = undefined;
        if (again) kick();
      });
  };

  return {
    kick,
    async drain() {
      while (running) await running;
      await run();
    },
    start() {
      timer = setInterval(kick, deps.tickMs ?? 1000);
      timer.unref();
      kick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      while (running) await running;
    },
  };
}
