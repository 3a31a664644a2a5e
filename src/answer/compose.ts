import { splitSentences } from '../knowledge/passages.js';
import { msg } from '../messages.js';
import { PERSON, UNKNOWN, type IndexedPassage, type SearchIndex } from '../search/index.js';
import type { AnalysedQuery } from '../search/query.js';
import { foldWord } from '../search/fold.js';
import { hasQuantity } from '../search/quantity.js';
import { bigrams, tokenizePhrases } from '../search/tokenize.js';
import { STOP_ACCENTED, STOP_FOLDED } from '../search/stopwords.js';
import type { KnowledgeDoc } from '../knowledge/types.js';
import type { SourceRef } from './types.js';
import { dateEnd, docDate, isStale } from './dates.js';
import { askedWords } from './features.js';
import { holds, type Focus } from './focus.js';
import type { AnswerPolicy } from './policy.js';
import { holdsUnitFigure, type Unit } from './units.js';

interface SentenceWords {
  words: Set<string>;
  grams: Set<string>;
}

function wordsOf(sentence: string): SentenceWords {
  const phrases = tokenizePhrases(sentence).map((p) => p.map(foldWord));
  return { words: new Set(phrases.flat()), grams: new Set(phrases.flatMap(bigrams)) };
}

// Memos of what a snapshot's passages and documents always give (they never change; a new snapshot has new
// objects, so the old entries go with it). Reranking reads every candidate's sentences for every question.
const sentenceWordsMemo = new WeakMap<IndexedPassage, SentenceWords[]>();
const unknownsMemo = new WeakMap<KnowledgeDoc, { unknown: { s: string; words: SentenceWords; pairs: Set<string> }[]; known: SentenceWords } | null>();

/** The words of each sentence of the passage (memoised per passage). */
function sentenceWords(passage: IndexedPassage): SentenceWords[] {
  let out = sentenceWordsMemo.get(passage);
  if (!out) sentenceWordsMemo.set(passage, (out = passage.sentences.map(wordsOf)));
  return out;
}

/**
 * Word pairs of a sentence in which one word, folded, is a question word but is written as another word
 * (`tối đa`: folded `toi` is also `tôi`; `cơ sở`: `co` is also `có`), folded (`toi_da`).
 */
function readPairs(sentence: string): Set<string> {
  const out = new Set<string>();
  for (const phrase of tokenizePhrases(sentence)) {
    const lower = phrase.map((w) => w.toLowerCase());
    for (let i = 1; i < lower.length; i++) {
      const pair = [lower[i - 1]!, lower[i]!];
      const stop = pair.map((w) => STOP_FOLDED.has(foldWord(w)));
      if (stop[0] === stop[1]) continue;
      if (!STOP_ACCENTED.has(pair[stop[0] ? 0 : 1]!)) out.add(pair.map(foldWord).join('_'));
    }
  }
  return out;
}

/**
 * The question's word pairs typed without diacritics (`toi da`, `co so`), where a folded question word may be
 * read as another word; `tôi đã`, typed with its diacritics, is the question word and gives no pair.
 */
function plainPairs(text: string): string[] {
  const out: string[] = [];
  for (const phrase of tokenizePhrases(text)) {
    const lower = phrase.map((w) => w.toLowerCase());
    for (let i = 1; i < lower.length; i++) {
      const a = lower[i - 1]!;
      const b = lower[i]!;
      if (foldWord(a) === a && foldWord(b) === b) out.push(`${a}_${b}`);
    }
  }
  return out;
}

/** A document's "chưa có thông tin" sentences and the words of the rest of it (null when it has none; memoised). */
function unknownsOf(doc: KnowledgeDoc) {
  let out = unknownsMemo.get(doc);
  if (out === undefined) {
    const unknown: string[] = [];
    const rest: string[] = [doc.title];
    for (const p of doc.passages) for (const s of splitSentences(p.text)) (UNKNOWN.test(s) ? unknown : rest).push(s);
    out = unknown.length ? { unknown: unknown.map((s) => ({ s, words: wordsOf(s), pairs: readPairs(s) })), known: wordsOf(rest.join(' . ')) } : null;
    unknownsMemo.set(doc, out);
  }
  return out;
}

/** The weight of a question word in sentence scoring: its focus weight, or its IDF without a focus. */
const weightOf = (t: string, idf: (t: string) => number, focus?: Focus) => focus?.weights.get(t) ?? idf(t);

/** Scores a sentence by the weight of the question terms, their meanings and bigrams it contains. */
function scoreSentence(s: SentenceWords, q: AnalysedQuery, idf: (t: string) => number, focus?: Focus): number {
  let score = 0;
  for (const t of q.folded) {
    if (s.words.has(t)) score += weightOf(t, idf, focus);
    else if (holds(s.words, q, t)) score += weightOf(t, idf, focus) * 0.8;
  }
  for (const t of q.expansions.folded) if (s.words.has(t) && !q.folded.includes(t)) score += idf(t) * 0.3;
  for (const b of q.bigrams) if (s.grams.has(b)) score += idf(b);
  return score;
}

const KIND_BONUS = (q: AnalysedQuery, s: string, policy: AnswerPolicy, unit: Unit | undefined, named: ReadonlySet<string>) => {
  if (q.type === 'amount') return unit && holdsUnitFigure(s, unit, named) ? policy.numberBonus ** 2 : hasQuantity(s) ? policy.numberBonus : 1;
  if (q.type === 'how' || q.type === 'where') return /liên hệ|hãy hỏi|hãy báo|Ban Chấp hành/.test(s) ? policy.contactBonus : 1;
  if (q.type === 'who') return PERSON.test(s) ? policy.contactBonus : 1;
  return 1;
};

/** The largest share of the focus weight that one sentence of the passage holds (a word or one of its meanings). */
export function bestSentenceCoverage(passage: IndexedPassage, q: AnalysedQuery, focus: Focus): number {
  let total = 0;
  for (const w of focus.weights.values()) total += w;
  if (total === 0) return 0;
  let best = 0;
  for (const { words } of sentenceWords(passage)) {
    let got = 0;
    for (const [t, w] of focus.weights) if (w > 0 && holds(words, q, t)) got += w;
    best = Math.max(best, got / total);
  }
  return best;
}

/** Picks 1–3 sentences of the passage that best match the question, in their original order. */
export function extractSentences(passage: IndexedPassage, q: AnalysedQuery, index: SearchIndex, policy: AnswerPolicy, focus?: Focus, unit?: Unit): string[] {
  // issue 12: an officer's short FAQ answer is quoted whole (its later sentences rarely repeat the question's words).
  if (passage.doc.kind === 'faq' && passage.text.length <= policy.maxAnswerChars) return [passage.text];
  const sentences = passage.sentences;
  const named = new Set(q.all);
  const words = sentenceWords(passage);
  const scored = sentences.map((s, i) => ({
    s,
    i,
    score: UNKNOWN.test(s) ? 0 : scoreSentence(words[i]!, q, index.idf, focus) * KIND_BONUS(q, s, policy, unit, named),
  }));
  const best = Math.max(0, ...scored.map((x) => x.score));
  if (best === 0) return sentences.slice(0, 1);
  const chosen: typeof scored = [];
  let chars = 0;
  for (const x of [...scored].sort((a, b) => b.score - a.score)) {
    if (chosen.length >= policy.maxSentences || x.score < best * policy.sentenceShare) break;
    if (chosen.length > 0 && chars + x.s.length > policy.maxAnswerChars) continue;
    chosen.push(x);
    chars += x.s.length;
  }
  // When no chosen sentence holds what the question asks for, the best one that does takes the last place.
  const ensure = (holdsIt: (x: (typeof scored)[number]) => boolean) => {
    if (chosen.some(holdsIt)) return;
    const best = scored.filter((x) => x.score > 0 && !chosen.includes(x) && holdsIt(x)).sort((a, b) => b.score - a.score)[0];
    if (!best) return;
    if (chosen.length >= policy.maxSentences) chosen.pop();
    chosen.push(best);
  };
  // The figure asked for (a how-much question), then the thing asked about (`luật gì`, `sân nào`).
  if (q.wantsNumber) ensure((x) => hasQuantity(x.s));
  const asked = askedWords(q);
  if (asked.length) ensure((x) => asked.every((t) => holds(words[x.i]!.words, q, t)));
  return chosen.sort((a, b) => a.i - b.i).map((x) => x.s);
}

/**
 * An honest unknown: the question asks for something the passage's document says it does not know
 * ("Ghi chú này chưa có thông tin về lãi suất…"). Returns that sentence when a weighted question word is found
 * in it and nowhere else in the document (title included); undefined otherwise.
 */
export function honestUnknown(passage: IndexedPassage, q: AnalysedQuery, focus: Focus, minWeight: number, typed?: { text: string; idf: (t: string) => number }): string | undefined {
  const of = unknownsOf(passage.doc);
  if (!of) return undefined;
  const { known } = of;
  const typedPairs = typed ? plainPairs(typed.text) : [];
  for (const { s, words, pairs } of of.unknown) {
    let gap = 0;
    for (const [t, w] of focus.weights) if (w > 0 && words.words.has(t) && !known.words.has(t)) gap += w;
    for (const b of q.bigrams) if (words.grams.has(b) && !known.grams.has(b)) gap += 1;
    // `tối đa` in the sentence, typed `toi da`: the pair the question word dropped from the question's own pairs.
    for (const b of typedPairs) if (pairs.has(b) && !q.bigrams.includes(b) && !known.grams.has(b)) gap += typed!.idf(b);
    if (gap >= minWeight) return s;
  }
  return undefined;
}

/** The citation of a passage's document. */
export function sourceOf(p: IndexedPassage): SourceRef {
  return { title: p.doc.title, date: p.doc.date, file: p.doc.file };
}

const YEAR = /\b((?:19|20)\d\d)\b/g;

/**
 * The "as of" note for quoted figures: none when the quote carries no figure; the period the quote names
 * (`số liệu năm 2017`, its latest year) when it names one; otherwise the document's date. Only shown when
 * that date is older than `staleAfterDays`.
 */
export function figureNote(sentences: readonly string[], p: IndexedPassage, now: number, policy: AnswerPolicy): string | undefined {
  if (!sentences.some(hasQuantity)) return undefined;
  const years = sentences.flatMap((s) => [...s.matchAll(YEAR)].map((m) => m[1]!));
  if (years.length) {
    const year = years.sort().at(-1)!;
    return now - dateEnd(year) > policy.staleAfterDays * 86_400_000 ? msg.figureYear(year) : undefined;
  }
  return isStale(p.doc.date, now, policy.staleAfterDays) ? msg.asOf(docDate(p.doc)) : undefined;
}

/** The answer text: quoted sentences, the "as of" note for old figures, and the source line. */
export function composeAnswer(sentences: readonly string[], p: IndexedPassage, now: number, policy: AnswerPolicy): string {
  const lines = [sentences.join(' ')];
  const note = figureNote(sentences, p, now, policy);
  if (note) lines.push(note);
  lines.push(msg.source(p.doc.title, docDate(p.doc)));
  return lines.join('\n');
}
