import { describe, expect, it } from 'vitest';
import { splitForTelegram } from '../src/channels/telegram/channel.js';
import { BUTTON_LABEL_MAX, escapeHtml, keyboardFor, shortenLabel, TELEGRAM_LIMIT } from '../src/channels/telegram/render.js';
import { zaloText } from '../src/channels/zalo/render.js';
import { msg } from '../src/messages.js';
import type { Reply } from '../src/answer/types.js';

const reply = (over: Partial<Reply>): Reply => ({ status: 'answer', intent: 'question', text: 'x', sources: [], confidence: 1, suggestions: [], topics: [], ...over });

describe('Telegram rendering', () => {
  it('escapes text for parse_mode HTML', () => {
    expect(escapeHtml('<script>a & b</script>')).toBe('&lt;script&gt;a &amp; b&lt;/script&gt;');
  });
  it('splits long replies so every escaped chunk fits the 4096 limit', () => {
    const text = `${'Người lao động & công đoàn <3. '.repeat(400)}`;
    const chunks = splitForTelegram(text);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(TELEGRAM_LIMIT);
    expect(chunks.join(' ').replace(/\s+/g, '')).toBe(escapeHtml(text).replace(/\s+/g, ''));
  });
  it('puts 👍/👎 on answers, suggestions as buttons, topics on declines', () => {
    expect(keyboardFor(reply({}), 42).flat().map((b) => b.callback_data)).toEqual(['f:up:42', 'f:down:42']);
    const suggest = reply({ status: 'suggest', suggestions: [{ docId: 'policies/tet', label: 'Tết' }, { docId: 'x'.repeat(80), label: 'too long for callback data' }] });
    expect(keyboardFor(suggest, 1).flat().map((b) => b.callback_data)).toEqual(['s:policies/tet']);
    const decline = reply({ status: 'decline', topics: ['vay-von', 'tet', 'suc-khoe'] });
    expect(keyboardFor(decline, 1).map((row) => row.map((b) => b.callback_data))).toEqual([['t:vay-von', 't:tet'], ['t:suc-khoe']]);
  });
  it('shortens long suggestion labels at a word boundary with "…"', () => {
    const title = 'Tư vấn pháp luật, bảo vệ quyền lợi, nợ bảo hiểm xã hội và thỏa ước lao động tập thể';
    const label = shortenLabel(title);
    expect(label).toBe('Tư vấn pháp luật, bảo vệ quyền lợi, nợ bảo hiểm xã hội và…');
    expect(label.length).toBeLessThanOrEqual(BUTTON_LABEL_MAX);
    expect(title.startsWith(label.slice(0, -1))).toBe(true);
    expect(shortenLabel('Hỗ trợ Tết')).toBe('Hỗ trợ Tết');
    expect(shortenLabel('a'.repeat(80))).toBe(`${'a'.repeat(BUTTON_LABEL_MAX - 1)}…`);
    // Every cut ends at a whole word of the title: never "…quyền " or "…và th".
    for (let max = 12; max < title.length; max++) {
      const cut = shortenLabel(title, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      const head = cut.slice(0, -1);
      expect(title.startsWith(head) && /[\s,]/.test(title[head.length] ?? ' ')).toBe(true);
    }
    const suggest = reply({ status: 'suggest', suggestions: [{ docId: 'policies/tu-van-phap-luat', label: title }] });
    expect(keyboardFor(suggest, 1)[0]?.[0]?.text).toBe(label);
  });
  it('ends a Zalo answer with the typed-rating line, and nothing else', () => {
    expect(zaloText(reply({ text: 'Có.' }))).toBe(`Có.\n${msg.rateHint}`);
    expect(zaloText(reply({ intent: 'welcome', text: 'Xin chào' }))).toBe('Xin chào');
    expect(zaloText(reply({ status: 'suggest', text: '1. A' }))).toBe('1. A');
  });
});

