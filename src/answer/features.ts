/**
 * The explainable features the decision model reads, for the best passage of a question (all in small ranges):
 *   coverage     share of the question's focus weight the passage matched (focus.ts)
 *   bigrams      share of the question's bigrams of weighted words the passage matched
 *   margin       log of the best passage's weight over the best passage of another document (capped at 2)
 *   numberGap    numbers and years the question names that the passage lacks (capped at 2)
 *   typeFit      the passage and quoted sentences are of the kind the question type asks for (1), not (0), no type (0.5);
 *                a `who` question asks for a sentence naming a person
 *   topicFit     the question's thesaurus topics agree with the document's (1), disagree (0), none named (0.5)
 *   mass         log(1 + matched focus weight): how much of substance matched
 *   context      share of the question's content words that weigh nothing (chatty context)
 *   policy       the passage comes from an officer's note (1) or an article (0)
 *   missed       log(1 + focus weight the passage did not match): one rare word missed weighs more than coverage shows
 *   maxMissed    the largest weight of a missed word, over the largest IDF
 *   quoted       share of the focus weight the quoted sentences themselves hold (the answer is in what is quoted)
 *   yearGap      years the question names that the quoted sentences do not, and numbered editions (`lần thứ 3`)
 *                that neither they nor their passage hold (capped at 2): a figure of another year or edition
 *   figureNear   for a how-much question, a figure the question does not name stands within 4 words of a matched
 *                question word in the quote (1), elsewhere (0.5), nowhere (0); 0.5 for other types
 *   runnerUp     log of the best passage's weight over the second passage's, of any document (capped at 2): a
 *                close second in the same note means the quote may be the wrong paragraph of the right note
 *   asked        the thing a question word asks about ("sân nào", "luật gì", "quyền lợi gì"): in the quote or one of
 *                its meanings (1), not (0), no such word (0.5); for a time word ("năm nào", "đợt nào") a number
 *                or date the question does not name must stand in the quote; verbs and light words ("làm gì",
 *                "điều gì", "tên là gì") ask for no word of their own
 *   strangers    words of the asking clauses that neither the knowledge nor the glossary knows (capped at 3):
 *                in a short question they are often the very thing asked for (`Giáp Thìn`, `online`); in the
 *                context clauses of a long message they are the worker's own story and are not counted
 *   unitFit      for a how-many question that names its unit (`bao nhiêu tiền`, `mấy đợt`), a new figure of that
 *                unit stands in the quote (1) or not (0); 0.5 when no unit is asked (units.ts)
 *   rivals       log(1 + other documents, among the first 20 passages, that match as much of the question as the
 *                best one; capped at 5). Meant to flag a question many notes match equally (`hỗ trợ công nhân`), it
 *                learned a positive weight: mostly it is agreement, the same fact told by a note and by the article
 *                it came from, and the labelled sets count a topic-like question (`xe về quê tết?`) answered from
 *                any of them as right
 *   unknownNames names typed capitalised in the asking clauses that the knowledge does not hold (`Đà Nẵng`,
 *                `Bình Dương`; focus.ts): a place or body it never mentions, so the quote cannot be about it (capped at 2)
 */
import { hasQuantity } from '../search/quantity.js';
import { PERSON, type Hit, type IndexedPassage } from '../search/index.js';
import type { AnalysedQuery } from '../search/query.js';
import { foldWord } from '../search/fold.js';
import { tokenize } from '../search/tokenize.js';
import { unitFit, type Unit } from './units.js';
import { bigramCoverage, covers, focusCoverage, holds, type Focus } from './focus.js';

export const FEATURE_NAMES = ['coverage', 'bigrams', 'margin', 'numberGap', 'typeFit', 'topicFit', 'mass', 'context', 'policy', 'missed', 'maxMissed', 'quoted', 'yearGap', 'figureNear', 'runnerUp', 'asked', 'strangers', 'unknownNames', 'unitFit', 'rivals'] as const;
export type FeatureVector = number[];

const YEAR_OR_DATE = /\b(19|20)\d\d\b|\d{1,2}\/\d{4}/;

/** How well the passage and the quoted sentences fit the question type. */
export function typeFit(q: AnalysedQuery, p: IndexedPassage, quoted: readonly string[]): number {
  switch (q.type) {
    case 'amount':
      return newFigure(q, quoted, (t) => hasQuantity(t)) ? 1 : 0;
    case 'how':
    case 'where':
      return p.contact ? 1 : 0;
    case 'when':
      return newFigure(q, quoted, (t) => YEAR_OR_DATE.test(t) || /^\d{1,2}\/\d{1,2}/.test(t)) ? 1 : 0;
    case 'who':
      return quoted.some((s) => PERSON.test(s)) ? 1 : 0;
    case 'what':
      return p.n === 0 ? 1 : 0.5;
    case 'yesno':
    case 'other':
      return 0.5;
  }
}

/** Share of the focus weight found in the quoted sentences (a word or one of its meanings). */
export function quotedCoverage(q: AnalysedQuery, focus: Focus, quoted: readonly string[]): number {
  const words = new Set(tokenize(quoted.join(' ')).map(foldWord));
  let total = 0;
  let got = 0;
  for (const [t, w] of focus.weights) {
    total += w;
    if (holds(words, q, t)) got += w;
  }
  return total > 0 ? got / total : 0;
}

/** A figure (or date) in the quote that the question does not already name: the asked value, not an echo. */
function newFigure(q: AnalysedQuery, quoted: readonly string[], re: (t: string) => boolean): boolean {
  const named = new Set(q.all);
  return quoted.some((s) => tokenize(s).some((t) => re(t) && !named.has(foldWord(t))));
}

const YEAR = /^(19|20)\d\d$/;

/** Numbered editions (`lần thứ 3`, `khóa 2`, `thứ XIII`), as `thu 3`: the number with the word before it. */
export function ordinalsOf(words: readonly string[]): string[] {
  const out: string[] = [];
  words.forEach((w, i) => {
    if (i > 0 && /^(\d{1,2}|[ivxlc]+)$/.test(w) && (words[i - 1] === 'thu' || words[i - 1] === 'khoa')) out.push(`${words[i - 1]} ${w}`);
  });
  return out;
}

/** Years (and roman numerals) the question names that the quoted sentences do not hold. */
export function yearGap(q: AnalysedQuery, quoted: readonly string[], p?: IndexedPassage): number {
  const wanted = q.numbers.filter((n) => YEAR.test(n) || /^[ivxlc]+$/.test(n));
  const ordinals = ordinalsOf(q.all);
  if (!wanted.length && !ordinals.length) return 0;
  // An article's own date counts: "from the start of the year" in a 2024 article is 2024.
  const own = p?.doc.kind === 'article' ? [p.doc.date.slice(0, 4), ...tokenize(p.text)] : [];
  const have = new Set([...tokenize(quoted.join(' ')), ...own].map(foldWord));
  // `lần thứ 3` is not answered by a quote about `lần thứ 2`: the ordinal must stand in the quote or its passage.
  const haveOrdinals = new Set(ordinalsOf(tokenize(`${quoted.join(' ')} ${p?.text ?? ''}`).map(foldWord)));
  return Math.min(2, wanted.filter((n) => !have.has(n)).length + ordinals.filter((n) => !haveOrdinals.has(n)).length);
}

/** Whether the asked figure sits next to what the question asks about (see the list above). */
export function figureNear(q: AnalysedQuery, focus: Focus, quoted: readonly string[]): number {
  if (q.type !== 'amount') return 0.5;
  const named = new Set(q.all);
  let best = 0;
  for (const s of quoted) {
    const words = tokenize(s).map(foldWord);
    words.forEach((w, i) => {
      if (!hasQuantity(w) || named.has(w)) return;
      best = Math.max(best, 0.5);
      for (let j = Math.max(0, i - 4); j <= Math.min(words.length - 1, i + 4); j++) {
        if (j !== i && (focus.weights.get(words[j]!) ?? 0) > 0) best = 1;
      }
    });
  }
  return best;
}

/** Numbers the question names that the passage (or its document's title) does not hold. */
export function numberGap(q: AnalysedQuery, p: IndexedPassage): number {
  if (!q.numbers.length) return 0;
  const have = new Set(tokenize(`${p.doc.title} ${p.heading} ${p.text}`).map(foldWord));
  return Math.min(2, q.numbers.filter((n) => !have.has(n)).length);
}

/** Question words that ask for a thing named just before them: `sân nào`, `luật gì`, `tên là gì`. */
const WH = new Set(['gi', 'j', 'nao']);
const LINK = new Set(['la', 'o', 'the', 'nhung', 'cac', 'voi', 'cho']);

/** The content words a question word asks about (folded), in question order. */
export function askedWords(q: AnalysedQuery): string[] {
  const content = new Set(q.folded);
  const out: string[] = [];
  q.all.forEach((t, i) => {
    if (!WH.has(t)) return;
    let j = i - 1;
    while (j >= 0 && LINK.has(q.all[j]!)) j--;
    const w = q.all[j];
    if (w && content.has(w) && !out.includes(w)) out.push(w);
  });
  return out;
}

/**
 * Content words before `gì` / `nào` that do not name a thing the answer must repeat: verbs and light nouns
 * (`làm gì`, `điều gì`, `kiểu gì`, `người nào`) and `tên là gì` (the answer is the name itself). Question
 * words such as `ai`, `có`, `được` never get here: they are not content words.
 */
const LIGHT_ASKED = new Set('lam ra ve dieu viec kieu cai thu nguoi ten gom'.split(' '));
/** Time words before `nào` (`năm nào`, `ngày nào`, `đợt nào`): the answer holds a number or date, not the word. */
const TIME_ASKED = new Set('nam ngay thang dot hom luc ky khoa lan'.split(' '));

/** Whether the quote holds what the question asks about (see the list above). */
export function askedFit(q: AnalysedQuery, quoted: readonly string[]): number {
  let asked = askedWords(q).filter((t) => !LIGHT_ASKED.has(t));
  if (asked.some((t) => TIME_ASKED.has(t))) {
    if (!newFigure(q, quoted, (t) => /\d/.test(t))) return 0;
    asked = asked.filter((t) => !TIME_ASKED.has(t));
  }
  if (!asked.length) return 0.5;
  const words = new Set(tokenize(quoted.join(' ')).map(foldWord));
  return asked.every((t) => holds(words, q, t)) ? 1 : 0;
}

/** Unknown words of the asking clauses (see the list above). */
export function strangers(q: AnalysedQuery, focus: Focus): number {
  const asking = q.asking.length ? new Set(q.asking) : undefined;
  let n = 0;
  for (const [t, w] of focus.weights) if (w === 0 && (!asking || asking.has(t))) n++;
  return Math.min(3, n);
}

/** Other documents among the first passages that match as much of the question's focus as the best passage. */
export function rivals(hits: readonly Hit[], q: AnalysedQuery, focus: Focus, best = focusCoverage(hits[0]!, q, focus)): number {
  const own = hits[0]!.passage.doc.id;
  const docs = new Set<string>();
  for (const h of hits.slice(1, 20)) if (h.passage.doc.id !== own && focusCoverage(h, q, focus) >= best - 1e-9) docs.add(h.passage.doc.id);
  return Math.log1p(Math.min(5, docs.size));
}

export function featuresOf(hits: readonly Hit[], weights: readonly number[], q: AnalysedQuery, unit: Unit | undefined, focus: Focus, quoted: readonly string[], maxIdf: number): FeatureVector {
  const top = hits[0]!;
  const p = top.passage;
  const rival = hits.findIndex((h) => h.passage.doc.id !== p.doc.id);
  const margin = rival < 0 ? 2 : Math.min(2, Math.log((weights[0]! + 1e-9) / (weights[rival]! + 1e-9)));
  let mass = 0;
  let missed = 0;
  let maxMissed = 0;
  for (const [t, w] of focus.weights) {
    if (w === 0) continue;
    if (covers(top, q, t, focus)) mass += w;
    else {
      missed += w;
      maxMissed = Math.max(maxMissed, w);
    }
  }
  const topicFit = q.topics.length === 0 ? 0.5 : q.topics.some((t) => p.doc.topics.includes(t)) ? 1 : 0;
  const coverage = focusCoverage(top, q, focus);
  return [
    coverage,
    bigramCoverage(top, q, focus),
    margin,
    numberGap(q, p),
    typeFit(q, p, quoted),
    topicFit,
    Math.log1p(mass),
    focus.contextShare,
    p.doc.kind === 'article' ? 0 : 1,
    Math.log1p(missed),
    maxMissed / maxIdf,
    quotedCoverage(q, focus, quoted),
    yearGap(q, quoted, p),
    figureNear(q, focus, quoted),
    weights.length < 2 ? 2 : Math.min(2, Math.log((weights[0]! + 1e-9) / (weights[1]! + 1e-9))),
    askedFit(q, quoted),
    strangers(q, focus),
    Math.min(2, focus.unknownNames.length),
    unitFit(unit, q, quoted),
    rivals(hits, q, focus, coverage),
  ];
}

/**
 * Vetoes: a candidate the model never answers (it may still suggest). Each names a reason the quote cannot be
 * the answer, whatever the scores:
 *   yearGap    the question names a year (or a numbered edition) that neither the quote nor its article holds;
 *   name       the asking clauses name a place, body or event the knowledge never mentions (`Bình Dương`,
 *              `Tết Giáp Thìn`): the quote is about something else;
 *   typeFit    the question asks how much / when / where / how / who and the quote holds no figure, date, contact
 *              or person's name;
 *   asked      the question asks for a thing by name (`ở sân nào`, `luật gì`, `năm nào`) and the quote does not
 *              name it (nor a number or date, for a time word): it answers something next to the question;
 *   context    over 30 % of the question's content words are unknown to both the knowledge and the glossary
 *              (the message is mostly about something else).
 */
export function vetoOf(x: FeatureVector): 'year' | 'name' | 'type' | 'asked' | 'context' | undefined {
  if (x[FEATURE_NAMES.indexOf('yearGap')]! > 0) return 'year';
  if (x[FEATURE_NAMES.indexOf('unknownNames')]! > 0) return 'name';
  if (x[FEATURE_NAMES.indexOf('typeFit')]! === 0) return 'type';
  if (x[FEATURE_NAMES.indexOf('asked')]! === 0) return 'asked';
  if (x[FEATURE_NAMES.indexOf('context')]! > 0.3) return 'context';
  return undefined;
}
