import lunr from 'lunr';
import { splitSentences } from '../knowledge/passages.js';
import type { KnowledgeDoc, Passage } from '../knowledge/types.js';
import { foldWord } from './fold.js';
import type { AnalysedQuery } from './query.js';
import { compiledBuffers, docFrequencies, openCompiled, type Clause, type CompiledData } from './compiled.js';
import { buildCompiledDirect } from './direct.js';
import { hasQuantity } from './quantity.js';
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
const normalizeTerm = (s: string) => s.normalize('NFC').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
const viNormalize: lunr.PipelineFunction = (token) => token.update(normalizeTerm) as lunr.Token;
lunr.Pipeline.registerFunction(viNormalize, 'viNormalize');

/** A passage with everything needed to quote and cite it. */
export interface IndexedPassage extends Passage {
  doc: KnowledgeDoc;
  /** The text carries a figure (see `hasQuantity`); computed once, used when reranking. */
  hasQuantity: boolean;
  /** The text tells whom to contact or ask (`liên hệ`, `hãy hỏi`, `Ban Chấp hành`): answers how / where / whom. */
  contact: boolean;
  /** The text says what the note does not know (`chưa có thông tin về…`). */
  unknown: boolean;
  /** The text split into sentences (on first use: most passages are never quoted, and opening an index stays cheap). */
  readonly sentences: string[];
}

/** A sentence telling whom to contact or ask. */
export const CONTACT = /liên hệ|hãy hỏi|hãy báo|Ban Chấp hành/i;
/**
 * A sentence naming a person: `đồng chí`, `ông` or `bà` before a capitalised word, or a common Vietnamese
 * family name followed by two or three capitalised syllables (`Phạm Quang Thanh`). `Hai Bà Trưng` (capital
 * `Bà`) is a place, not a person; `Hồ Chí Minh` is matched too (the city as well as the man).
 */
export const PERSON =
  /(?<!\p{L})(đồng chí|Đồng chí|ông|bà) \p{Lu}|(?<!\p{L})(Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Hứa|Đinh|Đào|Lương|Trịnh|Mai|Trương|Tạ|Cao|Lâm|Hà|Tô|Quách|Chu|Thái|Kiều|Vương|Triệu|Đoàn|Lại|Khúc|Phùng|Nghiêm|Tăng|Lưu|Lục|Tống|Doãn|Đàm|Mạc|Thân|Giang|Tôn|Nông|Hầu|Châu)( \p{Lu}\p{Ll}*){2,3}(?!\p{L})/u;
/** A sentence saying what the note does not know ("Ghi chú này chưa có thông tin về lãi suất…"). */
export const UNKNOWN = /chưa có (thông tin|danh sách)/i;

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
  /** The largest IDF (that of a term no passage holds). */
  maxIdf: number;
}

/** True when some passage holds the folded term (a word, or a bigram `a_b`) in a folded field. */
export const knows = (index: Pick<SearchIndex, 'idf' | 'maxIdf'>, term: string) => index.idf(term) < index.maxIdf;

interface Row {
  ref: string;
  text: string[];
  fold: string[];
  bi: string[];
  title: string[];
  titleBi: string[];
}

const foldedPhrases = (text: string) => tokenizePhrases(text).map((p) => p.map(foldWord));

function toRow(p: IndexedPassage): Row {
  const titleText = [p.doc.title, p.heading, ...p.doc.questions].join('. ');
  const titlePhrases = foldedPhrases(titleText);
  const textPhrases = foldedPhrases(p.text);
  return {
    ref: p.ref,
    text: tokenize(p.text),
    fold: textPhrases.flat(),
    bi: textPhrases.flatMap(bigrams),
    title: titlePhrases.flat(),
    titleBi: titlePhrases.flatMap(bigrams),
  };
}

const FIELDS = ['text', 'fold', 'bi', 'title', 'titleBi'] as const;
/** Fields whose terms are folded: a term's IDF counts the passages holding it in any of them. */
const FOLDED_FIELDS = ['fold', 'title', 'bi', 'titleBi'];

/** The Lunr index over the passages, with our pipeline on both sides and no stemmer or stop-word filter. */
export function buildLunrIndex(passages: Iterable<IndexedPassage>, tuning: SearchTuning = SEARCH_TUNING): lunr.Index {
  const { boosts } = tuning;
  return lunr(function () {
    this.pipeline.reset();
    this.searchPipeline.reset();
    this.pipeline.add(viNormalize);
    this.searchPipeline.add(viNormalize);
    this.k1(tuning.k1);
    this.b(tuning.b);
    this.ref('ref');
    for (const f of FIELDS) this.field(f, { boost: boosts[f] });
    for (const p of passages) {
      this.add(toRow(p), { boost: p.doc.kind === 'article' ? 1 : tuning.policyBoost });
    }
  });
}

/** The clauses searched for a question: accented tokens, folded tokens, bigrams, glossary expansions (weaker). */
export function clausesOf(q: AnalysedQuery, tuning: SearchTuning = SEARCH_TUNING): Clause[] {
  const clauses: Clause[] = [];
  if (q.tokens.length) clauses.push({ terms: q.tokens, fields: ['text'] });
  if (q.folded.length) clauses.push({ terms: q.folded, fields: ['fold', 'title'] });
  if (q.bigrams.length) clauses.push({ terms: q.bigrams, fields: ['bi', 'titleBi'] });
  const ex = [...q.expansions.folded, ...q.expansions.bigrams];
  if (ex.length) clauses.push({ terms: ex, fields: ['fold', 'bi', 'title', 'titleBi'], boost: tuning.boosts.expansion });
  for (const a of q.alterations) clauses.push({ terms: a.terms, fields: ['fold', 'bi', 'title', 'titleBi'], boost: tuning.boosts.expansion * a.weight * 2 });
  return clauses;
}

/** The search index as plain data (typed arrays and strings): built in a worker thread, cached on disk. */
export interface IndexData {
  compiled: CompiledData;
  /** Document number → group of passages with the same text (copies take one place among the candidates). */
  group: Int32Array;
  /** Document number → what answering reads of the passage's text, as bits (`FLAG`), tested once at build. */
  flags: Uint8Array;
  /** Term number → passages holding it in a folded field (for its IDF), counted once at build. */
  foldedDf: Int32Array;
}

/** The bits of `IndexData.flags`. */
const FLAG = { quantity: 1, contact: 2, unknown: 4 } as const;

const flagsOf = (text: string) => (hasQuantity(text) ? FLAG.quantity : 0) | (CONTACT.test(text) ? FLAG.contact : 0) | (UNKNOWN.test(text) ? FLAG.unknown : 0);

/** The buffers of `IndexData`, for a `postMessage` transfer list. */
export const indexBuffers = (d: IndexData): ArrayBuffer[] => [...compiledBuffers(d.compiled), ...[d.group, d.flags, d.foldedDf].map((a) => a.buffer as ArrayBuffer)];

/** A passage with what answering reads of it (its flags given: tested at build, read back at open). */
class OpenPassage implements IndexedPassage {
  readonly ref: string;
  readonly docId: string;
  readonly n: number;
  readonly heading: string;
  readonly text: string;
  readonly contact: boolean;
  readonly unknown: boolean;
  readonly hasQuantity: boolean;
  #sentences: string[] | undefined = undefined;
  constructor(
    p: Passage,
    readonly doc: KnowledgeDoc,
    /** The bits of `IndexData.flags`. */
    readonly flags: number,
  ) {
    this.ref = p.ref;
    this.docId = p.docId;
    this.n = p.n;
    this.heading = p.heading;
    this.text = p.text;
    this.hasQuantity = (flags & FLAG.quantity) !== 0;
    this.contact = (flags & FLAG.contact) !== 0;
    this.unknown = (flags & FLAG.unknown) !== 0;
  }
  get sentences(): string[] {
    return (this.#sentences ??= splitSentences(this.text));
  }
}

const indexedPassage = (p: Passage, doc: KnowledgeDoc, flags: number): IndexedPassage => new OpenPassage(p, doc, flags);

const indexedPassages = (docs: readonly KnowledgeDoc[]) => {
  const passages = new Map<string, OpenPassage>();
  for (const doc of docs) for (const p of doc.passages) passages.set(p.ref, new OpenPassage(p, doc, flagsOf(p.text)));
  return passages;
};

/** Builds the index data over every passage (pure, synchronous, the costly part). */
export function buildIndexData(docs: readonly KnowledgeDoc[], tuning: SearchTuning = SEARCH_TUNING): IndexData {
  const passages = indexedPassages(docs);
  // Lunr's weights computed directly (src/search/direct.ts; equal to `compileLunrData(buildLunrIndex(…))`).
  const compiled = buildCompiledDirect(
    [...passages.values()].map((p) => {
      const row = toRow(p);
      return { ref: row.ref, fields: FIELDS.map((f) => row[f]), boost: p.doc.kind === 'article' ? 1 : tuning.policyBoost };
    }),
    { fields: FIELDS, fieldBoosts: FIELDS.map((f) => tuning.boosts[f]), k1: tuning.k1, b: tuning.b, normalize: normalizeTerm },
  );
  const byDoc = compiled.refs.map((ref) => passages.get(ref)!);
  const groupOfText = new Map<string, number>();
  const group = Int32Array.from(byDoc, (p) => {
    let g = groupOfText.get(p.text);
    if (g === undefined) groupOfText.set(p.text, (g = groupOfText.size));
    return g;
  });
  return { compiled, group, flags: Uint8Array.from(byDoc, (p) => p.flags), foldedDf: docFrequencies(compiled, FOLDED_FIELDS) };
}

/** The index pipeline as a function (Lunr's pipeline functions do not travel with the data). */
function termPipeline(): (term: string) => string[] {
  const pipeline = new lunr.Pipeline();
  pipeline.add(viNormalize);
  return (t) => pipeline.runString(t);
}

/**
 * Builds the search index over every passage (pure, synchronous): Lunr's BM25 weights as flat postings
 * (`buildIndexData`), opened for querying.
 */
export function buildIndex(docs: readonly KnowledgeDoc[], tuning: SearchTuning = SEARCH_TUNING): SearchIndex {
  return openIndex(docs, buildIndexData(docs, tuning), tuning);
}

/** Opens index data built over `docs` for searching (cheap: no Lunr, no analysis of the texts). */
export function openIndex(docs: readonly KnowledgeDoc[], data: IndexData, tuning: SearchTuning = SEARCH_TUNING): SearchIndex {
  return runSteps(openIndexSteps(docs, data, tuning));
}

/** Runs a step generator to its end. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Passages opened per step of `openIndexSteps`: a step of well under a millisecond at any scale. */
const PASSAGES_PER_STEP = 200;

/**
 * `openIndex` in steps: yields every couple of hundred passages, so a caller on a busy event loop can let other
 * work run between two steps (opening an index of 20,000 passages takes tens of milliseconds).
 */
export function* openIndexSteps(docs: readonly KnowledgeDoc[], data: IndexData, tuning: SearchTuning = SEARCH_TUNING): Generator<void, SearchIndex> {
  const compiled = openCompiled(data.compiled, termPipeline());
  // Document numbers follow the passages in order (as they were indexed).
  let next = 0;
  const passages = new Map<string, IndexedPassage>();
  let sinceYield = 0;
  for (const doc of docs) {
    for (const p of doc.passages) passages.set(p.ref, indexedPassage(p, doc, data.flags[next++]!));
    sinceYield += doc.passages.length;
    if (sinceYield >= PASSAGES_PER_STEP) {
      sinceYield = 0;
      yield;
    }
  }
  const byDoc = [...passages.values()];
  const { group } = data;
  const n = passages.size;
  const maxIdf = Math.log(1 + (n + 0.5) / 0.5);

  // Document frequencies were counted with the data, so a fresh snapshot answers as fast as a warm one.
  const idf = (term: string) => {
    const t = compiled.termNumber(term);
    const df = t < 0 ? 0 : data.foldedDf[t]!;
    return df === 0 ? maxIdf : Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  const search = (q: AnalysedQuery): Hit[] => {
    if (q.folded.length === 0 && q.expansions.folded.length === 0 && q.alterations.length === 0) return [];
    const query = compiled.prepare(clausesOf(q, tuning));
    return compiled.top(query, tuning.candidates, group).map(({ doc, score, matched }) => ({ passage: byDoc[doc]!, score, matched }));
  };

  return { passages, docs: [...docs], size: n, search, idf, maxIdf };
}
