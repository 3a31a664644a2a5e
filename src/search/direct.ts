/**
 * Builds `CompiledData` straight from the rows, computing exactly the weights Lunr 2.3.9's `Builder` stores
 * in its field vectors (its tokenizer lowercases array items, our pipeline runs on each, BM25 with k1 and b
 * over each field's average length, idf over the postings of every field, field and document boosts,
 * rounded to 3 decimals), without Lunr's per-token objects, inverted index with metadata or token set,
 * which cost 5–10× the arithmetic. `test/search-compiled.test.ts` checks it against `compileLunrData` of a
 * real Lunr index: same documents, same weights, for every term and field. Pure.
 */
import type { CompiledData } from './compiled.js';

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

export function buildCompiledDirect(rows: readonly DirectRow[], o: DirectOptions): CompiledData {
  const F = o.fields.length;
  const n = rows.length;
  const termNo = new Map<string, number>();
  const terms: string[] = [];
  /** Per term: per field the documents and term frequencies (documents ascending, as added). */
  const docsOf: (number[] | undefined)[][] = [];
  const tfsOf: (number[] | undefined)[][] = [];
  const df: number[] = [];
  const lengths = Array.from({ length: F }, () => new Float64Array(n));
  const sums = new Float64Array(F);
  const normalized = new Map<string, string>();
  const norm = (t: string) => {
    let v = normalized.get(t);
    if (v === undefined) normalized.set(t, (v = o.normalize(t.toLowerCase())));
    return v;
  };
  const tf = new Map<string, number>();

  rows.forEach((row, d) => {
    for (let f = 0; f < F; f++) {
      const tokens = row.fields[f] ?? [];
      tf.clear();
      for (const raw of tokens) {
        const t = norm(raw);
        tf.set(t, (tf.get(t) ?? 0) + 1);
      }
      lengths[f]![d] = tokens.length;
      sums[f] = sums[f]! + tokens.length;
      for (const [t, count] of tf) {
        let id = termNo.get(t);
        if (id === undefined) {
          id = terms.push(t) - 1;
          termNo.set(t, id);
          docsOf.push(new Array(F));
          tfsOf.push(new Array(F));
          df.push(0);
        }
        const docs = (docsOf[id]![f] ??= []);
        const tfs = (tfsOf[id]![f] ??= []);
        docs.push(d);
        tfs.push(count);
        df[id] = df[id]! + 1;
      }
    }
  });

  const avg = Array.from(sums, (s) => s / n);
  let entries = 0;
  let total = 0;
  for (let t = 0; t < terms.length; t++) for (let f = 0; f < F; f++) if (docsOf[t]![f]) (entries++, (total += docsOf[t]![f]!.length));
  const termStart = new Int32Array(terms.length + 1);
  const entryField = new Uint8Array(entries);
  const postStart = new Int32Array(entries + 1);
  const docs = new Int32Array(total);
  const weights = new Float64Array(total);
  const { k1, b } = o;
  let e = 0;
  let at = 0;
  for (let t = 0; t < terms.length; t++) {
    termStart[t] = e;
    const x = (n - df[t]! + 0.5) / (df[t]! + 0.5);
    const idf = Math.log(1 + Math.abs(x));
    for (let f = 0; f < F; f++) {
      const ds = docsOf[t]![f];
      if (!ds) continue;
      const tfs = tfsOf[t]![f]!;
      const fieldBoost = o.fieldBoosts[f] || 1;
      entryField[e] = f;
      postStart[e] = at;
      for (let i = 0; i < ds.length; i++) {
        const d = ds[i]!;
        const count = tfs[i]!;
        // The same operations in the same order as lunr.Builder#createFieldVectors.
        let score = (idf * ((k1 + 1) * count)) / (k1 * (1 - b + b * (lengths[f]![d]! / avg[f]!)) + count);
        score *= fieldBoost;
        score *= rows[d]!.boost || 1;
        docs[at] = d;
        weights[at] = Math.round(score * 1000) / 1000;
        at++;
      }
      e++;
    }
  }
  termStart[terms.length] = e;
  postStart[entries] = at;
  return { refs: rows.map((r) => r.ref), terms, fields: [...o.fields], termStart, entryField, postStart, docs, weights };
}
