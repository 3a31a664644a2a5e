import type { Glossary } from '../knowledge/types.js';
import { foldWord, hasDiacritics } from './fold.js';
import { STOP_ACCENTED, STOP_FOLDED, STOP_PHRASES } from './stopwords.js';
import { bigrams, tokenizePhrases } from './tokenize.js';

/** A question reduced to search terms. */
export interface AnalysedQuery {
  /** Accented content tokens (for the accented field). */
  tokens: string[];
  /** Folded content tokens, unique, in order. */
  folded: string[];
  /** Folded bigrams of adjacent content tokens. */
  bigrams: string[];
  /** Folded tokens and bigrams added from the glossary (lower weight). */
  expansions: { folded: string[]; bigrams: string[] };
  /** For an abbreviation in `folded`, the folded words of each of its meanings. */
  meanings: Record<string, string[][]>;
  /** The question asks for a quantity (`bao nhiêu`, `mấy`, `số lượng`…): the answer should carry a number. */
  wantsNumber: boolean;
}

/** Folded phrases that ask for a quantity or an amount. */
const QUANTITY = /(^| )(bao nhieu|bn|may (nguoi|doanh|luot|ty|trieu|dong|lan|don|cong|to)|so luong|bao nhieu tien|tong so|muc (ho tro|tro cap)|ty le)( |$)/;

/** Marks the tokens of a phrase that belong to a stop phrase (folded comparison). */
function stopPhraseMask(foldedTokens: readonly string[]): boolean[] {
  const mask = foldedTokens.map(() => false);
  for (const phrase of STOP_PHRASES) {
    for (let i = 0; i + phrase.length <= foldedTokens.length; i++) {
      if (phrase.every((w, j) => foldedTokens[i + j] === w)) phrase.forEach((_, j) => (mask[i + j] = true));
    }
  }
  return mask;
}

const isStop = (token: string) => (hasDiacritics(token) ? STOP_ACCENTED.has(token) : STOP_FOLDED.has(token));

/** Replaces chat spellings (`ko`, `dc`, `cty`…) by their meaning, token by token. */
function expandChat(tokens: readonly string[], glossary: Glossary): string[] {
  return tokens.flatMap((t) => {
    const means = glossary.chat.get(t);
    return means ? means.toLowerCase().split(/\s+/) : [t];
  });
}

const unique = (xs: readonly string[]) => [...new Set(xs)];

/** Analyses a question into content terms (pure): tokenize, chat spelling, question words, fold, bigrams, glossary. */
export function analyseQuery(question: string, glossary: Glossary): AnalysedQuery {
  const tokens: string[] = [];
  const folded: string[] = [];
  const grams: string[] = [];
  const expansions = { folded: [] as string[], bigrams: [] as string[] };
  const meanings: Record<string, string[][]> = {};
  for (const phrase of tokenizePhrases(question)) {
    const words = expandChat(phrase, glossary);
    const mask = stopPhraseMask(words.map(foldWord));
    let run: string[] = [];
    words.forEach((w, i) => {
      if (mask[i] || isStop(w)) {
        grams.push(...bigrams(run));
        run = [];
        return;
      }
      tokens.push(w);
      folded.push(foldWord(w));
      run.push(foldWord(w));
    });
    grams.push(...bigrams(run));
  }
  for (const entry of glossary.abbreviations) {
    const term = foldWord(entry.term);
    if (!folded.includes(term)) continue;
    for (const meaning of entry.means) {
      const parts = meaning.toLowerCase().split(/\s+/).map(foldWord);
      (meanings[term] ??= []).push(parts);
      expansions.folded.push(...parts);
      expansions.bigrams.push(...bigrams(parts));
    }
  }
  return {
    tokens: unique(tokens),
    folded: unique(folded),
    bigrams: unique(grams),
    expansions: { folded: unique(expansions.folded), bigrams: unique(expansions.bigrams) },
    meanings,
    wantsNumber: QUANTITY.test(tokenizePhrases(question).map((p) => p.map(foldWord).join(' ')).join(' ')),
  };
}
