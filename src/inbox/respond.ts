import { answerDoc, answerQuestion, answerTopic, welcome, type Snapshot } from '../answer/answer.js';
import type { Reply } from '../answer/types.js';
import { compactState, DEFAULT_CONVERSATION_TTL_MS, expiryOf, freshParts, type ConversationState } from '../conversation/state.js';
import { afterFeedback, afterHint, afterReply, readTurn } from '../conversation/turn.js';
import { TOPIC_IDS, type TopicId } from '../knowledge/schema.js';
import { MENU_TOPICS, TOPIC_SHORT, msg } from '../messages.js';
import type { ConversationInput, StoredInbound } from '../store/types.js';

/** A suggestion the worker picked (button or typed number), with the question that led to it when known. */
export interface ChosenSuggestion {
  docId: string;
  question?: string | undefined;
}

/** What to do with one inbound message, decided without side effects. */
export type Action =
  | {
      type: 'reply';
      reply: Reply;
      callbackQueryId?: string | undefined;
      chosen?: ChosenSuggestion | undefined;
      /** The question as understood, when it is not the text itself (a follow-up with the previous terms). */
      question?: string | undefined;
    }
  | { type: 'feedback'; value: 'up' | 'down'; ratedId: number; callbackQueryId?: string | undefined }
  | { type: 'hint'; text: string; topics?: TopicId[] | undefined }
  | { type: 'admin'; command: AdminCommand; args: string };

/** The action and the chat's conversation state after it (to be stored with the outcome). */
export interface Decision {
  action: Action;
  state: ConversationState;
}

export interface DecideOptions {
  isAdmin?: boolean | undefined;
  /** The chat's stored conversation state (stale parts are ignored). */
  state?: ConversationState | undefined;
  /** How long choices, the last answer and the last question's terms stay fresh. */
  ttlMs?: number | undefined;
}

/** Commands that only admins (ADMIN_TELEGRAM_IDS) may use. */
export const ADMIN_COMMANDS = ['/pending', '/reply', '/ignore', '/notify'] as const;
export type AdminCommand = (typeof ADMIN_COMMANDS)[number];
const isAdminCommand = (s: string | undefined): s is AdminCommand => (ADMIN_COMMANDS as readonly string[]).includes(s ?? '');

const isTopic = (s: string): s is TopicId => (TOPIC_IDS as readonly string[]).includes(s);

const hint = (text: string, topics: TopicId[] = []): Reply => ({ status: 'decline', intent: 'empty', text, sources: [], confidence: 0, suggestions: [], topics });

type ReplyAction = Extract<Action, { type: 'reply' }>;

/** Builds decisions for one message against its chat's fresh state. */
function decider(snap: Snapshot, m: StoredInbound, now: number, state: ConversationState, ttlMs: number) {
  const replied = (action: ReplyAction, question: string, carried = false): Decision => ({
    action,
    state: afterReply(snap, state, { reply: action.reply, inboundId: m.id, question, carried }, now, ttlMs),
  });
  const hinted = (text: string, topics: TopicId[] = []): Decision => ({ action: { type: 'hint', text, topics }, state: afterHint(state, topics, now, ttlMs) });
  const rated = (value: 'up' | 'down', ratedId: number, callbackQueryId?: string): Decision => ({
    action: { type: 'feedback', value, ratedId, callbackQueryId },
    state: ratedId === state.answer?.inboundId ? afterFeedback(state) : state,
  });
  /** A topic picked from the menu (button `t:` or typed number): its policy note, whose title follow-ups lean on. */
  const chooseTopic = (topic: TopicId, callbackQueryId?: string) => {
    const reply = answerTopic(snap, topic, { now });
    return replied({ type: 'reply', reply, callbackQueryId }, reply.sources[0]?.title ?? TOPIC_SHORT[topic]);
  };
  /**
   * A suggestion picked (button `s:` or typed number): answered the same way either way, and marked as
   * chosen (with the question that led to it) so that whatever learns from chosen suggestions sees both.
   */
  const chooseSuggestion = (docId: string, callbackQueryId?: string): Decision | undefined => {
    const reply = answerDoc(snap, docId, { now });
    if (!reply) return undefined;
    const offered = state.choices?.items.some((c) => c.kind === 'doc' && c.docId === docId);
    const chosen = { docId, question: offered ? state.choices?.question : undefined };
    return replied({ type: 'reply', reply, callbackQueryId, chosen }, reply.sources[0]?.title ?? '');
  };
  const menu = (): Decision => replied({ type: 'reply', reply: welcome() }, '');
  return { replied, hinted, rated, chooseTopic, chooseSuggestion, menu };
}

/** Decides the action for a callback button (`t:topic`, `s:docId`, `f:up|down:id`). */
function onCallback(d: ReturnType<typeof decider>, data: string, callbackQueryId: string | undefined): Decision {
  const [kind, a = '', b = ''] = data.split(':');
  if (kind === 't' && isTopic(a)) return d.chooseTopic(a, callbackQueryId);
  if (kind === 's') {
    const chosen = d.chooseSuggestion(data.slice(2), callbackQueryId);
    if (chosen) return chosen;
  }
  if (kind === 'f' && (a === 'up' || a === 'down') && /^\d+$/.test(b)) return d.rated(a, Number(b), callbackQueryId);
  return d.replied({ type: 'reply', reply: welcome(), callbackQueryId }, '');
}

/** Decides the action for typed text: a number picking a choice, a typed rating, a follow-up or a question. */
function onText(d: ReturnType<typeof decider>, snap: Snapshot, text: string, now: number, state: ConversationState): Decision {
  const turn = readTurn(snap, text, state, now);
  switch (turn.type) {
    case 'choose':
      if (turn.choice.kind === 'topic') return d.chooseTopic(turn.choice.topic);
      return d.chooseSuggestion(turn.choice.docId) ?? d.hinted(msg.noChoice(MENU_TOPICS), MENU_TOPICS);
    case 'feedback':
      return d.rated(turn.value, turn.ratedId);
    case 'hint':
      return d.hinted(turn.text, turn.topics);
    case 'answer':
      if (turn.carried) return d.replied({ type: 'reply', reply: turn.reply, question: turn.question }, turn.question, true);
      return d.replied({ type: 'reply', reply: turn.reply }, text);
  }
}

/**
 * Decides how to answer one stored inbound message (pure): the chat's conversation state goes in, the action
 * and the state after it come out.
 */
export function decide(snap: Snapshot, m: StoredInbound, now: number, opts: DecideOptions = {}): Decision {
  const state = freshParts(opts.state ?? {}, now);
  const d = decider(snap, m, now, state, opts.ttlMs ?? DEFAULT_CONVERSATION_TTL_MS);
  switch (m.kind) {
    case 'callback':
      return onCallback(d, m.text, m.callbackQueryId);
    case 'other':
      return { action: { type: 'hint', text: msg.nonText }, state };
    case 'command': {
      const command = m.text.split(/[\s@]/)[0]?.toLowerCase();
      if (command === '/start' || command === '/help' || command === '/menu') return d.menu();
      if (opts.isAdmin && isAdminCommand(command)) return { action: { type: 'admin', command, args: m.text.replace(/^\/\S*\s*/, '') }, state };
      const question = m.text.replace(/^\/\S*\s*/, '');
      return d.replied({ type: 'reply', reply: answerQuestion(snap, question, { now }) }, question);
    }
    case 'text':
      return onText(d, snap, m.text, now, state);
  }
}

/** The row that stores a chat's state after message `m`. */
export function conversationRow(m: StoredInbound, state: ConversationState): ConversationInput {
  return { channel: m.channel, chatId: m.chatId, state: compactState(state), inboundId: m.id, expiresAt: expiryOf(state) };
}

export { hint as hintReply };
