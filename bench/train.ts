/**
 * Trains the decision model on every labelled item (dev.jsonl and workers.jsonl), with features from both
 * the whole knowledge folder and the articles-only folder, and writes src/answer/model.json.
 *   npx tsx bench/train.ts
 */
import { writeFileSync } from 'node:fs';
import { loadDevSet, WORKERS_SET_FILE } from './lib/devset.js';
import { buildSnapshot, formatMarks, knowledgeVariants, rowsOf, score, train } from './lib/learn.js';

const items = [...loadDevSet(), ...loadDevSet(WORKERS_SET_FILE)];
const variants = await knowledgeVariants();
const snaps = variants.map((v) => ({ ...v, snap: buildSnapshot(v.files) }));
const rows = snaps.flatMap((v) => rowsOf(v.snap, items));
const model = train(rows, `${items.length} items (dev + workers) × ${variants.map((v) => v.name).join(' + ')} knowledge, ${new Date().toISOString().slice(0, 10)}`);
writeFileSync(new URL('../src/answer/model.json', import.meta.url), `${JSON.stringify(model, null, 2)}\n`);
console.log(`answerAt ${model.answerAt.toFixed(3)}, weights ${model.features.map((f, i) => `${f} ${model.weights[i + 1]!.toFixed(2)}`).join(', ')}`);
for (const v of snaps) console.log(`tuned-on, ${v.name}: ${formatMarks(score(v.snap, items, model))}`);
