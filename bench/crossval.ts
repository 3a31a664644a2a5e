/**
 * Held-out figures: 5-fold cross-validation over workers.jsonl, repeated for five fold assignments (seeds
 * 11–15); the headline is their mean, since one assignment alone moves the marks by several answers. For each
 * fold the model is retrained (and its cut-offs chosen) on the other four folds plus dev.jsonl, with features
 * from both knowledge folders (the whole folder, and only the articles with the glossary), and the held-out
 * fold is scored on each folder.
 *   npx tsx bench/crossval.ts [--misses] [--curve] [--ceiling]
 * `--misses` lists the misses of the first assignment.
 * `--ceiling` adds, per knowledge folder, the answer items the model could answer rightly at best (`quoteCeiling`).
 * `--curve` adds the held-out right answers before the Nth wrong one, over three fold assignments (`heldOutCurve`).
 */
import { loadDevSet, WORKERS_SET_FILE } from './lib/devset.js';
import { buildSnapshot, crossValidateSeeds, CURVE_AT, formatMarks, formatSpread, heldOutCurve, knowledgeVariants, quoteCeiling, rowTable, type Marks } from './lib/learn.js';

const SEEDS = [11, 12, 13, 14, 15];
const misses: string[] = [];
const dev = loadDevSet();
const workers = loadDevSet(WORKERS_SET_FILE);
const variants = (await knowledgeVariants()).map((v) => ({ name: v.name, snap: buildSnapshot(v.files) }));
const rows = rowTable(variants, [...dev, ...workers]);
const runs = new Map<string, Marks[]>();
const devRuns = new Map<string, Marks[]>();
const push = (map: Map<string, Marks[]>, name: string, m: Marks) => map.set(name, [...(map.get(name) ?? []), m]);
for (const [i, cv] of crossValidateSeeds(variants, dev, workers, SEEDS, 5, process.argv.includes('--misses') ? misses : undefined, rows).entries()) {
  for (const [name, m] of cv.heldOut) {
    console.log(`held-out (5-fold CV, fold seed ${SEEDS[i]}), ${name}: ${formatMarks(m)}`);
    push(runs, name, m);
  }
  for (const [name, m] of cv.always) push(devRuns, name, m);
}
for (const m of misses) console.log(`MISS ${m}`);
for (const [name, ms] of runs) console.log(`held-out (5-fold CV), ${name}, mean over ${SEEDS.length} fold assignments (range): ${formatSpread(ms)}`);
for (const [name, ms] of devRuns) console.log(`dev set with the fold models, ${name} (summed over 5 folds), mean over ${SEEDS.length} fold assignments: ${formatSpread(ms)}`);
if (process.argv.includes('--curve'))
  for (const c of heldOutCurve(variants, dev, workers, undefined, undefined, rows))
    console.log(`held-out, fold seed ${c.seed}, ${c.name}: right answers before wrong #${CURVE_AT.join(', #')}: ${c.rightBefore.join(', ')}`);
if (process.argv.includes('--ceiling'))
  for (const v of variants) {
    const c = quoteCeiling(v.snap, workers);
    console.log(`ceiling, ${v.name}: of ${c.answerItems} answer items, ${c.candidates} reach the model, ${c.quoteRight} with a right quote, ${c.inTop3} with a right passage in the first three`);
  }
