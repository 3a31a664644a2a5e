/**
 * Calibration on the dev set: prints each item's confidence features and the score for a grid of
 * retrieval settings, so the answer bands and BM25 parameters are chosen from measurements.
 *   npx tsx bench/calibrate.ts [path/to/dev.jsonl]
 */
import { readFileSync } from 'node:fs';
import { answerQuestion } from '../src/answer/answer.js';
import { ANSWER_POLICY, type AnswerPolicy } from '../src/answer/policy.js';
import { buildSnapshot } from '../src/answer/snapshot.js';
import { readKnowledgeFiles } from '../src/knowledge/load.js';
import { fold } from '../src/search/fold.js';
import { SEARCH_TUNING, type SearchTuning } from '../src/search/index.js';

interface Item { id: string; kind: 'answer' | 'decline'; q: string; any?: string[] }
const file = process.argv[2] ?? new URL('../test/eval/dev.jsonl', import.meta.url).pathname;
const items = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Item);
const files = await readKnowledgeFiles(new URL('../knowledge', import.meta.url).pathname);

function score(tuning: SearchTuning, policy: AnswerPolicy, verbose = false) {
  const snap = buildSnapshot(files, undefined, tuning);
  let ans = 0, plain = 0, plainN = 0, dec = 0;
  const conf: { id: string; kind: string; c: number; ok: boolean }[] = [];
  for (const it of items) {
    const r = answerQuestion(snap, it.q, { now: Date.now(), policy });
    const found = (it.any ?? []).some((k) => fold(r.text).includes(fold(k)));
    const ok = it.kind === 'answer' ? r.status === 'answer' && found : r.status !== 'answer';
    if (it.kind === 'answer') ans += ok ? 1 : 0;
    else dec += ok ? 1 : 0;
    if (it.kind === 'answer' && fold(it.q) === it.q.toLowerCase().trim()) { plainN++; plain += ok ? 1 : 0; }
    conf.push({ id: it.id, kind: it.kind, c: r.confidence, ok: it.kind === 'answer' ? found : true });
  }
  if (verbose) for (const c of conf.sort((a, b) => a.c - b.c)) console.log(`${c.c.toFixed(3)} ${c.kind.padEnd(7)} ${c.ok ? 'right-passage' : 'WRONG-passage'} ${c.id}`);
  return { ans, plain, plainN, dec, lowestAnswer: Math.min(...conf.filter((c) => c.kind === 'answer' && c.ok).map((c) => c.c)), highestDecline: Math.max(...conf.filter((c) => c.kind === 'decline').map((c) => c.c)) };
}

console.log('confidence of each dev item with the current settings (answer items should sit above decline items):');
console.log(score(SEARCH_TUNING, ANSWER_POLICY, true));
console.log('\nk1   b    factBonus  answered  plain  declined  lowest-answer  highest-decline');
for (const k1 of [0.6, 0.9, 1.2]) for (const b of [0.4, 0.6, 0.75]) for (const factBonus of [1, 1.15, 1.3]) {
  const r = score({ ...SEARCH_TUNING, k1, b }, { ...ANSWER_POLICY, factBonus });
  console.log(`${k1.toFixed(1)}  ${b.toFixed(2)} ${factBonus.toFixed(2)}       ${r.ans}/35     ${r.plain}/${r.plainN}    ${r.dec}/5      ${r.lowestAnswer.toFixed(3)}          ${r.highestDecline.toFixed(3)}`);
}
