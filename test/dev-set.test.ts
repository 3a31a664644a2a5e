import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/answer/answer.js';
import { fold } from '../src/search/fold.js';
import { realSnapshot } from './support/knowledge.js';

/** The dev question set (a copy of the shared eval set) and the marks of the foundation issue. */
interface Item {
  id: string;
  kind: 'answer' | 'decline';
  q: string;
  any?: string[];
}
const items: Item[] = readFileSync(new URL('./eval/dev.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Item);

describe('dev set (same rules as the shared scorer)', () => {
  it('answers ≥ 90% of answer items, ≥ 90% of those without diacritics, and declines every off-topic item', async () => {
    const snap = await realSnapshot();
    const tally = { answer: [0, 0], plain: [0, 0], decline: [0, 0] };
    const misses: string[] = [];
    for (const it of items) {
      const r = answerQuestion(snap, it.q, { now: Date.now() });
      const text = fold(r.text);
      const ok = it.kind === 'answer' ? r.status === 'answer' && (it.any ?? []).some((k) => text.includes(fold(k))) : r.status !== 'answer';
      const t = tally[it.kind];
      t[0]! += ok ? 1 : 0;
      t[1]! += 1;
      const plain = it.kind === 'answer' && fold(it.q) === it.q.toLowerCase().replace(/\s+/g, ' ').trim();
      if (plain) {
        tally.plain[0]! += ok ? 1 : 0;
        tally.plain[1]! += 1;
      }
      if (!ok) misses.push(`${it.id} ${r.status} ${r.confidence}: ${it.q}`);
    }
    const rate = ([a, b]: number[]) => (a ?? 0) / (b || 1);
    console.log(`dev set: answered ${tally.answer.join('/')}, without diacritics ${tally.plain.join('/')}, declined ${tally.decline.join('/')}`);
    if (misses.length) console.log(`misses:\n${misses.join('\n')}`);
    expect(tally.answer[1]).toBe(35);
    expect(rate(tally.answer)).toBeGreaterThanOrEqual(0.9);
    expect(rate(tally.plain)).toBeGreaterThanOrEqual(0.9);
    expect(tally.decline[0]).toBe(5);
  });
});
