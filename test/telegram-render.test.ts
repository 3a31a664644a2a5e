import { describe, expect, it } from 'vitest';
import { splitForTelegram } from '../src/channels/telegram/channel.js';
import { escapeHtml, keyboardFor, TELEGRAM_LIMIT } from '../src/channels/telegram/render.js';
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
});
