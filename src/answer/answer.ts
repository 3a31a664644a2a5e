import type { KnowledgeBase } from '../knowledge/base.js';
import type { TopicId } from '../knowledge/schema.js';
import { MENU_TOPICS, msg } from '../messages.js';
import { fold } from '../search/fold.js';
import type { Hit, SearchIndex } from '../search/index.js';
import { analyseQuery, type AnalysedQuery } from '../search/query.js';
import { composeAnswer, extractSentences, sourceOf } from './compose.js';
import { ANSWER_POLICY, type AnswerPolicy } from './policy.js';
import type { Reply, Suggestion } from './types.js';

/** The knowledge and index answering right now; swapped as a whole on reload. */
export interface Snapshot {
  kb: KnowledgeBase;
  index: SearchIndex;
}

export interface AnswerOptions {
  now: number;
  policy?: AnswerPolicy;
}

const GREETING_WORDS = new Set(
  'xin chao chao hello hi helo alo hey start help menu tro giup huong dan bat dau ban bot ad admin a em anh chi oi nhe'.split(' '),
);
const GREETING_CORE = new Set('chao hello hi helo alo hey start help menu giup huong bat'.split(' '));

/** True for `xin chào`, `/start`, `menu`, `help`… with nothing else in them. */
export function isGreeting(text: string): boolean {
  const words = fold(text).replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);
  return words.length > 0 && words.length <= 5 && words.every((w) => GREETING_WORDS.has(w)) && words.some((w) => GREETING_CORE.has(w));
}

const base = (over: Partial<Reply> & Pick<Reply, 'status' | 'intent' | 'text'>): Reply => ({
  sources: [],
  confidence: 0,
  suggestions: [],
  topics: [],
  ...over,
});

/** The welcome reply with the topic menu. */
export function welcome(topics: TopicId[] = MENU_TOPICS): Reply {
  return base({ status: 'answer', intent: 'welcome', text: msg.welcome(topics), confidence: 1, topics });
}

/** Share of the query's IDF mass that the hit matched; an abbreviation counts when one of its meanings matched. */
export function coverage(hit: Hit, q: AnalysedQuery, idf: (t: string) => number): number {
  let total = 0;
  let got = 0;
  for (const t of q.folded) {
    const w = idf(t);
    total += w;
    const viaMeaning = q.meanings[t]?.some((parts) => parts.every((p) => hit.matched.has(p)));
    if (hit.matched.has(t) || viaMeaning) got += w;
  }
  return total > 0 ? got / total : 0;
}

/**
 * Reorders Lunr's candidates: score × coverage^k (a passage that misses a rare query term drops), with a
 * bonus for passages carrying a quantity when the question asks for one.
 */
export function rerank(hits: readonly Hit[], q: AnalysedQuery, index: SearchIndex, policy: AnswerPolicy): Hit[] {
  const weight = (h: Hit) =>
    h.score * coverage(h, q, index.idf) ** policy.coverageExponent * (h.passage.hasQuantity ? (q.wantsNumber ? policy.numberBonus : policy.factBonus) : 1);
  return hits
    .map((h) => ({ h, w: weight(h) }))
    .sort((a, b) => b.w - a.w)
    .map((x) => x.h);
}

/** Confidence in 0..1 from term coverage, bigram coverage and the margin over the next document. */
export function confidenceOf(hits: readonly Hit[], q: AnalysedQuery, index: SearchIndex, policy: AnswerPolicy): number {
  const top = hits[0];
  if (!top) return 0;
  const cov = coverage(top, q, index.idf);
  const bi = q.bigrams.length ? q.bigrams.filter((b) => top.matched.has(b)).length / q.bigrams.length : cov;
  let c = (1 - policy.bigramWeight) * cov + policy.bigramWeight * bi;
  const rival = hits.find((h) => h.passage.doc.id !== top.passage.doc.id);
  if (rival && top.score < rival.score * policy.marginRatio && rival.passage.doc.topics.every((t) => !top.passage.doc.topics.includes(t))) {
    c -= policy.marginPenalty;
  }
  return Math.max(0, Math.min(1, Math.round(c * 1000) / 1000));
}

/** Up to N distinct documents among the hits, as suggestions. */
function suggestionsOf(hits: readonly Hit[], n: number): Suggestion[] {
  const seen = new Map<string, Suggestion>();
  for (const h of hits) {
    if (seen.size >= n) break;
    if (!seen.has(h.passage.doc.id)) seen.set(h.passage.doc.id, { docId: h.passage.doc.id, label: h.passage.doc.title });
  }
  return [...seen.values()];
}

/** Answers one question from the snapshot (pure): answer, suggest or decline. */
export function answerQuestion(snap: Snapshot, question: string, opts: AnswerOptions): Reply {
  const policy = opts.policy ?? ANSWER_POLICY;
  const text = question.normalize('NFC').trim();
  if (text.length > policy.maxQuestionChars) return base({ status: 'decline', intent: 'too-long', text: msg.tooLong(policy.maxQuestionChars) });
  if (isGreeting(text)) return welcome();
  const q = analyseQuery(text, snap.kb.glossary);
  if (q.folded.length === 0) return base({ status: 'decline', intent: 'empty', text: msg.empty, topics: MENU_TOPICS });
  const hits = rerank(snap.index.search(q), q, snap.index, policy);
  const confidence = confidenceOf(hits, q, snap.index, policy);
  const top = hits[0];
  if (top && confidence >= policy.answerAt) {
    const sentences = extractSentences(top.passage, q, snap.index, policy);
    return base({
      status: 'answer',
      intent: 'question',
      text: composeAnswer(sentences, top.passage, opts.now, policy),
      sources: [sourceOf(top.passage)],
      confidence,
    });
  }
  if (top && confidence >= policy.suggestAt) {
    const suggestions = suggestionsOf(hits, policy.maxSuggestions);
    return base({ status: 'suggest', intent: 'question', text: msg.suggest(suggestions.map((s) => s.label)), confidence, suggestions });
  }
  return base({ status: 'decline', intent: 'question', text: msg.decline(MENU_TOPICS), confidence, topics: MENU_TOPICS });
}

/** Answers a topic button: the first passage of the topic's policy note. */
export function answerTopic(snap: Snapshot, topic: TopicId, opts: AnswerOptions): Reply {
  const policy = opts.policy ?? ANSWER_POLICY;
  const doc = snap.kb.docs.find((d) => d.kind === 'policy' && d.topics[0] === topic) ?? snap.kb.docs.find((d) => d.topics.includes(topic));
  const first = doc && snap.index.passages.get(`${doc.id}#0`);
  if (!first) return base({ status: 'decline', intent: 'topic', text: msg.topicEmpty, topics: MENU_TOPICS });
  return base({
    status: 'answer',
    intent: 'topic',
    text: composeAnswer([first.text], first, opts.now, policy),
    sources: [sourceOf(first)],
    confidence: 1,
  });
}

/** Answers a suggestion button: the document's first passage. */
export function answerDoc(snap: Snapshot, docId: string, opts: AnswerOptions): Reply | undefined {
  const first = snap.index.passages.get(`${docId}#0`);
  if (!first) return undefined;
  const policy = opts.policy ?? ANSWER_POLICY;
  return base({ status: 'answer', intent: 'topic', text: composeAnswer([first.text], first, opts.now, policy), sources: [sourceOf(first)], confidence: 1 });
}
