/**
 * Builds `CompiledData` straight from the rows, computing exactly the weights Lunr 2.3.9's `Builder` stores
 * in its field vectors (its tokenizer lowercases array items, our pipeline runs on each, BM25 with k1 and b
 * over each field's average length, idf over the postings of every field, field and document boosts,
 * rounded to 3 decimals), without Lunr's per-token objects, inverted index with metadata or token set,
 * which cost 5–10× the arithmetic. `test/search-compiled.test.ts` checks it against `compileLunrData` of a
 * real Lunr index: same documents, same weights, for every term and field. Pure.
 */
import { termTable, type CompiledData } from './compiled.js';

export interface DirectRow {
  ref: string;
  /** Field → tokens (as given to Lunr). */
  fields: readonly (readonly string[])[];
  boost: number;
}

export interface DirectOptions {
  fields: readonly string[];
  fieldBoosts: readonly number[];
  k1: number;
  b: number;
  /** Lunr's pipeline on one token (after the tokenizer's lowercasing). */
  normalize: (token: string) => string;
}

/** A growable Int32Array. */
class IntList {
  a = new Int32Array(1024);
  n = 0;
  push(v: number) {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

export function buildCompiledDirect(rows: readonly DirectRow[], o: DirectOptions): CompiledData {
  const F = o.fields.length;
  const n = rows.length;
  const terms: string[] = [];
  const termNo = new Map<string, number>();
  /** Raw token → term number (the lowercasing and the pipeline run once per distinct token). */
  const rawNo = new Map<string, number>();
  const idOf = (raw: string) => {
    let id = rawNo.get(raw);
    if (id === undefined) {
      const t = o.normalize(raw.toLowerCase());
      id = termNo.get(t);
      if (id === undefined) {
        id = terms.push(t) - 1;
        termNo.set(t, id);
        counts.push(0);
        df.push(0);
      }
      rawNo.set(raw, id);
    }
    return id;
  };
  const counts: number[] = [];
  const df: number[] = [];
  const touched: number[] = [];
  const lengths = Array.from({ length: F }, () => new Float64Array(n));
  const sums = new Float64Array(F);
  // One (entry = term·F + field, document, term frequency) triple per posting, documents in order.
  const entryOf = new IntList();
  const docOf = new IntList();
  const tfOf = new IntList();

  for (let d = 0; d < n; d++) {
    const row = rows[d]!;
    for (let f = 0; f < F; f++) {
      const tokens = row.fields[f] ?? [];
      for (const raw of tokens) {
        const id = idOf(raw);
        if (counts[id] === 0) touched.push(id);
        counts[id]!++;
      }
      lengths[f]![d] = tokens.length;
      sums[f] = sums[f]! + tokens.length;
      for (const id of touched) {
        entryOf.push(id * F + f);
        docOf.push(d);
        tfOf.push(counts[id]!);
        df[id]!++;
        counts[id] = 0;
      }
      touched.length = 0;
    }
  }

  // Counting sort of the triples by entry (stable: documents stay ascending within an entry).
  const E = terms.length * F;
  const start = new Int32Array(E + 1);
  for (let i = 0; i < entryOf.n; i++) start[entryOf.a[i]! + 1]!++;
  for (let e = 0; e < E; e++) start[e + 1]! += start[e]!;
  const total = entryOf.n;
  const docs = new Int32Array(total);
  const weights = new Float64Array(total);
  const avg = Array.from(sums, (s) => s / n);
  const idf = df.map((m) => Math.log(1 + Math.abs((n - m + 0.5) / (m + 0.5))));
  const { k1, b } = o;
  const fill = start.slice(0, E);
  for (let i = 0; i < total; i++) {
    const e = entryOf.a[i]!;
    const t = (e / F) | 0;
    const f = e - t * F;
    const d = docOf.a[i]!;
    const count = tfOf.a[i]!;
    // The same operations in the same order as lunr.Builder#createFieldVectors.
    let score = (idf[t]! * ((k1 + 1) * count)) / (k1 * (1 - b + b * (lengths[f]![d]! / avg[f]!)) + count);
    score *= o.fieldBoosts[f] || 1;
    score *= rows[d]!.boost || 1;
    const at = fill[e]!++;
    docs[at] = d;
    weights[at] = Math.round(score * 1000) / 1000;
  }

  let entries = 0;
  for (let e = 0; e < E; e++) if (start[e + 1]! > start[e]!) entries++;
  const termStart = new Int32Array(terms.length + 1);
  const entryField = new Uint8Array(entries);
  const postStart = new Int32Array(entries + 1);
  let k = 0;
  for (let t = 0; t < terms.length; t++) {
    termStart[t] = k;
    for (let f = 0; f < F; f++) {
      const e = t * F + f;
      if (start[e + 1]! === start[e]!) continue;
      entryField[k] = f;
      postStart[k] = start[e]!;
      k++;
    }
  }
  termStart[terms.length] = k;
  postStart[entries] = total;
  return { refs: rows.map((r) => r.ref), terms, termHash: termTable(terms), fields: [...o.fields], termStart, entryField, postStart, docs, weights };
}
