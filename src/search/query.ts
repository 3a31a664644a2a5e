import type { TopicId } from '../knowledge/schema.js';
import type { Glossary } from '../knowledge/types.js';
import { foldWord, hasDiacritics } from './fold.js';
import { questionTypeOf, type QuestionType } from './qtype.js';
import { STOP_ACCENTED, STOP_FOLDED, STOP_PHRASES } from './stopwords.js';
import { bigrams, tokenizePhrases } from './tokenize.js';

/** Thesaurus expansion of one matched group: the other terms' folded tokens and bigrams, with the group's weight. */
export interface Alteration {
  terms: string[];
  weight: number;
}

/** A glossary phrase (thesaurus term, abbreviation meaning or domain term) found in the question. */
export interface DomainMention {
  /** Folded tokens of the phrase as it stands in the question. */
  phrase: string[];
  /** The phrase as the worker typed it (lowercase). */
  text: string;
  /** Folded tokens of the other ways of saying it (thesaurus group, abbreviation meanings). */
  alternatives: string[][];
}

/** A question reduced to search terms. */
export interface AnalysedQuery {
  /** Accented content tokens (for the accented field). */
  tokens: string[];
  /** Folded content tokens, unique, in order. */
  folded: string[];
  /** Folded bigrams of adjacent content tokens. */
  bigrams: string[];
  /** Folded tokens and bigrams added from the glossary's abbreviations (lower weight). */
  expansions: { folded: string[]; bigrams: string[] };
  /** Thesaurus expansions, one per matched group. */
  alterations: Alteration[];
  /** For a folded question token, the folded words of each of its meanings (abbreviations and thesaurus). */
  meanings: Record<string, string[][]>;
  /** Glossary phrases named by the question: the domain vocabulary it uses (see `README`, "Search"). */
  domain: DomainMention[];
  /** Topics of the matched thesaurus groups that carry one. */
  topics: TopicId[];
  /** Numbers and years the question names (`2022`, `250`, `xiii`…): facts the answer has to hold. */
  numbers: string[];
  /** What kind of answer the question asks for (see `qtype.ts`). */
  type: QuestionType;
  /** The question asks for a quantity (`bao nhiêu`, `mấy`, `số lượng`…): the answer should carry a number. */
  wantsNumber: boolean;
  /** Every folded token of the question, stop words included, after chat spelling. */
  all: string[];
  /**
   * Folded content tokens of the clauses that ask (a question cue, a `?`, a closing `không`), when the message
   * also has clauses that do not (context: who the worker is, what happened). Empty when every clause asks.
   */
  asking: string[];
  /**
   * Names the question types: runs of capitalised words (`Đà Nẵng`, `Tết Giáp Thìn`), folded. A sentence's
   * first word counts only when the next word is capitalised too.
   */
  names: string[][];
}

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

const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

/** A question token matches a glossary token: exactly when typed with diacritics, folded when typed without. */
const sameWord = (typed: string, typedFolded: string, term: string, termFolded: string) =>
  hasDiacritics(typed) ? typed === term : typedFolded === termFolded;

/** Roman numerals and numbers: facts such as `lần thứ 3`, `XIII`, `2022`, `250`. */
const NUMBER = /^(\d+([.,/]\d+)*|[ivxlc]{3,})$/;

/** Analyses a question into content terms (pure): tokenize, chat spelling, question words, fold, bigrams, glossary. */
export function analyseQuery(question: string, glossary: Glossary): AnalysedQuery {
  const tokens: string[] = [];
  const folded: string[] = [];
  const grams: string[] = [];
  const all: string[] = [];
  const expansions = { folded: [] as string[], bigrams: [] as string[] };
  const meanings: Record<string, string[][]> = {};
  const alterations: Alteration[] = [];
  const domain: DomainMention[] = [];
  const topics: TopicId[] = [];
  const phrases: { words: string[]; folded: string[] }[] = [];
  for (const phrase of tokenizePhrases(question)) {
    const words = expandChat(phrase, glossary);
    const foldedWords = words.map(foldWord);
    phrases.push({ words, folded: foldedWords });
    all.push(...foldedWords);
    const mask = stopPhraseMask(foldedWords);
    let run: string[] = [];
    words.forEach((w, i) => {
      if (mask[i] || isStop(w)) {
        grams.push(...bigrams(run));
        run = [];
        return;
      }
      tokens.push(w);
      folded.push(foldedWords[i]!);
      run.push(foldedWords[i]!);
    });
    grams.push(...bigrams(run));
  }
  const content = new Set(folded);
  const addMeaning = (token: string, parts: string[]) => {
    if (!content.has(token)) return;
    const list = (meanings[token] ??= []);
    if (!list.some((m) => m.join(' ') === parts.join(' '))) list.push(parts);
  };

  for (const entry of glossary.abbreviations) {
    const term = foldWord(entry.term);
    if (!content.has(term)) continue;
    const alternatives = entry.means.map((m) => m.toLowerCase().split(/\s+/).map(foldWord));
    for (const parts of alternatives) {
      addMeaning(term, parts);
      expansions.folded.push(...parts);
      expansions.bigrams.push(...bigrams(parts));
    }
    domain.push({ phrase: [term], text: entry.term, alternatives });
  }

  // Thesaurus: every term of a group found in the question brings the group's other terms, once per group.
  const matchedGroups = new Map<number, { folded: string[]; text: string }[]>();
  for (const { words, folded: fw } of phrases) {
    for (let i = 0; i < fw.length; i++) {
      for (const [gi, ti] of glossary.thesaurusStarts.get(fw[i]!) ?? []) {
        const term = glossary.thesaurus[gi]!.terms[ti]!;
        const n = term.tokens.length;
        if (i + n > fw.length) continue;
        let ok = true;
        for (let j = 0; j < n && ok; j++) ok = sameWord(words[i + j]!, fw[i + j]!, term.tokens[j]!, term.folded[j]!);
        if (!ok) continue;
        let found = matchedGroups.get(gi);
        if (!found) matchedGroups.set(gi, (found = []));
        found.push({ folded: fw.slice(i, i + n), text: words.slice(i, i + n).join(' ') });
      }
    }
  }
  for (const [gi, found] of matchedGroups) {
    const group = glossary.thesaurus[gi]!;
    if (group.topic) topics.push(group.topic);
    const seen = new Set(found.map((f) => f.folded.join(' ')));
    const all = group.terms.map((t) => t.folded);
    // A one-word term is searched as a word, a longer one by its bigrams (its words alone say little).
    const terms: string[] = [];
    for (const o of all) if (!seen.has(o.join(' '))) terms.push(...(o.length === 1 ? o : bigrams(o)));
    if (terms.length) alterations.push({ terms: unique(terms), weight: group.weight });
    for (const f of found) {
      const others = all.filter((o) => o.join(' ') !== f.folded.join(' '));
      for (const token of f.folded) for (const o of others) addMeaning(token, o);
      domain.push({ phrase: f.folded, text: f.text, alternatives: others });
    }
  }

  for (const d of glossary.domain) {
    for (const { words, folded: fw } of phrases) {
      for (let i = 0; i + d.length <= fw.length; i++) {
        if (d.every((w, j) => fw[i + j] === w)) domain.push({ phrase: d, text: words.slice(i, i + d.length).join(' '), alternatives: [] });
      }
    }
  }

  const text = phrases.map((p) => p.folded.join(' ')).join(' ');
  const { asking, askingText } = askingClauses(question, glossary);
  // The type is read from what the message asks: `tổ chị có mấy sáng kiến` in its story is not `bao nhiêu`.
  const type = questionTypeOf(askingText ?? text);
  return {
    tokens: unique(tokens),
    folded: unique(folded),
    bigrams: unique(grams),
    expansions: { folded: unique(expansions.folded), bigrams: unique(expansions.bigrams) },
    alterations,
    meanings,
    domain,
    topics: unique(topics),
    numbers: unique(folded.filter((t) => NUMBER.test(t))),
    type,
    wantsNumber: type === 'amount',
    all,
    asking,
    names: namesOf(question),
  };
}

/** A word typed as a name: a capital letter then at least one small letter (`Nẵng`, not `KCN` or `kcn`). */
const NAME = /^\p{Lu}\p{Ll}/u;

/** Runs of capitalised words (see `AnalysedQuery.names`). */
function namesOf(question: string): string[][] {
  const out: string[][] = [];
  for (const sentence of question.normalize('NFC').split(/[.!?,;:\n]+/u)) {
    const words = sentence.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? [];
    let run: string[] = [];
    const flush = (end: number) => {
      const first = end - run.length;
      if (run.length > 1 || (run.length === 1 && first > 0)) out.push(run.map((w) => foldWord(w.toLowerCase())));
      run = [];
    };
    words.forEach((w, i) => (NAME.test(w) ? run.push(w) : flush(i)));
    flush(words.length);
  }
  return out;
}

/**
 * Clause breaks of a chat message: sentence punctuation, commas, and `nhưng`, `mà`, `còn` (accented: folded `con`
 * is also `con` "child"). Not `thì`: it joins a question's topic to what it asks (`muốn vào công đoàn thì làm thế
 * nào`), and folded it is also `thi` (`hội thi`) and `thị` (`thị xã`).
 */
const CLAUSE_BREAK = /[.!?;,\n]+|\s(?=(?:nhưng|nhung|mà|còn)\s)/u;

/** Particles and forms of address that close a chat line (folded, after chat spelling: `mn` → `mọi người`). */
const TRAILING_PARTICLES = /( (a|ak|ah|moi nguoi|admin|oi|nhe|nha|nhi|ha|vs|z))+$/;
/** A clause that only confirms the one before it (`có đúng không`, `thật ko`, `phải không`). */
const TAG = /^(co )?(that|dung|phai|that su)( (khong|ko|k|hok|kg|chua))?$/;

/**
 * The content tokens of the asking clauses of a message with several clauses (see `AnalysedQuery.asking`), and
 * the folded text of those clauses; both empty / undefined when every clause, or none, asks.
 */
function askingClauses(question: string, glossary: Glossary): { asking: string[]; askingText?: string } {
  // Sentences with their closing marks; a full stop inside a number (`1.620`) closes nothing.
  const raw = question.match(/(?:[^.!?\n]|\.(?=\S))+(?:[.!?\n]+|$)/gu)?.filter((s) => s.trim()) ?? [];
  const clauses: { folded: string[]; text: string; asks: boolean }[] = [];
  for (const [n, part] of raw.entries()) {
    const ends = /\?\s*$/.test(part);
    // A sentence closed by a full stop with more of the message after it tells the worker's story: its `mấy`
    // is "a few" (`tổ chị có mấy sáng kiến.`), so a question cue alone does not make it ask.
    const told = /[.!]\s*$/.test(part) && !/\?/.test(part) && n < raw.length - 1;
    const pieces = part.split(CLAUSE_BREAK).filter((c) => c.trim());
    pieces.forEach((c, i) => {
      const words = expandChat(tokenizePhrases(c).flat(), glossary);
      const folded = words.map(foldWord);
      if (!folded.length) return;
      // Particles and forms of address that close a chat line (`ạ`, `mn`, `ad ơi`) say nothing of whether it asks.
      const text = folded.join(' ').replace(TRAILING_PARTICLES, '');
      // A tag (`…, thật không?`, `…, đúng ko mn`) asks about the clause before it.
      if (TAG.test(text) && clauses.length) clauses[clauses.length - 1]!.asks = true;
      // `hỏi` (to ask) marks a clause that asks; `hội` (an association, a festival) folds to the same `hoi`.
      const said = folded.map((f, j) => (f === 'hoi' && !/^h[oỏ]i$/iu.test(words[j]!) ? 'hoi-' : f)).join(' ').replace(TRAILING_PARTICLES, '');
      const asks = (ends && i === pieces.length - 1) || (!told && questionTypeOf(text) !== 'other') || /(^| )(khong|ko|k|chua|hoi|muon hoi|xin hoi)$/.test(said) || /(^| )(hoi|muon biet)( |$)/.test(said);
      clauses.push({ folded: folded.filter((w, j) => !isStop(words[j]!)), text: folded.join(' '), asks });
    });
  }
  if (clauses.length < 2 || clauses.every((c) => c.asks) || !clauses.some((c) => c.asks)) return { asking: [] };
  const asked = clauses.filter((c) => c.asks);
  return { asking: unique(asked.flatMap((c) => c.folded)), askingText: asked.map((c) => c.text).join(' ') };
}
