/**
 * Spelling repair against the knowledge's own vocabulary (pure). Workers type fast on a phone: words run
 * together (`doanvien`, `vayvon`) and letters slip (`thag`, `nhna`, `qeu`). Only a folded word that cannot be
 * one Vietnamese syllable is repaired: Vietnamese words one letter apart are usually both real (`nuoi`/`nguoi`,
 * `xuong`/`luong`), so a real syllable is taken as typed. A folded content word that no passage holds, the
 * glossary does not explain and no syllable spells is read as
 *  - two words the knowledge holds together, when it splits into them (`doanvien` → `doan vien`), or
 *  - the most common known word one edit away (a letter missing, extra, changed, or two swapped).
 * The repair becomes one more meaning of the word, searched like a thesaurus term, so coverage and quoting treat
 * it like any synonym; the word as typed still counts when the knowledge holds it after all.
 */
import { knows, type SearchIndex } from './index.js';
import type { AnalysedQuery } from './query.js';
import { bigrams } from './tokenize.js';

type Vocabulary = Pick<SearchIndex, 'idf' | 'maxIdf'>;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const MIN_PART = 2;

/** A folded Vietnamese syllable: optional onset, one to three vowels, optional final consonant. */
const SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$/;

/**
 * Strings one edit away from `w`: two letters swapped or one left out by the worker (every word); a letter
 * changed or one too many only from five letters on (a short foreign word such as `name` or `what` is one such
 * edit from a Vietnamese one).
 */
function edits(w: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
  for (let i = 0; i <= w.length; i++) for (const c of LETTERS) out.push(w.slice(0, i) + c + w.slice(i));
  if (w.length < 5) return out;
  for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + w.slice(i + 1));
  for (let i = 0; i < w.length; i++) for (const c of LETTERS) if (c !== w[i]) out.push(w.slice(0, i) + c + w.slice(i + 1));
  return out;
}

/** The repair of one unknown folded word, as the words it stands for; undefined when none is found. */
export function repairWord(w: string, vocab: Vocabulary): string[] | undefined {
  // Roman numerals (`xviii`) are facts the question names, not slips.
  if (!/^[a-z]{4,}$/.test(w) || /^[ivxlc]+$/.test(w) || SYLLABLE.test(w)) return undefined;
  let split: string[] | undefined;
  let splitIdf = Infinity;
  for (let i = MIN_PART; i + MIN_PART <= w.length; i++) {
    const a = w.slice(0, i);
    const b = w.slice(i);
    if (!knows(vocab, a) || !knows(vocab, b) || !knows(vocab, `${a}_${b}`)) continue;
    const idf = vocab.idf(`${a}_${b}`);
    if (idf < splitIdf) [split, splitIdf] = [[a, b], idf];
  }
  if (split) return split;
  let best: string | undefined;
  let bestIdf = Infinity;
  for (const e of edits(w)) {
    if (e.length < 2 || !knows(vocab, e)) continue;
    const idf = vocab.idf(e);
    if (idf < bestIdf) [best, bestIdf] = [e, idf];
  }
  return best ? [best] : undefined;
}

/** The query with a repair added, as a meaning and a searched alteration, for each unknown unexplained word. */
export function repairQuery(q: AnalysedQuery, vocab: Vocabulary): AnalysedQuery {
  const meanings = { ...q.meanings };
  const alterations = [...q.alterations];
  let changed = false;
  for (const t of q.folded) {
    if (knows(vocab, t) || meanings[t]?.length) continue;
    const fix = repairWord(t, vocab);
    if (!fix) continue;
    meanings[t] = [fix];
    alterations.push({ terms: fix.length === 1 ? fix : bigrams(fix), weight: 1 });
    changed = true;
  }
  return changed ? { ...q, meanings, alterations } : q;
}
