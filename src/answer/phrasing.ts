/**
 * Known phrasings: a note's `questions` are ways workers ask for it, written by an officer or approved from the
 * "Cách hỏi mới" queue. A worker question that says the same as one of them (the same content words, after
 * folding, chat spelling and stop words; the same numbers) is answered from that note directly: an officer has
 * already said this note is the answer, so there is nothing left for the model to guess.
 */
import type { Glossary, KnowledgeDoc as Doc } from '../knowledge/types.js';
import { analyseQuery, type AnalysedQuery } from '../search/query.js';

/** Dice similarity of content words at or above which a question says the same as a phrasing. */
export const PHRASING_MATCH = 0.8;

interface Phrasing {
  doc: Doc;
  words: Set<string>;
  numbers: string;
}

const cache = new WeakMap<readonly Doc[], Phrasing[]>();

function phrasingsOf(docs: readonly Doc[], glossary: Glossary): Phrasing[] {
  let out = cache.get(docs);
  if (!out) {
    out = docs.flatMap((doc) =>
      doc.questions.map((text) => {
        const q = analyseQuery(text.normalize('NFC'), glossary);
        return { doc, words: new Set(q.folded), numbers: [...q.numbers].sort().join(' ') };
      }),
    );
    cache.set(docs, out);
  }
  return out;
}

const dice = (a: ReadonlySet<string>, b: ReadonlySet<string>) => {
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  return a.size + b.size ? (2 * both) / (a.size + b.size) : 0;
};

/** The note whose known phrasing the question says again, with the similarity; undefined when none does. */
export function phrasingMatch(q: AnalysedQuery, docs: readonly Doc[], glossary: Glossary): { doc: Doc; similarity: number } | undefined {
  const words = new Set(q.folded);
  if (words.size === 0) return undefined;
  const numbers = [...q.numbers].sort().join(' ');
  let best: { doc: Doc; similarity: number } | undefined;
  for (const p of phrasingsOf(docs, glossary)) {
    if (p.numbers !== numbers) continue;
    const similarity = dice(words, p.words);
    if (similarity >= PHRASING_MATCH && (!best || similarity > best.similarity)) best = { doc: p.doc, similarity };
  }
  return best;
}
