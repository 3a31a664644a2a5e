import { describe, expect, it } from 'vitest';
import { answerQuestion, answerTopic, isGreeting } from '../src/answer/answer.js';
import { displayDate, isStale } from '../src/answer/dates.js';
import { DECISION_MODEL } from '../src/answer/model.js';
import { MENU_TOPICS, TOPIC_LABELS } from '../src/messages.js';
import { realSnapshot } from './support/knowledge.js';

const NOW = Date.UTC(2026, 10, 23);

describe('answer bands', () => {
  it('answers with 1–3 quoted sentences and the source with its date', async () => {
    const snap = await realSnapshot();
    const r = answerQuestion(snap, 'Quỹ Trợ vốn CNVCLĐ nghèo Thủ đô giải ngân bao nhiêu tỷ đồng?', { now: NOW });
    expect(r.status).toBe('answer');
    expect(r.confidence).toBeGreaterThanOrEqual(Math.round(DECISION_MODEL.answerAt * 1000) / 1000);
    expect(r.sources).toHaveLength(1);
    const source = r.sources[0]!;
    expect(r.text).toContain(`Nguồn: ${source.title} (`);
    const quoted = r.text.split('\n')[0]!;
    // Extractive: every quoted sentence is in the knowledge files.
    const all = snap.kb.docs.flatMap((d) => d.passages.map((p) => p.text)).join('\n');
    for (const s of quoted.split(/(?<=\.)\s+/)) expect(all).toContain(s.trim());
  });

  it('declines an off-topic question, listing the topics it knows', async () => {
    const snap = await realSnapshot();
    const r = answerQuestion(snap, 'Tỷ giá đô la Mỹ hôm nay thế nào?', { now: NOW });
    expect(r.status).toBe('decline');
    expect(r.intent).toBe('question');
    expect(r.confidence).toBeLessThan(DECISION_MODEL.suggestAt);
    for (const t of MENU_TOPICS) expect(r.text).toContain(TOPIC_LABELS[t]);
  });

  it('suggests close topics when the model is between its two cut-offs', async () => {
    const snap = await realSnapshot();
    const model = { ...DECISION_MODEL, answerAt: 1.01, suggestAt: 0 };
    const r = answerQuestion(snap, 'công đoàn có hỗ trợ tiền thuê nhà trọ cho công nhân không', { now: NOW, model });
    expect(r.status).toBe('suggest');
    expect(r.text).toMatch(/^Có phải bạn muốn hỏi/);
    expect(r.suggestions.length).toBeGreaterThanOrEqual(2);
    expect(r.suggestions.length).toBeLessThanOrEqual(3);
  });

  it('welcomes greetings and help with the topic list', async () => {
    const snap = await realSnapshot();
    for (const g of ['xin chào', 'Chào ad ạ', '/start', 'menu', 'help']) {
      expect(isGreeting(g), g).toBe(true);
      const r = answerQuestion(snap, g, { now: NOW });
      expect(r.intent).toBe('welcome');
      expect(r.topics).toEqual(MENU_TOPICS);
    }
    expect(isGreeting('xin chào, vay vốn thế nào')).toBe(false);
  });

  it('asks back on empty text and refuses over-long questions politely', async () => {
    const snap = await realSnapshot();
    expect(answerQuestion(snap, ' ?? ', { now: NOW })).toMatchObject({ status: 'decline', intent: 'empty' });
    expect(answerQuestion(snap, 'vay '.repeat(400), { now: NOW })).toMatchObject({ status: 'decline', intent: 'too-long' });
  });

  it('answers a topic button from that topic\'s note', async () => {
    const snap = await realSnapshot();
    const r = answerTopic(snap, 'vay-von', { now: NOW });
    expect(r.status).toBe('answer');
    expect(r.sources[0]?.file).toMatch(/^policies\//);
  });
});

describe('dates', () => {
  it('shows ISO dates the Vietnamese way and knows when a source is stale', () => {
    expect(displayDate('2024-06-05')).toBe('05/06/2024');
    expect(displayDate('2017-07')).toBe('07/2017');
    expect(isStale('2024-06', Date.UTC(2025, 5, 29), 365)).toBe(false);
    expect(isStale('2024-06', Date.UTC(2025, 6, 2), 365)).toBe(true);
  });
});
