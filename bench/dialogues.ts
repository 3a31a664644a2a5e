/**
 * Follow-ups measured: the share of second turns answered right with the first turn's context carried and
 * without it, and the wrong answers of each (see bench/lib/dialogues.ts).
 *   npx tsx bench/dialogues.ts [--verbose]
 */
import { buildSnapshot } from '../src/answer/snapshot.js';
import { readKnowledgeFiles } from '../src/knowledge/load.js';
import { readDialogues, runDialogues, tally, type Dialogue } from './lib/dialogues.js';

const verbose = process.argv.includes('--verbose');
const snap = buildSnapshot(await readKnowledgeFiles(new URL('../knowledge', import.meta.url).pathname));
const results = runDialogues(snap, readDialogues(), Date.now());
const pct = (n: number, of: number) => `${((100 * n) / (of || 1)).toFixed(0)} %`;

console.log('| dialogues | n | right with context | right without | wrong with context | wrong without |');
console.log('|---|---|---|---|---|---|');
const groups: [string, (d: Dialogue) => boolean][] = [
  ['follow-ups', (d) => d.type === 'follow-up'],
  ['new questions', (d) => d.type === 'new'],
  ['off-topic', (d) => d.type === 'off-topic'],
  ['all', () => true],
];
for (const [name, keep] of groups) {
  const rs = results.filter((r) => keep(r.dialogue));
  const w = tally(rs, 'with');
  const wo = tally(rs, 'without');
  console.log(`| ${name} | ${rs.length} | ${w.right} (${pct(w.right, rs.length)}) | ${wo.right} (${pct(wo.right, rs.length)}) | ${w.wrong} | ${wo.wrong} |`);
}
for (const r of results) {
  const changed = r.with.verdict !== r.without.verdict;
  if (!verbose && !changed && r.with.verdict === 'right') continue;
  const line = (s: typeof r.with) => `${s.verdict.padEnd(10)} ${s.status.padEnd(8)} ${s.text.replace(/\n/g, ' ').slice(0, 110)}`;
  console.log(`\n${r.dialogue.id} [${r.dialogue.first}] → [${r.dialogue.second}]`);
  console.log(`  with:    ${line(r.with)}`);
  console.log(`  without: ${line(r.without)}`);
}
