/**
 * Training and scoring of the decision model on labelled sets (shared by bench/train.ts, bench/crossval.ts
 * and test/dev-set.test.ts). An item's features come from `analyseQuestion`; its label says whether the answer
 * the bot would quote is right (the shared scorer's rule: a key phrase in the text, citation line left out).
 */
import { analyseQuestion, answerQuestion, type Analysis, type Snapshot } from '../../src/answer/answer.js';
import { composeAnswer } from '../../src/answer/compose.js';
import { chooseAnswerCutoff, fitLogistic, probability, type DecisionModel } from '../../src/answer/model.js';
import { ANSWER_POLICY, type AnswerPolicy } from '../../src/answer/policy.js';
import { buildSnapshot } from '../../src/answer/snapshot.js';
import type { KnowledgeFile } from '../../src/knowledge/types.js';
import { readKnowledgeFiles } from '../../src/knowledge/load.js';
import { vetoOf, type FeatureVector } from '../../src/answer/features.js';
import { passes, scoreDevSet, type DevItem } from './devset.js';

/** The date replies are composed at while training and scoring (fixed, so runs are repeatable). */
export const EVAL_NOW = Date.UTC(2026, 11, 1);

export const KNOWLEDGE_DIR = new URL('../../knowledge', import.meta.url).pathname;
export const WORKERS_FILE = new URL('../../test/eval/workers.jsonl', import.meta.url);

/** The whole knowledge folder, and only its articles with the glossary. */
export async function knowledgeVariants(): Promise<{ name: 'whole' | 'articles'; files: KnowledgeFile[] }[]> {
  const files = await readKnowledgeFiles(KNOWLEDGE_DIR);
  return [
    { name: 'whole', files },
    { name: 'articles', files: files.filter((f) => f.file.startsWith('articles/') || f.file === 'glossary.yaml') },
  ];
}

/** One labelled item seen by the bot: features when the model decides, and whether the quoted answer is right. */
export interface Row {
  item: DevItem;
  features?: FeatureVector;
  right: boolean;
}

/** Whether the answer the bot would compose for this candidate passes the item (the shared scorer's rule). */
const quoteIsRight = (item: DevItem, a: Extract<Analysis, { kind: 'candidate' }>, policy: AnswerPolicy) =>
  passes(item, { status: 'answer', text: composeAnswer(a.sentences, a.top.passage, EVAL_NOW, policy) });

export function rowsOf(snap: Snapshot, items: readonly DevItem[], policy: AnswerPolicy = ANSWER_POLICY): Row[] {
  return items.map((item) => {
    const a = analyseQuestion(snap, item.q.normalize('NFC').trim(), policy);
    if (a.kind !== 'candidate') return { item, right: false };
    return { item, features: a.features, right: quoteIsRight(item, a, policy) };
  });
}

/**
 * What the decision model can reach at best on the answer items: how many reach it as a candidate, how many of
 * those the bot would quote rightly, and how many have a right passage among the ranking's first three.
 */
export function quoteCeiling(snap: Snapshot, items: readonly DevItem[], policy: AnswerPolicy = ANSWER_POLICY): { answerItems: number; candidates: number; quoteRight: number; inTop3: number } {
  const out = { answerItems: 0, candidates: 0, quoteRight: 0, inTop3: 0 };
  for (const item of items) {
    if (item.kind !== 'answer') continue;
    out.answerItems++;
    const a = analyseQuestion(snap, item.q.normalize('NFC').trim(), policy);
    if (a.kind !== 'candidate') continue;
    out.candidates++;
    if (quoteIsRight(item, a, policy)) out.quoteRight++;
    if (a.hits.slice(0, 3).some((h) => passes(item, { status: 'answer', text: h.passage.text }))) out.inTop3++;
  }
  return out;
}

/**
 * How many times a dev item (a plain question, the kind the bot's own replies suggest) counts in training. At 3
 * the bot's example question `vay vốn công đoàn thế nào` sat at the answer cut-off; at 6, with the budget below,
 * held out over five fold assignments 84.4 / 5.6 against 79.2 / 6.0 (chosen on this cross-validation: README).
 */
export const DEV_WEIGHT = Number(process.env.DEV_WEIGHT ?? 6);

/**
 * Largest share of wrong answers the cut-off may allow on the training items. Below the 2 % goal: at 1.5 % the
 * held-out folds got 3.5 % (the cut-off is chosen on out-of-fold probabilities, yet new questions still meet a
 * few more wrong answers above it); at 1 %, 1.9 % (README, "Answer bands"). 0.8 % with DEV_WEIGHT 6: the share
 * is of all items, dev ones counted six times, so the budget in questions stays about what 1 % at 3 gave.
 */
export const MAX_WRONG = Number(process.env.MAX_WRONG ?? 0.008);

/** Inner folds for choosing the cut-off: out-of-fold probabilities, as the model will meet new questions. */
const INNER_FOLDS = 5;
const INNER_REPEATS = Number(process.env.INNER_REPEATS ?? 3);

const fit = (rows: readonly Row[]) =>
  fitLogistic(
    rows.map((r) => r.features!),
    rows.map((r) => (r.right ? 1 : 0)),
    { l2: Number(process.env.L2 ?? 0.01) },
  );

/**
 * Fits the model on rows (of one or more knowledge folders) and chooses its cut-offs. The cut-off is chosen on
 * out-of-fold probabilities (each row scored by a model fitted without its question), not on the probabilities
 * of the rows the model was fitted on, which would promise fewer wrong answers than new questions get.
 */
export function train(rows: readonly Row[], note: string): DecisionModel {
  // Dev items (plain questions, the kind the rest of the test suite asks) count DEV_WEIGHT times.
  const used = rows.filter((r) => r.features && !vetoOf(r.features)).flatMap((r) => (r.item.id.startsWith('dev-') ? Array<Row>(DEV_WEIGHT).fill(r) : [r]));
  const ids = [...new Set(used.map((r) => r.item.id))];
  // Out-of-fold probabilities, averaged over INNER_REPEATS different fold assignments: where the cut-off falls
  // depends on a few rows near it, and one split alone moves it by chance.
  const ps = new Array<number>(used.length).fill(0);
  for (let rep = 0; rep < INNER_REPEATS; rep++) {
    let seed = 7 + rep;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const shuffled = ids.map((id) => ({ id, r: rep === 0 ? 0 : rand() })).sort((a, b) => a.r - b.r);
    const foldOf = new Map(shuffled.map((x, i) => [x.id, i % INNER_FOLDS]));
    for (let f = 0; f < INNER_FOLDS; f++) {
      const inner = fit(used.filter((r) => foldOf.get(r.item.id) !== f));
      used.forEach((r, i) => {
        if (foldOf.get(r.item.id) === f) ps[i]! += probability({ ...inner, answerAt: 1, suggestAt: 1 }, r.features!) / INNER_REPEATS;
      });
    }
  }
  // The wrong-answer budget is a share of all items, those decided by rules before the model included.
  const total = rows.length + (DEV_WEIGHT - 1) * rows.filter((r) => r.item.id.startsWith('dev-')).length;
  const answerAt = chooseAnswerCutoff(ps, used.map((r) => r.right), (MAX_WRONG * total) / Math.max(1, used.length));
  return { ...fit(used), answerAt, suggestAt: answerAt / 2, trainedOn: note };
}

export interface Marks {
  answered: number;
  answerItems: number;
  plain: number;
  plainItems: number;
  declined: number;
  declineItems: number;
  wrong: number;
  items: number;
}

/** Scores items through `answerQuestion` with a model (the real path, text and all), by the shared rule. */
export function score(snap: Snapshot, items: readonly DevItem[], model: DecisionModel, misses?: string[]): Marks {
  const replies = items.map((it) => answerQuestion(snap, it.q, { now: EVAL_NOW, model }));
  if (misses) {
    items.forEach((it, i) => {
      const r = replies[i]!;
      if (!passes(it, r)) misses.push(`${it.id} [${it.kind}] ${r.status} ${r.confidence} ${r.reason ?? ''}: ${it.q}\n    -> ${r.text.slice(0, 140).replace(/\n/g, ' ')}`);
    });
  }
  const { answered, answerItems, plain, plainItems, declined, declineItems, wrong } = scoreDevSet(items, replies);
  return { answered, answerItems, plain, plainItems, declined, declineItems, wrong, items: items.length };
}

export const addMarks = (a: Marks, b: Marks): Marks => ({
  answered: a.answered + b.answered,
  answerItems: a.answerItems + b.answerItems,
  plain: a.plain + b.plain,
  plainItems: a.plainItems + b.plainItems,
  declined: a.declined + b.declined,
  declineItems: a.declineItems + b.declineItems,
  wrong: a.wrong + b.wrong,
  items: a.items + b.items,
});

export const formatMarks = (m: Marks) =>
  `answered ${m.answered}/${m.answerItems} (${pct(m.answered, m.answerItems)}), without diacritics ${m.plain}/${m.plainItems} (${pct(m.plain, m.plainItems)}), declined ${m.declined}/${m.declineItems} (${pct(m.declined, m.declineItems)}), wrong ${m.wrong}/${m.items} (${pct(m.wrong, m.items)})`;

/** Marks of several runs (fold assignments): the mean of each count and its range. */
export function formatSpread(runs: readonly Marks[]): string {
  const of = (k: keyof Marks, total: keyof Marks) => {
    const xs = runs.map((m) => m[k]);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return `${mean.toFixed(1)}/${runs[0]![total]} (${((100 * mean) / Math.max(1, runs[0]![total])).toFixed(1)}%, ${Math.min(...xs)}–${Math.max(...xs)})`;
  };
  return `answered ${of('answered', 'answerItems')}, without diacritics ${of('plain', 'plainItems')}, declined ${of('declined', 'declineItems')}, wrong ${of('wrong', 'items')}`;
}

const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;

/** Deterministic stratified folds: items of each kind dealt round-robin in a seeded shuffle. */
export function folds<T extends { kind: string }>(items: readonly T[], k: number, seed = 11): T[][] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out: T[][] = Array.from({ length: k }, () => []);
  for (const kind of ['answer', 'decline']) {
    const of = items.filter((i) => i.kind === kind).map((i) => ({ i, r: rand() })).sort((a, b) => a.r - b.r);
    of.forEach((x, n) => out[n % k]!.push(x.i));
  }
  return out;
}

export { buildSnapshot };

const emptyMarks = (): Marks => ({ answered: 0, answerItems: 0, plain: 0, plainItems: 0, declined: 0, declineItems: 0, wrong: 0, items: 0 });

type Variant = { name: string; snap: Snapshot };
/** Variant name → item id → the item's row (features and whether the quote is right). */
export type RowTable = Map<string, Map<string, Row>>;

/** Every item's row for every variant: computed once, shared by the cross-validation and the curve. */
export const rowTable = (variants: readonly Variant[], items: readonly DevItem[]): RowTable =>
  new Map(variants.map((v) => [v.name, new Map(rowsOf(v.snap, items).map((r) => [r.item.id, r]))]));

/** One model per fold: trained on every other fold plus `always`, with the rows of every variant. */
const foldModels = (variants: readonly Variant[], rows: RowTable, always: readonly DevItem[], parts: readonly DevItem[][]): DecisionModel[] =>
  parts.map((_, f) => {
    const trainItems = [...always, ...parts.filter((_, i) => i !== f).flat()];
    return train(variants.flatMap((v) => trainItems.map((it) => rows.get(v.name)!.get(it.id)!)), `fold ${f}`);
  });

export interface CrossValidation {
  /** Held-out marks on `heldOut` per knowledge variant, summed over the folds. */
  heldOut: Map<string, Marks>;
  /** Marks on `always` (trained on in every fold) per variant, summed over the folds. */
  always: Map<string, Marks>;
}

/**
 * K-fold cross-validation: for each fold of `heldOut`, retrains the model (features of every variant, cut-offs
 * included) on the other folds plus `always`, then scores the held-out fold on each variant.
 */
export function crossValidate(variants: readonly Variant[], always: readonly DevItem[], heldOut: readonly DevItem[], k = 5, misses?: string[]): CrossValidation {
  return crossValidateSeeds(variants, always, heldOut, [11], k, misses)[0]!;
}

/**
 * The same cross-validation for several fold assignments (one per seed), the items' features computed once.
 * `misses` collects the misses of the first assignment.
 */
export function crossValidateSeeds(
  variants: readonly Variant[],
  always: readonly DevItem[],
  heldOut: readonly DevItem[],
  seeds: readonly number[],
  k = 5,
  misses?: string[],
  rows: RowTable = rowTable(variants, [...always, ...heldOut]),
): CrossValidation[] {
  return seeds.map((seed, i) => crossValidateOnce(variants, rows, always, folds(heldOut, k, seed), i === 0 ? misses : undefined));
}

function crossValidateOnce(variants: readonly Variant[], rows: RowTable, always: readonly DevItem[], parts: readonly DevItem[][], misses?: string[]): CrossValidation {
  const out: CrossValidation = { heldOut: new Map(variants.map((v) => [v.name, emptyMarks()])), always: new Map(variants.map((v) => [v.name, emptyMarks()])) };
  for (const [f, model] of foldModels(variants, rows, always, parts).entries()) {
    for (const v of variants) {
      out.heldOut.set(v.name, addMarks(out.heldOut.get(v.name)!, score(v.snap, parts[f]!, model, v.name === variants[0]!.name ? misses : undefined)));
      out.always.set(v.name, addMarks(out.always.get(v.name)!, score(v.snap, always, model)));
    }
  }
  return out;
}

/**
 * How well the model separates right from wrong on questions it did not see, whatever the cut-off: for several
 * fold assignments, the held-out candidates (not vetoed) sorted by probability, and the right answers that come
 * before the 3rd, 5th, 8th and 13th wrong one. Steadier than the marks at one cut-off, which move with a few
 * questions near it.
 */
export function heldOutCurve(
  variants: readonly Variant[],
  always: readonly DevItem[],
  heldOut: readonly DevItem[],
  seeds = [11, 12, 13],
  k = 5,
  rows: RowTable = rowTable(variants, [...always, ...heldOut]),
): { seed: number; name: string; rightBefore: number[] }[] {
  const out: { seed: number; name: string; rightBefore: number[] }[] = [];
  for (const seed of seeds) {
    const parts = folds(heldOut, k, seed);
    const decided = new Map(variants.map((v) => [v.name, [] as { p: number; right: boolean }[]]));
    for (const [f, model] of foldModels(variants, rows, always, parts).entries()) {
      for (const v of variants)
        for (const it of parts[f]!) {
          const r = rows.get(v.name)!.get(it.id)!;
          if (r.features && !vetoOf(r.features)) decided.get(v.name)!.push({ p: probability(model, r.features), right: r.right });
        }
    }
    for (const v of variants) {
      const rightBefore: number[] = [];
      let right = 0;
      let wrong = 0;
      for (const d of decided.get(v.name)!.sort((a, b) => b.p - a.p)) {
        if (d.right) right++;
        else if (CURVE_AT.includes(++wrong)) rightBefore.push(right);
      }
      out.push({ seed, name: v.name, rightBefore });
    }
  }
  return out;
}

export const CURVE_AT = [3, 5, 8, 13];
