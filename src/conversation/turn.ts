import { answerQuestion, isGreeting, type Snapshot } from '../answer/answer.js';
import type { Reply } from '../answer/types.js';
import type { TopicId } from '../knowledge/schema.js';
import { MENU_TOPICS, TOPIC_SHORT, msg } from '../messages.js';
import { foldWord } from '../search/fold.js';
import { analyseQuery } from '../search/query.js';
import { bigrams, tokenizePhrases } from '../search/tokenize.js';
import { parseChoice } from './choice.js';
import { choicesOf, isRateable } from './choices.js';
import { parseFeedback, type FeedbackValue } from './feedback.js';
import { askedFor, carriedQuestion, isFollowUp } from './follow-up.js';
import type { Choice, ConversationState } from './state.js';

/** What a typed message means in the conversation so far. */
export type Turn =
  /** A number picking one of the fresh choices (answered as its button would be). */
  | { type: 'choose'; choice: Choice; question?: string | undefined }
  /** A typed 👍/👎 on the answer just given. */
  | { type: 'feedback'; value: FeedbackValue; ratedId: number }
  /** A short hint, with the topic menu when it offers one. */
  | { type: 'hint'; text: string; topics: TopicId[] }
  /** A question, answered alone or, for a follow-up, with the previous question's terms carried over. */
  | { type: 'answer'; reply: Reply; question: string; carried: boolean };

/** The most key terms carried from one question to its follow-ups. */
const MAX_TERMS = 8;

/** Reads one typed message against the (fresh) state (pure). */
export function readTurn(snap: Snapshot, text: string, state: ConversationState, now: number): Turn {
  const n = parseChoice(text);
  if (n !== undefined) {
    const items = state.choices?.items ?? [];
    const choice = items[n - 1];
    if (choice) return { type: 'choose', choice, question: state.choices?.question };
    if (items.length > 0) return { type: 'hint', text: msg.choiceRange(items.length), topics: [] };
    return { type: 'hint', text: msg.noChoice(MENU_TOPICS), topics: MENU_TOPICS };
  }
  const rating = parseFeedback(text);
  if (rating && state.answer) return { type: 'feedback', value: rating, ratedId: state.answer.inboundId };
  if (rating) return { type: 'hint', text: rating === 'up' ? msg.thanksNoAnswer : msg.nothingToRate, topics: [] };
  const context = state.context;
  if (context && !isGreeting(text) && isFollowUp(text)) {
    // A follow-up makes sense only with the previous question: answering it alone would answer something else.
    const question = carriedQuestion(context.terms, text);
    const found = answerQuestion(snap, question, { now });
    // The carried terms alone can make a confident answer that ignores what the follow-up asks ("còn ở Đà
    // Nẵng?" → a loan paragraph about Sơn Tây): such an answer is declined instead.
    const carried = found.status === 'answer' && !addresses(snap, found, text) ? declined(found) : found;
    const label = context.topic ? TOPIC_SHORT[context.topic] : context.terms;
    return { type: 'answer', reply: { ...carried, text: msg.followUp(label, carried.text) }, question, carried: true };
  }
  return { type: 'answer', reply: answerQuestion(snap, text, { now }), question: text, carried: false };
}

/** The folded word pairs of a text ("Sơn Tây" → `son_tay`). */
function pairsOf(text: string): Set<string> {
  return new Set(tokenizePhrases(text).flatMap((p) => bigrams(p.map(foldWord))));
}

/**
 * Whether an answer takes up what the follow-up itself names: one of its word pairs ("Sơn Tây", "năm 2023",
 * "lãi suất"), or of what it asks for, is in the quoted sentences. A follow-up that names no pair ("hỏi ở đâu") is always taken up.
 */
export function addresses(snap: Snapshot, reply: Reply, followUp: string): boolean {
  const own = analyseQuery(followUp, snap.kb.glossary).bigrams;
  if (own.length === 0) return true;
  // What the follow-up asks for in the notes' words counts too: "đăng ký ở đâu" is taken up by "liên hệ…".
  const wanted = [...own, ...pairsOf(askedFor(followUp))];
  const quoted = pairsOf(reply.text.split('\n')[0] ?? '');
  return wanted.some((b) => quoted.has(b));
}

/** The decline for a question whose answer did not hold up. */
function declined(reply: Reply): Reply {
  return { ...reply, status: 'decline', text: msg.decline(MENU_TOPICS), sources: [], topics: MENU_TOPICS, suggestions: [] };
}

/** The key terms of a question: its content words, as typed, without question words. */
export function keyTerms(snap: Snapshot, question: string): string {
  return analyseQuery(question, snap.kb.glossary).tokens.slice(0, MAX_TERMS).join(' ');
}

/** The topic of the document a reply quotes first. */
export function topicOfReply(snap: Snapshot, reply: Reply): TopicId | undefined {
  const file = reply.sources[0]?.file;
  return file === undefined ? undefined : snap.kb.docs.find((d) => d.file === file)?.topics[0];
}

/** What the state becomes after the bot replied `reply` to message `inboundId`. */
export interface ReplyEffect {
  reply: Reply;
  inboundId: number;
  /** The question the reply's terms come from (the text, a topic's name, a chosen document's title). */
  question: string;
  /** A follow-up answered with carried terms: the context stays as it was (refreshed). */
  carried?: boolean;
}

/** The state after a reply (pure): the choices it offers, the answer it gives, the terms it answered. */
export function afterReply(snap: Snapshot, state: ConversationState, e: ReplyEffect, now: number, ttlMs: number): ConversationState {
  const until = now + ttlMs;
  const items = choicesOf(e.reply);
  const rateable = isRateable(e.reply);
  const question = e.reply.status === 'suggest' ? e.question : undefined;
  let context = state.context;
  if (e.carried && context) context = rateable ? { ...context, until } : context;
  else if (rateable) context = { terms: keyTerms(snap, e.question), topic: topicOfReply(snap, e.reply), until };
  else if (e.reply.intent === 'question') context = undefined; // a question the bot could not answer: nothing to lean on
  return {
    choices: items.length > 0 ? { items, question, until } : undefined,
    answer: rateable ? { inboundId: e.inboundId, until } : undefined,
    context,
  };
}

/** The state after a rating: the rated answer cannot be rated again by text; the rest stays. */
export function afterFeedback(state: ConversationState): ConversationState {
  return { ...state, answer: undefined };
}

/** The state after a hint: a hint with the menu offers its topics; otherwise nothing changes. */
export function afterHint(state: ConversationState, topics: readonly TopicId[], now: number, ttlMs: number): ConversationState {
  if (topics.length === 0) return state;
  return { ...state, choices: { items: topics.map((topic) => ({ kind: 'topic', topic })), until: now + ttlMs } };
}
