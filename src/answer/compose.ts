import { splitSentences } from '../knowledge/passages.js';
import { msg } from '../messages.js';
import type { IndexedPassage, SearchIndex } from '../search/index.js';
import type { AnalysedQuery } from '../search/query.js';
import { foldWord } from '../search/fold.js';
import { hasQuantity } from '../search/quantity.js';
import { bigrams, tokenizePhrases } from '../search/tokenize.js';
import type { SourceRef } from './types.js';
import { docDate, isStale } from './dates.js';
import type { AnswerPolicy } from './policy.js';

/** Scores a sentence by the IDF of the query terms and bigrams it contains. */
function scoreSentence(sentence: string, q: AnalysedQuery, idf: (t: string) => number): number {
  const phrases = tokenizePhrases(sentence).map((p) => p.map(foldWord));
  const words = new Set(phrases.flat());
  const grams = new Set(phrases.flatMap(bigrams));
  const wanted = [...q.folded, ...q.expansions.folded];
  let score = 0;
  for (const t of new Set(wanted)) if (words.has(t)) score += idf(t);
  for (const b of q.bigrams) if (grams.has(b)) score += idf(b);
  return score;
}

/** Picks 1–3 sentences of the passage that best match the question, in their original order. */
export function extractSentences(passage: IndexedPassage, q: AnalysedQuery, index: SearchIndex, policy: AnswerPolicy): string[] {
  // issue 12: an officer's short FAQ answer is quoted whole (its later sentences rarely repeat the question's words).
  if (passage.doc.kind === 'faq' && passage.text.length <= policy.maxAnswerChars) return [passage.text];
  const sentences = splitSentences(passage.text);
  const bonus = (s: string) => (hasQuantity(s) ? (q.wantsNumber ? policy.numberBonus : policy.factBonus) : 1);
  const scored = sentences.map((s, i) => ({ s, i, score: scoreSentence(s, q, index.idf) * bonus(s) }));
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
  return chosen.sort((a, b) => a.i - b.i).map((x) => x.s);
}

/** The citation of a passage's document. */
export function sourceOf(p: IndexedPassage): SourceRef {
  return { title: p.doc.title, date: p.doc.date, file: p.doc.file };
}

/** The answer text: quoted sentences, the "as of" note for old sources, and the source line. */
export function composeAnswer(sentences: readonly string[], p: IndexedPassage, now: number, policy: AnswerPolicy): string {
  const lines = [sentences.join(' ')];
  if (isStale(p.doc.date, now, policy.staleAfterDays)) lines.push(msg.asOf(docDate(p.doc)));
  lines.push(msg.source(p.doc.title, docDate(p.doc)));
  return lines.join('\n');
}
