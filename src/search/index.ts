import lunr from 'lunr';
import type { KnowledgeDoc, Passage } from '../knowledge/types.js';
import { fold } from './fold.js';
import type { AnalysedQuery } from './query.js';
import { bigrams, tokenize, tokenizePhrases } from './tokenize.js';

/** Retrieval weights, calibrated on the dev set (see README, "Search"). */
export const SEARCH_TUNING = {
  boosts: { text: 2, fold: 1, bi: 3, title: 1.5, titleBi: 2, expansion: 0.5 },
  policyBoost: 1.2,
  k1: 1.2,
  b: 0.75,
  candidates: 20,
};
export type SearchTuning = typeof SEARCH_TUNING;

/** Lunr pipeline function: NFC and trimming of non-letters at the edges. Registered so indexes serialise. */
const viNormalize: lunr.PipelineFunction = (token) =>
  token.update((s) => s.normalize('NFC').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')) as lunr.Token;
lunr.Pipeline.registerFunction(viNormalize, 'viNormalize');

/** A passage with everything needed to quote and cite it. */
export interface IndexedPassage extends Passage {
  doc: KnowledgeDoc;
}

export interface Hit {
  passage: IndexedPassage;
  score: number;
  /** Folded query terms (and bigrams) the passage matched, in any field. */
  matched: Set<string>;
}

export interface SearchIndex {
  passages: Map<string, IndexedPassage>;
  docs: KnowledgeDoc[];
  size: number;
  search(q: AnalysedQuery): Hit[];
  /** Inverse document frequency of a folded term over passages (max when the term is unknown). */
  idf(term: string): number;
}

interface Row {
  ref: string;
  text: string[];
  fold: string[];
  bi: string[];
  title: string[];
  titleBi: string[];
}

const foldedPhrases = (text: string) => tokenizePhrases(text).map((p) => p.map(fold));

function toRow(p: IndexedPassage): Row {
  const titleText = [p.doc.title, p.heading, ...p.doc.questions].join('. ');
  const titlePhrases = foldedPhrases(titleText);
  return {
    ref: p.ref,
    text: tokenize(p.text),
    fold: foldedPhrases(p.text).flat(),
    bi: foldedPhrases(p.text).flatMap(bigrams),
    title: titlePhrases.flat(),
    titleBi: titlePhrases.flatMap(bigrams),
  };
}

const FIELDS = ['text', 'fold', 'bi', 'title', 'titleBi'] as const;

/** Builds the Lunr index over every passage (pure, synchronous). */
export function buildIndex(docs: readonly KnowledgeDoc[], tuning: SearchTuning = SEARCH_TUNING): SearchIndex {
  const passages = new Map<string, IndexedPassage>();
  for (const doc of docs) for (const p of doc.passages) passages.set(p.ref, { ...p, doc });
  const { boosts } = tuning;
  const idx = lunr(function () {
    this.pipeline.reset();
    this.searchPipeline.reset();
    this.pipeline.add(viNormalize);
    this.searchPipeline.add(viNormalize);
    this.k1(tuning.k1);
    this.b(tuning.b);
    this.ref('ref');
    for (const f of FIELDS) this.field(f, { boost: boosts[f] });
    for (const p of passages.values()) {
      this.add(toRow(p), { boost: p.doc.kind === 'article' ? 1 : tuning.policyBoost });
    }
  });
  const n = passages.size;
  const maxIdf = Math.log(1 + (n + 0.5) / 0.5);
  const inverted = (idx as unknown as { invertedIndex: Record<string, Record<string, Record<string, unknown>>> })
    .invertedIndex;

  // The index never changes once built, so each term's IDF is computed once (the cache holds indexed terms only).
  const idfCache = new Map<string, number>();
  const idf = (term: string) => {
    const posting = inverted[term];
    if (!posting) return maxIdf;
    const cached = idfCache.get(term);
    if (cached !== undefined) return cached;
    const refs = new Set([...Object.keys(posting.fold ?? {}), ...Object.keys(posting.title ?? {}), ...Object.keys(posting.bi ?? {}), ...Object.keys(posting.titleBi ?? {})]);
    const value = refs.size === 0 ? maxIdf : Math.log(1 + (n - refs.size + 0.5) / (refs.size + 0.5));
    idfCache.set(term, value);
    return value;
  };

  const search = (q: AnalysedQuery): Hit[] => {
    if (q.folded.length === 0 && q.expansions.folded.length === 0) return [];
    const results = idx.query((query) => {
      if (q.tokens.length) query.term(q.tokens, { fields: ['text'] });
      if (q.folded.length) query.term(q.folded, { fields: ['fold', 'title'] });
      if (q.bigrams.length) query.term(q.bigrams, { fields: ['bi', 'titleBi'] });
      const ex = [...q.expansions.folded, ...q.expansions.bigrams];
      if (ex.length) query.term(ex, { fields: ['fold', 'bi', 'title', 'titleBi'], boost: boosts.expansion });
    });
    return results.slice(0, tuning.candidates).flatMap((r) => {
      const passage = passages.get(r.ref);
      if (!passage) return [];
      const matched = new Set<string>();
      for (const term of Object.keys(r.matchData.metadata)) matched.add(term);
      return [{ passage, score: r.score, matched }];
    });
  };

  return { passages, docs: [...docs], size: n, search, idf };
}
