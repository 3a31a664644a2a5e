import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import lunr from 'lunr';
import { describe, expect, it } from 'vitest';
import { compileLunrData, compileLunrIndex, docFrequencies, lunrIndexParts, openCompiled, type Clause, type CompiledData, type CompiledIndex } from '../src/search/compiled.js';
import { buildIndex, buildIndexData, buildLunrIndex, clausesOf, type IndexedPassage } from '../src/search/index.js';
import { analyseQuery } from '../src/search/query.js';
import { realSnapshot } from './support/knowledge.js';

/** Lunr's own evaluation of the same clauses. */
function lunrQuery(idx: lunr.Index, clauses: readonly Clause[]): lunr.Index.Result[] {
  return idx.query((q) => {
    for (const c of clauses) q.term([...c.terms], { fields: [...c.fields], boost: c.boost ?? 1 });
  });
}

const questions = readFileSync(new URL('./eval/dev.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { q: string }).q);

async function realIndexes(): Promise<{ idx: lunr.Index; compiled: CompiledIndex; passages: IndexedPassage[] }> {
  const snap = await realSnapshot();
  const passages = [...snap.index.passages.values()];
  const idx = buildLunrIndex(passages);
  return { idx, compiled: compileLunrIndex(lunrIndexParts(idx)), passages };
}

/** Asserts that the compiled index gives Lunr's scores and matched terms for these clauses. */
function expectSameAsLunr(idx: lunr.Index, compiled: CompiledIndex, clauses: readonly Clause[], label: string) {
  const expected = lunrQuery(idx, clauses);
  const query = compiled.prepare(clauses);
  const got = compiled.scores(query);
  expect(got.size, label).toBe(expected.length);
  for (const r of expected) {
    const doc = compiled.refs.indexOf(r.ref);
    expect(got.get(doc), `${label} ${r.ref}`).toBeCloseTo(r.score, 9);
    expect([...compiled.matchedTerms(query, doc)].sort(), `${label} ${r.ref}`).toEqual(Object.keys(r.matchData.metadata).sort());
  }
  const top = compiled.top(query, 5);
  expect(top.map((t) => t.score)).toEqual(expected.slice(0, 5).map((r) => got.get(compiled.refs.indexOf(r.ref))));
  for (const t of top) expect([...t.matched].sort(), `${label} top ${t.doc}`).toEqual([...compiled.matchedTerms(query, t.doc)].sort());
}

/** Term → field → [docs, weights] of compiled data, for comparing two builds whatever their term order. */
function postingsOf(d: CompiledData): Map<string, Map<string, [number[], number[]]>> {
  const out = new Map<string, Map<string, [number[], number[]]>>();
  d.terms.forEach((term, t) => {
    const byField = new Map<string, [number[], number[]]>();
    for (let e = d.termStart[t]!; e < d.termStart[t + 1]!; e++) {
      const range = [d.postStart[e]!, d.postStart[e + 1]!] as const;
      byField.set(d.fields[d.entryField[e]!]!, [[...d.docs.subarray(...range)], [...d.weights.subarray(...range)]]);
    }
    out.set(term, byField);
  });
  return out;
}

describe('compiled Lunr index', () => {
  it('is built directly with exactly the documents and weights of a Lunr index compiled', async () => {
    const snap = await realSnapshot();
    // The real documents plus a copy with shuffled passages: other lengths, other frequencies.
    const extra = snap.kb.docs.map((d) => ({ ...d, id: `${d.id}-mix`, passages: d.passages.map((p, i) => ({ ...p, ref: `${d.id}-mix#${i}`, docId: `${d.id}-mix`, text: `${p.text} ${d.passages[(i + 1) % d.passages.length]!.text.slice(0, 120)}` })) }));
    const docs = [...snap.kb.docs, ...extra];
    const direct = buildIndexData(docs).compiled;
    const passages = docs.flatMap((d) => d.passages.map((p) => ({ ...p, doc: d, hasQuantity: false, contact: false, unknown: false, sentences: [] })));
    const viaLunr = compileLunrData(lunrIndexParts(buildLunrIndex(passages)));
    expect(direct.refs).toEqual(viaLunr.refs);
    expect(new Set(direct.terms)).toEqual(new Set(viaLunr.terms));
    expect(postingsOf(direct)).toEqual(postingsOf(viaLunr));
  });

  it('counts each term’s document frequency over several fields at build as a union of its postings would', async () => {
    const snap = await realSnapshot();
    const data = buildIndexData(snap.kb.docs).compiled;
    const compiled = openCompiled(data, (t) => [t]);
    /** The documents holding the term in any of the fields, as a union of its postings. */
    const union = (term: string, fields: readonly string[]) => new Set(fields.flatMap((f) => [...(compiled.postings.get(term)?.get(f)?.docs ?? [])])).size;
    for (const fields of [['fold'], ['fold', 'title', 'bi', 'titleBi'], ['text', 'fold']]) {
      const df = docFrequencies(data, fields);
      data.terms.forEach((term, t) => expect(df[t], `${term} in ${fields.join(',')}`).toBe(union(term, fields)));
      expect(compiled.termNumber(data.terms[7]!)).toBe(7);
      expect(compiled.termNumber('không-có-từ-này')).toBe(-1);
    }
  });

  it('scores every dev question exactly as Lunr’s Index#query does, with the same matched terms', async () => {
    const { idx, compiled } = await realIndexes();
    const snap = await realSnapshot();
    expect(questions.length).toBeGreaterThan(30);
    for (const question of questions) expectSameAsLunr(idx, compiled, clausesOf(analyseQuery(question, snap.kb.glossary)), question);
  });

  it('agrees with Lunr on arbitrary clauses: repeated terms, unknown terms, overlapping fields, boosts, over 32 terms', async () => {
    const { idx, compiled } = await realIndexes();
    const vocabulary = [...compiled.postings.keys()].filter((_, i) => i % 7 === 0).slice(0, 400);
    // Lunr reads `*` as a wildcard even in a plain term; our tokenizer never yields one (see test/tokenize.test.ts).
    const term = fc.oneof(fc.constantFrom(...vocabulary), fc.string({ maxLength: 6 }).filter((t) => !t.includes('*')));
    const fields = fc.subarray(['text', 'fold', 'bi', 'title', 'titleBi'], { minLength: 1 });
    const clause = fc.record({ terms: fc.array(term, { minLength: 1, maxLength: 14 }), fields, boost: fc.constantFrom(0.5, 1, 2) });
    fc.assert(
      fc.property(fc.array(clause, { minLength: 1, maxLength: 4 }), (clauses) => expectSameAsLunr(idx, compiled, clauses, JSON.stringify(clauses))),
      { numRuns: 300 },
    );
  });

  it('keeps one copy of a repeated passage among the candidates, so copies do not crowd others out', async () => {
    const snap = await realSnapshot();
    const docs = snap.kb.docs;
    const copies = [1, 2, 3, 4, 5].flatMap((k) =>
      docs.map((d) => ({ ...d, id: `${d.id}-copy${k}`, passages: d.passages.map((p) => ({ ...p, ref: `${d.id}-copy${k}#${p.n}`, docId: `${d.id}-copy${k}` })) })),
    );
    const single = buildIndex(docs);
    const copied = buildIndex([...docs, ...copies]);
    for (const question of questions.slice(0, 10)) {
      const q = analyseQuery(question, snap.kb.glossary);
      const a = single.search(q);
      const b = copied.search(q);
      expect(new Set(b.map((h) => h.passage.text)).size, question).toBe(b.length);
      // Copies change the document frequencies a little, so the order may shift, not the candidates' reach.
      expect(b[0]?.passage.text, question).toBe(a[0]?.passage.text);
      const shared = b.filter((h) => a.some((x) => x.passage.text === h.passage.text)).length;
      expect(shared, question).toBeGreaterThanOrEqual(Math.floor(a.length * 0.8));
      // Ties between copies go to the first one added: the original.
      expect(b.every((h) => !h.passage.doc.id.includes('-copy')), question).toBe(true);
    }
  });
});
