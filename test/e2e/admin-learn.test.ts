import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addQuestion } from '../../src/admin/learning.js';
import { callbackUpdate, textUpdate, type FakeTelegram } from '../support/fake-telegram.js';
import { waitUntil, type TestApp } from '../support/app.js';
import { ADMIN_TOKEN, startAdminTelegramApp, type AdminTelegramApp } from '../support/admin-app.js';

const TOKEN = ADMIN_TOKEN;
const ASK = 'mượn tiền';
const NOTE = 'policies/quy-tro-von.md';

describe('learning from what workers ask', () => {
  let tg: FakeTelegram;
  let app: TestApp;
  let kb: AdminTelegramApp['kb'];
  let bot: AdminTelegramApp;
  beforeEach(async () => {
    bot = await startAdminTelegramApp();
    ({ tg, app, kb } = bot);
  });
  afterEach(() => bot.stop());
  const hook = (u: Record<string, unknown>) => bot.hook(u);
  const api = (p: string, body?: unknown) => bot.api(p, body);
  const replyTo = (chat: number, n: number) => tg.waitFor(() => tg.sent().filter((c) => c.body.chat_id === String(chat))[n]);

  it('three workers reach a note through a suggestion; an admin approves; the next worker asking that way gets the answer', async () => {
    let update = 1;
    for (const chat of [801, 802, 803]) {
      await hook(textUpdate(update++, chat, chat === 802 ? 'Mượn tiền ?' : ASK));
      const suggestion = await replyTo(chat, 0);
      expect(String(suggestion.body.text)).toMatch(/^Có phải bạn muốn hỏi/);
      await hook(callbackUpdate(update++, chat, 's:policies/quy-tro-von'));
      await replyTo(chat, 1);
    }
    // A 👍 on a direct answer is kept too (another phrasing, another note).
    await waitUntil(async () => ((await (await api('/phrasings')).json()) as unknown[]).length === 1);
    const [learned] = (await (await api('/phrasings')).json()) as { file: string; key: string; question: string; count: number; via: string[] }[];
    expect(learned).toMatchObject({ file: NOTE, key: 'muon tien', count: 3, via: ['suggestion'] });

    // The queue shows it; before approval the same question is still only a suggestion.
    expect(((await (await api('/try', { question: ASK })).json()) as { status: string }).status).toBe('suggest');
    expect(await (await api('/phrasings/approve', { file: NOTE, key: learned!.key })).json()).toEqual({ file: NOTE });
    expect(readFileSync(path.join(kb.dir, NOTE), 'utf8')).toMatch(/^questions:\n {2}- "mượn tiền"$/m);
    expect(await (await api('/phrasings')).json()).toEqual([]);
    // The review item of those three asks is now marked as answered by the bot.
    const login = await fetch(`${app.url}/admin/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
    const queue = await (await fetch(`${app.url}/admin`, { headers: { cookie: login.headers.get('set-cookie')!.split(';')[0]! } })).text();
    expect(queue).toContain('✓ Bot đã trả lời được');

    await hook(textUpdate(update++, 804, ASK));
    const answer = await replyTo(804, 0);
    expect(String(answer.body.text)).toMatch(/Nguồn: Vay vốn từ Quỹ Trợ vốn CNVCLĐ nghèo Thủ đô/);
  });

  it('a rejected phrasing stays rejected when asked again; a 👍 on an answer is kept', async () => {
    await hook(textUpdate(1, 811, ASK));
    await replyTo(811, 0);
    await hook(callbackUpdate(2, 811, 's:policies/quy-tro-von'));
    await waitUntil(async () => ((await (await api('/phrasings')).json()) as unknown[]).length === 1);
    expect((await api('/phrasings/reject', { file: NOTE, key: 'muon tien' })).status).toBe(200);
    await hook(textUpdate(3, 812, ASK));
    await replyTo(812, 0);
    await hook(callbackUpdate(4, 812, 's:policies/quy-tro-von'));
    await replyTo(812, 1);
    await hook(textUpdate(5, 813, '6 tháng đầu năm 2024 Quỹ Trợ vốn giải ngân bao nhiêu tiền?'));
    await replyTo(813, 0);
    const inbound = (await app.store.pendingInbound(10)).length;
    expect(inbound).toBe(0);
    const answered = await app.store.getInbound(5);
    void answered;
    const rated = (await (await api('/phrasings?status=rejected')).json()) as { count: number }[];
    expect(rated).toMatchObject([{ count: 2 }]);
    expect(await (await api('/phrasings')).json()).toEqual([]);
    expect((await api('/phrasings/approve', { file: NOTE, key: 'x' })).status).toBe(404);
  });

  it('adds a question to a note’s frontmatter without touching the rest', () => {
    const text = '---\ntitle: "Vay"\ndate: "2024"\n---\n\nThân bài.\n';
    expect(addQuestion(text, 'mượn tiền')).toBe('---\ntitle: "Vay"\ndate: "2024"\nquestions:\n  - "mượn tiền"\n---\n\nThân bài.\n');
    const twice = addQuestion(addQuestion(text, 'mượn tiền')!, 'Mượn tiền?')!;
    expect(twice.match(/mượn tiền/gi)).toHaveLength(1);
    expect(addQuestion('no frontmatter', 'x')).toBeUndefined();
  });
});
