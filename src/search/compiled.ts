/**
 * Lunr's built index compiled for fast querying. Lunr computes the index (our pipeline, BM25 weights with
 * field and document boosts, stored as field vectors); `Index#query` then allocates a FieldRef and a
 * MatchData per matching posting and merges sparse vectors per document, which costs 10–100× more than
 * the arithmetic. This module inverts Lunr's field vectors into flat postings (documents ascending, Lunr's
 * own weights) and scores exact-term clauses with the same formula as `Index#query`:
 *
 *   score(d) = Σ_field  Σ_term q_field[term] · w_field(term, d) / ‖q_field‖
 *
 * where q_field[term] sums the boosts of every clause naming the term for that field, counting only terms
 * the index knows. Terms are exact: Lunr reads `*` as a wildcard, and our tokens never hold one.
 * `test/search-compiled.test.ts` checks the scores and matched terms against Lunr's own
 * `Index#query` on the real knowledge. Pure apart from a scratch buffer reused between calls.
 */
import type lunr from 'lunr';

/** Documents (ascending numbers) holding a term in one field, with Lunr's weight for each. */
export interface Posting {
  docs: Int32Array;
  weights: Float64Array;
}

/** One query clause: exact terms searched in some fields with a boost (Lunr's `query.term(terms, { fields, boost })`). */
export interface Clause {
  terms: readonly string[];
  fields: readonly string[];
  boost?: number;
}

/** Clauses with their terms run through the index pipeline once, ready to score and to check matches. */
export interface PreparedQuery {
  /** Field → term → summed boost, over terms the index knows (Lunr's query vectors). */
  vectors: Map<string, Map<string, number>>;
  /** Each clause's known terms (after the pipeline) and fields. */
  clauses: { terms: string[]; fields: readonly string[] }[];
  /** Every known term → its number in order of first appearance (the first 32 are tracked as bits while scoring). */
  termIds: Map<string, number>;
}

export interface ScoredDoc {
  doc: number;
  score: number;
  /** The query terms the document matched (as `matchedTerms` gives them). */
  matched: Set<string>;
}

export interface CompiledIndex {
  /** Document number → Lunr ref, in the order documents were added. */
  refs: readonly string[];
  /** Term → field → posting (looked up lazily in the flat arrays of `CompiledData`). */
  postings: PostingTable;
  /**
   * The best `limit` documents by score, best first (ties: lower number first). With `group` (document →
   * group number), only the best document of each group is kept, so copies of one passage take one place.
   */
  top(query: PreparedQuery, limit: number, group?: Int32Array): ScoredDoc[];
  /** Every matching document's score, as Lunr's `Index#query` would give it (for tests and tools). */
  scores(query: PreparedQuery): Map<number, number>;
  /** The terms of the clauses that match `doc` in one of their clause's fields (after the pipeline). */
  matchedTerms(query: PreparedQuery, doc: number): Set<string>;
  /** Runs the clauses' terms through the index pipeline and sums their boosts per field. */
  prepare(clauses: readonly Clause[]): PreparedQuery;
  /** The term's number in `CompiledData.terms`, or -1 when the index does not know it. */
  termNumber(term: string): number;
}

/** Term → field → posting, read-only (the subset of `ReadonlyMap` the searcher uses). */
export interface PostingTable {
  has(term: string): boolean;
  get(term: string): ReadonlyMap<string, Posting> | undefined;
  keys(): IterableIterator<string>;
  readonly size: number;
}

/**
 * The compiled index as plain data: a few flat typed arrays and two string lists, so a worker thread can
 * build it and hand it over by structured clone, the typed arrays transferred rather than copied, and a
 * cache file can hold it. Term `t` owns entries `termStart[t] .. termStart[t+1]`; entry `e` is the posting
 * of field `fields[entryField[e]]`, documents and weights `postStart[e] .. postStart[e+1]`.
 */
export interface CompiledData {
  refs: string[];
  terms: string[];
  /**
   * Open-addressing hash table of the terms (`termTable`): slot → term number + 1, 0 when empty. Built with
   * the data, so opening it on the answering thread costs no Map of every term.
   */
  termHash: Int32Array;
  fields: string[];
  termStart: Int32Array;
  entryField: Uint8Array;
  postStart: Int32Array;
  docs: Int32Array;
  weights: Float64Array;
}

/** The buffers of `CompiledData`, for a `postMessage` transfer list. */
export const compiledBuffers = (d: CompiledData): ArrayBuffer[] =>
  [d.termHash, d.termStart, d.entryField, d.postStart, d.docs, d.weights].map((a) => a.buffer as ArrayBuffer);

/** FNV-1a over UTF-16 code units. */
function hashTerm(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The hash table of `CompiledData.termHash` over these terms (a power of two ≥ 2 × terms, linear probing). */
export function termTable(terms: readonly string[]): Int32Array {
  let size = 16;
  while (size < terms.length * 2) size *= 2;
  const table = new Int32Array(size);
  const mask = size - 1;
  terms.forEach((t, i) => {
    let slot = hashTerm(t) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = i + 1;
  });
  return table;
}

/** The number of `term` in `terms`, through its table, or -1. */
function lookupTerm(table: Int32Array, terms: readonly string[], term: string): number {
  const mask = table.length - 1;
  for (let slot = hashTerm(term) & mask; ; slot = (slot + 1) & mask) {
    const v = table[slot]!;
    if (v === 0) return -1;
    if (terms[v - 1] === term) return v - 1;
  }
}

/** The parts of a built `lunr.Index` the compiler reads (its constructor attributes, untyped in @types/lunr). */
export interface LunrIndexParts {
  invertedIndex: Record<string, { _index: number }>;
  fieldVectors: Record<string, { elements: number[] }>;
  pipeline: lunr.Pipeline;
}

/** A built Lunr index seen through its constructor attributes. */
export const lunrIndexParts = (idx: lunr.Index): LunrIndexParts => idx as unknown as LunrIndexParts;

interface Building {
  docs: number[];
  weights: number[];
}

/**
 * Every term's document frequency over some fields (term number → documents holding it in any of them),
 * computed once with the data so that no answer pays for it: a union of several postings costs as much as
 * the postings are long, and at ×100 a common word's are most of the passages.
 */
export function docFrequencies(data: CompiledData, fields: readonly string[]): Int32Array {
  const wanted = new Uint8Array(data.fields.length);
  data.fields.forEach((f, i) => (wanted[i] = fields.includes(f) ? 1 : 0));
  const stamp = new Int32Array(data.refs.length); // document → last term (+ 1) that counted it
  const out = new Int32Array(data.terms.length);
  for (let t = 0; t < data.terms.length; t++) {
    let count = 0;
    for (let e = data.termStart[t]!; e < data.termStart[t + 1]!; e++) {
      if (wanted[data.entryField[e]!] === 0) continue;
      for (let i = data.postStart[e]!; i < data.postStart[e + 1]!; i++) {
        const d = data.docs[i]!;
        if (stamp[d] !== t + 1) {
          stamp[d] = t + 1;
          count++;
        }
      }
    }
    out[t] = count;
  }
  return out;
}

/** Compiles a built Lunr index into plain data (see `CompiledData`). */
export function compileLunrData(idx: LunrIndexParts): CompiledData {
  const termByIndex: string[] = [];
  for (const [term, posting] of Object.entries(idx.invertedIndex)) termByIndex[posting._index] = term;

  const docByRef = new Map<string, number>();
  const refs: string[] = [];
  const building = new Map<string, Map<string, Building>>();
  for (const [fieldRef, vector] of Object.entries(idx.fieldVectors)) {
    const slash = fieldRef.indexOf('/'); // lunr.FieldRef: `<field>/<ref>`, field names hold no `/`
    const field = fieldRef.slice(0, slash);
    const ref = fieldRef.slice(slash + 1);
    let doc = docByRef.get(ref);
    if (doc === undefined) {
      doc = refs.length;
      refs.push(ref);
      docByRef.set(ref, doc);
    }
    const { elements } = vector;
    for (let i = 0; i < elements.length; i += 2) {
      const term = termByIndex[elements[i]!]!;
      let byField = building.get(term);
      if (!byField) building.set(term, (byField = new Map()));
      let b = byField.get(field);
      if (!b) byField.set(field, (b = { docs: [], weights: [] }));
      b.docs.push(doc);
      b.weights.push(elements[i + 1]!);
    }
  }

  return flatten(refs, building);
}

/** Compiles a built Lunr index (the index itself can be dropped afterwards). */
export function compileLunrIndex(idx: LunrIndexParts): CompiledIndex {
  const { pipeline } = idx; // not `idx` itself: the Lunr index must not stay reachable
  return openCompiled(compileLunrData(idx), (t) => pipeline.runString(t));
}

/** Lays the postings out in the flat arrays of `CompiledData`. */
function flatten(refs: string[], building: Map<string, Map<string, Building>>): CompiledData {
  const fields: string[] = [];
  const fieldNo = new Map<string, number>();
  let entries = 0;
  let total = 0;
  for (const byField of building.values()) {
    entries += byField.size;
    for (const [field, b] of byField) {
      total += b.docs.length;
      if (!fieldNo.has(field)) fieldNo.set(field, fields.push(field) - 1);
    }
  }
  const terms = [...building.keys()];
  const termStart = new Int32Array(terms.length + 1);
  const entryField = new Uint8Array(entries);
  const postStart = new Int32Array(entries + 1);
  const docs = new Int32Array(total);
  const weights = new Float64Array(total);
  let e = 0;
  let at = 0;
  terms.forEach((term, t) => {
    termStart[t] = e;
    for (const [field, raw] of building.get(term)!) {
      const b = sortedPosting(raw);
      entryField[e] = fieldNo.get(field)!;
      postStart[e] = at;
      docs.set(b.docs, at);
      weights.set(b.weights, at);
      at += b.docs.length;
      e++;
    }
  });
  termStart[terms.length] = e;
  postStart[entries] = at;
  return { refs, terms, termHash: termTable(terms), fields, termStart, entryField, postStart, docs, weights };
}

/**
 * Opens compiled data for querying; `pipeline` is the index's term pipeline (functions do not travel with
 * the data). Cheap: terms are found through the data's hash table; each term's postings are views made on
 * first use.
 */
export function openCompiled(data: CompiledData, pipeline: (term: string) => string[]): CompiledIndex {
  const opened = new Map<number, ReadonlyMap<string, Posting>>();
  const postingsOf = (t: number): ReadonlyMap<string, Posting> => {
    let out = opened.get(t);
    if (out) return out;
    const m = new Map<string, Posting>();
    for (let e = data.termStart[t]!; e < data.termStart[t + 1]!; e++) {
      const from = data.postStart[e]!;
      const to = data.postStart[e + 1]!;
      m.set(data.fields[data.entryField[e]!]!, { docs: data.docs.subarray(from, to), weights: data.weights.subarray(from, to) });
    }
    opened.set(t, (out = m));
    return out;
  };
  const postings: PostingTable = {
    has: (term) => lookupTerm(data.termHash, data.terms, term) >= 0,
    get: (term) => {
      const t = lookupTerm(data.termHash, data.terms, term);
      return t < 0 ? undefined : postingsOf(t);
    },
    keys: () => data.terms.values(),
    size: data.terms.length,
  };
  return createCompiled(data.refs, postings, pipeline, (term) => lookupTerm(data.termHash, data.terms, term));
}

/** Field vectors are visited in insertion order, so documents are usually ascending already; sort otherwise. */
function sortedPosting(b: Building): Posting {
  let ascending = true;
  for (let i = 1; i < b.docs.length; i++) if (b.docs[i]! <= b.docs[i - 1]!) ascending = false;
  if (!ascending) {
    const order = b.docs.map((_, i) => i).sort((x, y) => b.docs[x]! - b.docs[y]!);
    b = { docs: order.map((i) => b.docs[i]!), weights: order.map((i) => b.weights[i]!) };
  }
  return { docs: Int32Array.from(b.docs), weights: Float64Array.from(b.weights) };
}

function contains(docs: Int32Array, doc: number): boolean {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = docs[mid]!;
    if (v === doc) return true;
    if (v < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function createCompiled(refs: string[], postings: PostingTable, pipeline: (term: string) => string[], termNumber: (term: string) => number): CompiledIndex {
  const n = refs.length;
  const acc = new Float64Array(n);
  const seen = new Uint8Array(n);
  const touched = new Int32Array(n);
  const masks = new Uint32Array(n);
  const BITS = 32;

  const prepare = (clauses: readonly Clause[]): PreparedQuery => {
    const vectors = new Map<string, Map<string, number>>();
    const prepared: PreparedQuery['clauses'] = [];
    const termIds = new Map<string, number>();
    for (const c of clauses) {
      const boost = c.boost ?? 1;
      const terms: string[] = [];
      for (const raw of c.terms) {
        for (const term of pipeline(raw)) {
          if (!postings.has(term)) continue;
          terms.push(term);
          if (!termIds.has(term)) termIds.set(term, termIds.size);
          for (const field of c.fields) {
            let v = vectors.get(field);
            if (!v) vectors.set(field, (v = new Map()));
            v.set(term, (v.get(term) ?? 0) + boost);
          }
        }
      }
      prepared.push({ terms, fields: c.fields });
    }
    return { vectors, clauses: prepared, termIds };
  };

  /** Accumulates scores into the scratch buffer; returns how many documents were touched. */
  const accumulate = (query: PreparedQuery): number => {
    let count = 0;
    for (const [field, vector] of query.vectors) {
      let sumSquares = 0;
      for (const w of vector.values()) sumSquares += w * w;
      const magnitude = Math.sqrt(sumSquares);
      for (const [term, w] of vector) {
        const posting = postings.get(term)?.get(field);
        if (!posting) continue;
        const factor = w / magnitude;
        const id = query.termIds.get(term)!;
        const bit = id < BITS ? 1 << id : 0;
        const { docs, weights } = posting;
        for (let i = 0; i < docs.length; i++) {
          const d = docs[i]!;
          if (seen[d] === 0) {
            seen[d] = 1;
            touched[count++] = d;
          }
          acc[d] = acc[d]! + weights[i]! * factor;
          masks[d] = masks[d]! | bit;
        }
      }
    }
    return count;
  };

  const reset = (count: number) => {
    for (let i = 0; i < count; i++) {
      const d = touched[i]!;
      acc[d] = 0;
      seen[d] = 0;
      masks[d] = 0;
    }
  };

  /** Matched terms from the bits set while scoring, and by lookup for terms past the 32nd. */
  const matchedFromMask = (query: PreparedQuery, doc: number) => {
    const out = new Set<string>();
    const mask = masks[doc]!;
    let rest = false;
    for (const [term, id] of query.termIds) {
      if (id >= BITS) rest = true;
      else if (mask & (1 << id)) out.add(term);
    }
    if (rest) for (const term of matchedTerms(query, doc)) out.add(term);
    return out;
  };

  // Best document per group of copies, by document number; -1 when the group was not touched.
  const groupBest = new Int32Array(n).fill(-1);
  const groupsTouched = new Int32Array(n);
  /** The ranking order: a higher score, then the lower document number (a total order, so ties are stable). */
  const beats = (a: number, b: number) => acc[a]! > acc[b]! || (acc[a] === acc[b] && a < b);

  // Allocation-free until the last `limit` documents: at ×100 a common word touches most passages, and one
  // object per touched passage per question was most of the answering thread's garbage.
  const top = (query: PreparedQuery, limit: number, group?: Int32Array): ScoredDoc[] => {
    const count = accumulate(query);
    let groups = 0;
    try {
      const best: number[] = []; // document numbers, best first, at most `limit`
      const offer = (d: number) => {
        if (best.length === limit && !beats(d, best[limit - 1]!)) return;
        let at = best.length;
        while (at > 0 && beats(d, best[at - 1]!)) at--;
        best.splice(at, 0, d);
        if (best.length > limit) best.pop();
      };
      if (group) {
        for (let i = 0; i < count; i++) {
          const d = touched[i]!;
          const g = group[d]!;
          const cur = groupBest[g]!;
          if (cur < 0) {
            groupBest[g] = d;
            groupsTouched[groups++] = g;
          } else if (beats(d, cur)) groupBest[g] = d;
        }
        for (let i = 0; i < groups; i++) offer(groupBest[groupsTouched[i]!]!);
      } else {
        for (let i = 0; i < count; i++) offer(touched[i]!);
      }
      return best.map((d) => ({ doc: d, score: acc[d]!, matched: matchedFromMask(query, d) }));
    } finally {
      for (let i = 0; i < groups; i++) groupBest[groupsTouched[i]!] = -1;
      reset(count);
    }
  };

  const scores = (query: PreparedQuery) => {
    const count = accumulate(query);
    const out = new Map<number, number>();
    for (let i = 0; i < count; i++) out.set(touched[i]!, acc[touched[i]!]!);
    reset(count);
    return out;
  };

  const matchedTerms = (query: PreparedQuery, doc: number) => {
    const out = new Set<string>();
    for (const c of query.clauses) {
      for (const term of c.terms) {
        if (out.has(term)) continue;
        const byField = postings.get(term)!;
        for (const f of c.fields) {
          const p = byField.get(f);
          if (p !== undefined && contains(p.docs, doc)) {
            out.add(term);
            break;
          }
        }
      }
    }
    return out;
  };

  return { refs, postings, prepare, top, scores, matchedTerms, termNumber };
}
