/**
 * Question focus: how much each question word counts when judging a passage.
 *
 * The principle (README, "Search"): a word counts when the knowledge or the glossary knows it.
 *  - A word some passage holds counts with its IDF over the passages.
 *  - A word the knowledge lacks but the glossary maps to known words (an abbreviation, a thesaurus synonym)
 *    counts with the IDF of those words, and is covered when they are matched.
 *  - A glossary phrase (thesaurus term, abbreviation meaning, domain term) that neither the knowledge nor any
 *    of its synonyms covers is an *uncovered domain term*: the question is about something the union's field
 *    holds but the knowledge does not say. Its words count at full weight and never match.
 *  - Any other word is the worker's own context (family, workplace, feelings, place of work): weight 0.
 *  - In a message of several clauses, words outside the clauses that ask (`…, cho em hỏi … không?`) are context
 *    too: they keep a fraction (CONTEXT_FACTOR) of their weight.
 */
import { knows, type Hit, type SearchIndex } from '../search/index.js';
import type { AnalysedQuery } from '../search/query.js';
import { bigrams } from '../search/tokenize.js';

export interface Focus {
  /** Folded content token → its weight in coverage. */
  weights: Map<string, number>;
  /** Glossary phrases the question names that the knowledge does not cover (as typed). */
  uncovered: string[];
  /** Share of content tokens that weigh nothing (context words). */
  contextShare: number;
  /** Names typed in the asking clauses that the knowledge does not hold (`Đà Nẵng`, `Bình Dương`), folded. */
  unknownNames: string[];
  /** Words the knowledge lacks that count through their meanings (an abbreviation, a synonym, a repair). */
  standIns: Set<string>;
}

type Idx = Pick<SearchIndex, 'idf' | 'maxIdf'>;

/** True when the knowledge holds the folded phrase: the word, or every bigram of it. */
export function phraseKnown(index: Idx, phrase: readonly string[]): boolean {
  if (phrase.length === 1) return knows(index, phrase[0]!);
  return bigrams(phrase).every((b) => knows(index, b));
}

/** Weight of a word outside the asking clauses of a long message (context, not the question). */
export const CONTEXT_FACTOR = 0.35;

export function focusOf(q: AnalysedQuery, index: Idx): Focus {
  const asking = new Set(q.asking);
  const uncoveredTokens = new Set<string>();
  const uncovered: string[] = [];
  for (const d of q.domain) {
    if (phraseKnown(index, d.phrase) || d.alternatives.some((a) => phraseKnown(index, a))) continue;
    uncovered.push(d.text);
    for (const t of d.phrase) uncoveredTokens.add(t);
  }
  const weights = new Map<string, number>();
  const standIns = new Set<string>();
  let zero = 0;
  for (const t of q.folded) {
    let w = 0;
    if (knows(index, t)) w = index.idf(t);
    else {
      const known = (q.meanings[t] ?? []).filter((parts) => parts.every((p) => knows(index, p)));
      if (known.length) {
        standIns.add(t);
        w = Math.max(...known.map((parts) => parts.reduce((s, p) => s + index.idf(p), 0) / parts.length));
      } else if (uncoveredTokens.has(t)) w = index.maxIdf;
    }
    if (w === 0) zero++;
    if (asking.size && !asking.has(t) && !uncoveredTokens.has(t)) w *= CONTEXT_FACTOR;
    weights.set(t, w);
  }
  // A name counts when the knowledge lacks it: the word, or one of its word pairs (`da_nang`, though `da` and
  // `nang` are known words).
  const unknownNames = q.names
    .filter((n) => !asking.size || n.some((t) => asking.has(t)))
    .filter((n) => !phraseKnown(index, n) && !phraseKnown(index, n.flatMap((t) => (knows(index, t) ? [t] : (q.meanings[t]?.[0] ?? [t])))))
    .map((n) => n.join(' '));
  return { weights, uncovered: [...new Set(uncovered)], contextShare: q.folded.length ? zero / q.folded.length : 0, unknownNames, standIns };
}

/** The words hold the token, or every word of one of its meanings. */
export const holds = (words: ReadonlySet<string>, q: AnalysedQuery, t: string) =>
  words.has(t) || (q.meanings[t]?.some((parts) => parts.every((p) => words.has(p))) ?? false);

/**
 * The hit matched the token, or every word of one of its meanings. A word the knowledge lacks (`vayvon`, `free`)
 * stands in for its meanings, and a longer meaning of it is searched by its word pairs (`vay_von`, `mien_phi`),
 * so for such a word the pairs matched count too.
 */
export const covers = (hit: Hit, q: AnalysedQuery, t: string, focus: Focus) =>
  holds(hit.matched, q, t) ||
  (focus.standIns.has(t) && (q.meanings[t]?.some((parts) => parts.length > 1 && bigrams(parts).every((b) => hit.matched.has(b))) ?? false));

/** Share of the question's focus weight that the hit matched. */
export function focusCoverage(hit: Hit, q: AnalysedQuery, focus: Focus): number {
  let total = 0;
  let got = 0;
  for (const [t, w] of focus.weights) {
    total += w;
    if (w > 0 && covers(hit, q, t, focus)) got += w;
  }
  return total > 0 ? got / total : 0;
}

/** Share of the question's bigrams of weighted words that the hit matched (term coverage when there are none). */
export function bigramCoverage(hit: Hit, q: AnalysedQuery, focus: Focus): number {
  const grams = q.bigrams.filter((b) => {
    const [a, c] = b.split('_');
    return (focus.weights.get(a!) ?? 0) > 0 && (focus.weights.get(c!) ?? 0) > 0;
  });
  if (!grams.length) return focusCoverage(hit, q, focus);
  return grams.filter((b) => hit.matched.has(b)).length / grams.length;
}
