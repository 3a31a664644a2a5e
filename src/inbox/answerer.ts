/**
 * The answering step: claims stored inbound messages, decides each answer (pure `decide`), and stores the outcome
 * with its channel-rendered outbox rows in one transaction. It never waits for a send: the channels' send loops
 * deliver the rows on their own.
 */
import type { Snapshot } from '../answer/answer.js';
import type { ReplyRenderer } from '../channels/types.js';
import type { Logger } from '../logger.js';
import { msg } from '../messages.js';
import { groupKey } from '../search/fold.js';
import { parseConversation } from '../conversation/state.js';
import type { Channel, ConversationInput, OutcomeInput, ReviewItemInput, Store, StoredInbound } from '../store/types.js';
import { createFloodGuard, type FloodOptions } from './flood.js';
import { conversationRow, decide, hintReply, type AdminCommand, type DecideOptions, type Decision } from './respond.js';

/** Messages claimed at a time: small, so several replicas share a burst. */
const INBOUND_BATCH = 20;
/** Chats of a claimed batch answered at once. */
const CHATS_AT_ONCE = 4;

/**
 * A worker chose a note: picked a suggestion (button or typed number; `file`, and the question that led to it
 * when known), or rated an answer 👍 (`ratedId`). For learning new phrasings.
 */
export type ChosenHook = (e: { m: StoredInbound; via: 'suggestion' | 'up'; file?: string | undefined; question?: string | undefined; ratedId?: number | undefined }) => void;

export interface AnswererDeps {
  store: Store;
  snapshot: () => Snapshot;
  /** Where answers are decided (the answer thread); default: here, from `snapshot()`. */
  decide?: ((m: StoredInbound, now: number, opts: DecideOptions) => Promise<Decision>) | undefined;
  /** Each channel's rendering (pure; available even when the channel is off). */
  renderers: Record<Channel, ReplyRenderer>;
  logger: Logger;
  now: () => number;
  leaseMs: number;
  /** Called after a message's rows are stored (wakes that channel's sender). */
  onQueued: (channel: Channel) => void;
  onReview?: ((item: ReviewItemInput) => void) | undefined;
  isAdmin?: ((m: StoredInbound) => boolean) | undefined;
  flood?: Partial<FloodOptions> | undefined;
  runAdminCommand?: ((command: AdminCommand, args: string, m: StoredInbound) => Promise<string>) | undefined;
  /** How long a chat's conversation state stays fresh (default 30 min). */
  conversationTtlMs?: number | undefined;
  onChosen?: ChosenHook | undefined;
}

export interface Answerer {
  /** Answers every claimable pending message; resolves when none is left (or the database failed). */
  answerPending(): Promise<void>;
}

export function createAnswerer(deps: AnswererDeps): Answerer {
  const { store, logger, now } = deps;
  const flood = createFloodGuard(deps.flood);
  const render = (m: StoredInbound) => deps.renderers[m.channel];
  const decideHere = async (m: StoredInbound, at: number, opts: DecideOptions) => decide(deps.snapshot(), m, at, opts);
  const decideOne = deps.decide ?? decideHere;

  const reviewOf = (m: StoredInbound, question: string, reason: ReviewItemInput['reason']): ReviewItemInput => ({
    key: groupKey(question),
    question: question.trim().slice(0, 2000),
    reason,
    channel: m.channel,
    chatId: m.chatId,
    userId: m.userId,
    userName: m.userName,
    inboundId: m.id,
    at: now(),
  });

  /** Stores the outcome and its rows (and, for a conversation turn, the chat's next state) in one transaction. */
  const complete = async (m: StoredInbound, outcome: OutcomeInput, rows: ReturnType<ReplyRenderer['text']>, review?: ReviewItemInput, conversation?: ConversationInput) => {
    if (conversation) await store.completeInboundWithConversation(m.id, outcome, rows, review, conversation);
    else await store.completeInbound(m.id, outcome, rows, review);
    if (rows.length > 0) deps.onQueued(m.channel);
  };

  const handleFeedback = async (m: StoredInbound, value: 'up' | 'down', ratedId: number, callbackQueryId: string | undefined, conversation: ConversationInput) => {
    const rated = await store.getInbound(ratedId);
    const toast = value === 'down' ? msg.feedbackSorry : msg.feedbackThanks;
    if (rated && rated.chatId === m.chatId && rated.channel === m.channel) {
      const review = value === 'down' ? reviewOf(rated, rated.text, 'feedback') : undefined;
      await store.saveFeedback({ inboundId: ratedId, channel: m.channel, chatId: m.chatId, userId: m.userId, value, at: now() }, review);
      if (review) deps.onReview?.(review);
      if (value === 'up') deps.onChosen?.({ m, via: 'up', ratedId });
    }
    // A button press is acknowledged by a toast; a typed rating (any channel) by a message.
    const rows = callbackQueryId ? render(m).toast(toast, m, callbackQueryId) : render(m).text(toast, m);
    await complete(m, { status: 'feedback', text: toast, sources: [], confidence: 0 }, rows, undefined, conversation);
    logger.info({ channel: m.channel, status: 'feedback', value, latencyMs: now() - m.receivedAt }, 'feedback stored');
  };

  /** A flooding chat gets one "slow down"; its further messages are stored and marked handled, not answered. */
  const handleFlood = async (m: StoredInbound): Promise<boolean> => {
    if ((m.kind !== 'text' && m.kind !== 'command' && m.kind !== 'other') || deps.isAdmin?.(m)) return false;
    const verdict = flood.check(`${m.channel}:${m.chatId}`, m.receivedAt);
    if (verdict === 'ok') return false;
    const text = verdict === 'warn' ? msg.slowDown : '';
    await complete(m, { status: 'hint', text, sources: [], confidence: 0 }, verdict === 'warn' ? render(m).text(text, m) : []);
    logger.warn({ channel: m.channel, status: 'flood', verdict, latencyMs: now() - m.receivedAt }, 'chat is flooding');
    return true;
  };

  /** When answering itself fails, the worker still gets a polite reply and the queue moves on. */
  const answerWithError = async (m: StoredInbound, err: unknown) => {
    logger.error({ err, channel: m.channel, inboundId: m.id }, 'answering failed; sending the fallback reply');
    await complete(m, { status: 'hint', text: msg.error, sources: [], confidence: 0 }, render(m).text(msg.error, m));
  };

  const handleInbound = async (m: StoredInbound) => {
    if (await handleFlood(m)) return;
    // The chat's conversation state goes into decide(); the state after it is stored with the outcome.
    const stored = await store.getConversation(m.channel, m.chatId, now());
    const opts = { isAdmin: deps.isAdmin?.(m) ?? false, state: parseConversation(stored?.state), ttlMs: deps.conversationTtlMs };
    const { action, state } = await decideOne(m, now(), opts);
    const conversation = conversationRow(m, state);
    if (action.type === 'feedback') return handleFeedback(m, action.value, action.ratedId, action.callbackQueryId, conversation);
    if (action.type === 'admin') {
      const text = deps.runAdminCommand ? await deps.runAdminCommand(action.command, action.args, m) : msg.error;
      await complete(m, { status: 'admin', text, sources: [], confidence: 0 }, render(m).text(text, m));
      logger.info({ channel: m.channel, status: 'admin', command: action.command, latencyMs: now() - m.receivedAt }, 'admin command handled');
      return;
    }
    const reply = action.type === 'hint' ? hintReply(action.text, action.topics) : action.reply;
    const cbId = action.type === 'reply' ? action.callbackQueryId : undefined;
    const needsReview = reply.intent === 'question' && (reply.status === 'decline' || reply.status === 'suggest');
    const asked = action.type === 'reply' ? (action.question ?? m.text) : m.text; // a follow-up: with the carried terms
    const review = needsReview ? reviewOf(m, asked, reply.status === 'decline' ? 'decline' : 'suggest') : undefined;
    const outcome: OutcomeInput = {
      status: action.type === 'hint' ? 'hint' : reply.intent === 'welcome' ? 'welcome' : reply.status,
      text: reply.text,
      sources: reply.sources,
      confidence: reply.confidence,
    };
    await complete(m, outcome, render(m).reply(reply, m, cbId), review, conversation);
    if (review) deps.onReview?.(review);
    const chosen = action.type === 'reply' ? action.chosen : undefined;
    if (chosen && reply.sources[0]) deps.onChosen?.({ m, via: 'suggestion', file: reply.sources[0].file, question: chosen.question });
    logger.info({ channel: m.channel, status: outcome.status, confidence: reply.confidence, chosen: chosen?.docId, latencyMs: now() - m.receivedAt }, 'message answered');
  };

  /** Answers one chat's claimed messages in order; false when storing failed (the rest stay pending). */
  const answerChat = async (messages: readonly StoredInbound[]): Promise<boolean> => {
    for (const m of messages) {
      try {
        await handleInbound(m).catch((err: unknown) => answerWithError(m, err));
        // Answering here (not in the answer thread) is synchronous CPU work: let webhooks be acknowledged between two messages.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } catch (err) {
        logger.error({ err, channel: m.channel, inboundId: m.id }, 'storing the reply failed; will retry');
        return false; // the database is in trouble: leave the message pending, the next tick retries
      }
    }
    return true;
  };

  return {
    async answerPending() {
      for (;;) {
        const pending = await store.claimInbound(now(), INBOUND_BATCH, deps.leaseMs);
        if (pending.length === 0) return;
        // One chat's messages in order (each reads the state the one before left); a few chats at once, so
        // that the answer thread decides the next question while this thread stores the last reply.
        const chats = new Map<string, StoredInbound[]>();
        for (const m of pending) {
          const key = `${m.channel}\0${m.chatId}`;
          const chat = chats.get(key);
          if (chat) chat.push(m);
          else chats.set(key, [m]);
        }
        const queue = [...chats.values()];
        let stored = true;
        const lane = async () => {
          for (let next = queue.shift(); next && stored; next = queue.shift()) if (!(await answerChat(next))) stored = false;
        };
        await Promise.all(Array.from({ length: Math.min(CHATS_AT_ONCE, queue.length) }, lane));
        if (!stored) return;
      }
    },
  };
}
