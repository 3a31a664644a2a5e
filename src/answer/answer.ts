import type { KnowledgeBase } from '../knowledge/base.js';
import type { TopicId } from '../knowledge/schema.js';
import { MENU_TOPICS, msg } from '../messages.js';
import { dropStrayMarks, fold } from '../search/fold.js';
import { CONTACT, PERSON, UNKNOWN, type Hit, type SearchIndex } from '../search/index.js';
import { analyseQuery, type AnalysedQuery } from '../search/query.js';
import { repairQuery } from '../search/repair.js';
import { bestSentenceCoverage, composeAnswer, extractSentences, honestUnknown, sourceOf } from './compose.js';
import { featuresOf, vetoOf, type FeatureVector } from './features.js';
import { focusCoverage, focusOf, type Focus } from './focus.js';
import { DECISION_MODEL, probability, type DecisionModel } from './model.js';
import { ANSWER_POLICY, type AnswerPolicy } from './policy.js';
import { phrasingMatch } from './phrasing.js';
import { smallTalkOf } from './smalltalk.js';
import { askedUnit, holdsUnitFigure, type Unit } from './units.js';
import type { DeclineReason, Reply, Suggestion } from './types.js';

/** The knowledge and index answering right now; swapped as a whole on reload. */
export interface Snapshot {
  kb: KnowledgeBase;
  index: SearchIndex;
}

export interface AnswerOptions {
  now: number;
  policy?: AnswerPolicy;
  /** The decision model (default: the trained `model.json`). */
  model?: DecisionModel;
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

/** Share of the query's focus weight that the hit matched (see focus.ts); an abbreviation or synonym counts when one of its meanings matched. */
export function coverage(hit: Hit, q: AnalysedQuery, index: SearchIndex): number {
  return focusCoverage(hit, q, focusOf(q, index));
}

/** The kind of passage the question type asks for. */
const fitsType = (q: AnalysedQuery, h: Hit) =>
  q.type === 'amount' ? h.passage.hasQuantity : q.type === 'how' || q.type === 'where' ? h.passage.contact : q.type === 'what' ? h.passage.n === 0 : q.type === 'who' ? h.passage.sentences.some((s) => PERSON.test(s)) : false;

/**
 * Reorders Lunr's candidates: score × coverage^k (a passage that misses a weighted question word drops), with a
 * bonus for the passage kind the question type asks for, a small one for concrete facts when no type is asked,
 * and one for the question's topic.
 */
export function rerankWeighted(hits: readonly Hit[], q: AnalysedQuery, focus: Focus, policy: AnswerPolicy, unit?: Unit): { hits: Hit[]; weights: number[] } {
  const named = new Set(q.all);
  const weight = (h: Hit) => {
    let w = h.score * focusCoverage(h, q, focus) ** policy.coverageExponent;
    // Words found together in one sentence beat words scattered over the passage.
    w *= (policy.sentenceFloor + bestSentenceCoverage(h.passage, q, focus)) ** policy.sentenceExponent;
    if (fitsType(q, h)) w *= q.type === 'amount' ? policy.numberBonus : policy.typeBonus;
    // A figure of the very unit asked for (`bao nhiêu tiền` → `202,7 tỷ đồng`) counts once more.
    if (unit && h.passage.hasQuantity && holdsUnitFigure(h.passage.text, unit, named)) w *= policy.numberBonus;
    else if ((q.type === 'other' || q.type === 'yesno') && h.passage.hasQuantity) w *= policy.factBonus;
    if (q.topics.length && q.topics.some((t) => h.passage.doc.topics.includes(t))) w *= policy.topicBonus;
    return w;
  };
  const ranked = hits.map((h) => ({ h, w: weight(h) })).sort((a, b) => b.w - a.w);
  return { hits: ranked.map((x) => x.h), weights: ranked.map((x) => x.w) };
}

export function rerank(hits: readonly Hit[], q: AnalysedQuery, index: SearchIndex, policy: AnswerPolicy): Hit[] {
  return rerankWeighted(hits, q, focusOf(q, index), policy).hits;
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

/** Everything the decision is made from, for one question (pure; `bench/train.ts` reads it too). */
export type Analysis =
  | { kind: 'reply'; reply: Reply }
  | { kind: 'uncovered'; q: AnalysedQuery; terms: string[] }
  | { kind: 'none'; q: AnalysedQuery }
  | { kind: 'phrasing'; q: AnalysedQuery; top: Hit; sentences: string[]; similarity: number }
  | { kind: 'unknown'; q: AnalysedQuery; top: Hit; sentence: string }
  | { kind: 'candidate'; q: AnalysedQuery; hits: Hit[]; top: Hit; sentences: string[]; features: FeatureVector };

/** The ranked hits whose passage holds a sentence that is not a "chưa có thông tin" one (weights kept aligned). */
function withFacts(ranked: { hits: Hit[]; weights: number[] }): { hits: Hit[]; weights: number[] } {
  const keep = ranked.hits.map((h) => h.passage.sentences.some((s) => !UNKNOWN.test(s)));
  if (keep.every(Boolean)) return ranked;
  return { hits: ranked.hits.filter((_, i) => keep[i]), weights: ranked.weights.filter((_, i) => keep[i]) };
}

export function analyseQuestion(snap: Snapshot, text: string, policy: AnswerPolicy): Analysis {
  if (text.length > policy.maxQuestionChars) return { kind: 'reply', reply: base({ status: 'decline', intent: 'too-long', text: msg.tooLong(policy.maxQuestionChars) }) };
  if (isGreeting(text)) return { kind: 'reply', reply: welcome() };
  const talk = smallTalkOf(text);
  if (talk) return { kind: 'reply', reply: base({ status: 'decline', intent: 'smalltalk', text: msg.smallTalk[talk] }) };
  const q = repairQuery(analyseQuery(text, snap.kb.glossary), snap.index);
  if (q.folded.length === 0) return { kind: 'reply', reply: base({ status: 'decline', intent: 'empty', text: msg.empty, topics: MENU_TOPICS }) };
  const focus = focusOf(q, snap.index);
  // A known phrasing says which note answers, not that the note holds a place or a term the question adds
  // (`ở Bình Dương vay vốn công đoàn thế nào` has the words of `vay vốn công đoàn thế nào`).
  const known = focus.unknownNames.length || focus.uncovered.length ? undefined : phrasingMatch(q, snap.kb.docs, snap.kb.glossary);
  if (known) {
    const first = snap.index.passages.get(`${known.doc.id}#0`);
    const top = rerankWeighted(snap.index.search(q), q, focus, policy).hits.find((h) => h.passage.doc.id === known.doc.id) ?? (first && { passage: first, score: 0, matched: new Set<string>() });
    if (top) return { kind: 'phrasing', q, top, sentences: extractSentences(top.passage, q, snap.index, policy, focus), similarity: known.similarity };
  }
  if (focus.uncovered.length) return { kind: 'uncovered', q, terms: focus.uncovered };
  const unit = askedUnit(q, text);
  const ranked = rerankWeighted(snap.index.search(q), q, focus, policy, unit);
  const first = ranked.hits[0];
  if (!first) return { kind: 'none', q };
  // A how / where / whom question is answered by a passage that says whom to ask, even when its note lacks
  // some detail the question also names (`đăng ký ở đâu` with no registration dates in the note).
  const tellsWhom = (q.type === 'how' || q.type === 'where') && first.passage.sentences.some((s) => CONTACT.test(s) && !UNKNOWN.test(s));
  const sentence = tellsWhom ? undefined : honestUnknown(first.passage, q, focus, policy.unknownWeight, { text, idf: snap.index.idf });
  if (sentence) return { kind: 'unknown', q, top: first, sentence };
  // A passage that only says what its note does not know answers nothing it does not flag as unknown: the
  // candidates are the passages with something else to quote.
  const { hits, weights } = withFacts(ranked);
  const top = hits[0];
  if (!top) return { kind: 'none', q };
  const sentences = extractSentences(top.passage, q, snap.index, policy, focus, unit);
  return { kind: 'candidate', q, hits, top, sentences, features: featuresOf(hits, weights, q, unit, focus, sentences, snap.index.maxIdf) };
}

/** A vetoed candidate keeps this share of its probability: never answered, sometimes suggested. */
const VETO_FACTOR = 0.5;

const declined = (confidence: number, reason: DeclineReason, text = msg.decline(MENU_TOPICS)) =>
  base({ status: 'decline', intent: 'question', text, confidence, topics: MENU_TOPICS, reason });

/** Answers one question from the snapshot (pure): answer, suggest or decline. */
export function answerQuestion(snap: Snapshot, question: string, opts: AnswerOptions): Reply {
  const policy = opts.policy ?? ANSWER_POLICY;
  const model = opts.model ?? DECISION_MODEL;
  const a = analyseQuestion(snap, dropStrayMarks(question).trim(), policy);
  switch (a.kind) {
    case 'reply':
      return a.reply;
    case 'uncovered':
      return declined(0, 'uncovered', msg.uncovered(a.terms.join(', ')));
    case 'none':
      return declined(0, 'low-confidence');
    case 'unknown':
      return { ...declined(0, 'unknown', msg.unknown(a.sentence)), sources: [sourceOf(a.top.passage)] };
    case 'phrasing':
      return base({
        status: 'answer',
        intent: 'question',
        text: composeAnswer(a.sentences, a.top.passage, opts.now, policy),
        sources: [sourceOf(a.top.passage)],
        confidence: Math.round(a.similarity * 1000) / 1000,
      });
    case 'candidate': {
      const veto = vetoOf(a.features);
      const p = probability(model, a.features) * (veto ? VETO_FACTOR : 1);
      const confidence = Math.round(p * 1000) / 1000;
      const answerAt = Number.isNaN(policy.answerAt) ? model.answerAt : policy.answerAt;
      const suggestAt = Number.isNaN(policy.suggestAt) ? model.suggestAt : policy.suggestAt;
      if (p >= answerAt) {
        return base({
          status: 'answer',
          intent: 'question',
          text: composeAnswer(a.sentences, a.top.passage, opts.now, policy),
          sources: [sourceOf(a.top.passage)],
          confidence,
        });
      }
      if (p >= suggestAt) {
        const suggestions = suggestionsOf(a.hits, policy.maxSuggestions);
        return base({ status: 'suggest', intent: 'question', text: msg.suggest(suggestions.map((s) => s.label)), confidence, suggestions });
      }
      return declined(confidence, 'low-confidence');
    }
  }
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
