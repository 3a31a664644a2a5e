import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminMsg } from '../../src/messages.js';
import { KNOWLEDGE_DIR } from '../support/knowledge.js';
import { startFakeTelegram, textUpdate, type FakeTelegram } from '../support/fake-telegram.js';
import { startFakeZalo, zaloTextUpdate, type FakeZalo } from '../support/fake-zalo.js';
import { post, startTestApp, type TestApp } from '../support/app.js';
import { policyNote, tempCopy } from '../support/tmp.js';

const TOKEN = 'admin-token-0123456789abcdef';
const TG_SECRET = 'tg-secret_0123456789';
const ZALO_SECRET = 'zalo-secret_0123456789';
const OFF_TOPIC = 'Giá xăng RON95 tuần này là bao nhiêu?';

describe('admin review queue, API and hot reload', () => {
  let tg: FakeTelegram;
  let zalo: FakeZalo;
  let app: TestApp;
  let kb: { dir: string; cleanup(): void };
  beforeEach(async () => {
    tg = await startFakeTelegram();
    zalo = await startFakeZalo();
    kb = tempCopy(KNOWLEDGE_DIR);
    app = await startTestApp({
      KNOWLEDGE_DIR: kb.dir,
      ADMIN_TOKEN: TOKEN,
      PUBLIC_URL: 'https://bot.example.org',
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zalo.url,
      ZALO_WEBHOOK_SECRET: ZALO_SECRET,
      ADMIN_TELEGRAM_IDS: '900',
    });
  });
  afterEach(async () => {
    await app.stop();
    await tg.close();
    await zalo.close();
    kb.cleanup();
  });

  const api = (p: string, init: RequestInit = {}, token: string | null = TOKEN) =>
    fetch(`${app.url}/admin/api${p}`, { ...init, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const askTelegram = (id: number, chat: number, text: string) => post(`${app.url}/webhooks/telegram`, textUpdate(id, chat, text), { 'x-telegram-bot-api-secret-token': TG_SECRET });
  const askZalo = (chat: string, mid: string, text: string) => post(`${app.url}/webhooks/zalo`, zaloTextUpdate(text, { chatId: chat, userId: chat, messageId: mid }), { 'x-bot-api-secret-token': ZALO_SECRET });
  const waitReview = async (n: number) => {
    for (let i = 0; i < 200; i++) {
      const groups = (await (await api('/review')).json()) as { id: number; count: number }[];
      if (groups.reduce((s, g) => s + g.count, 0) >= n) return groups;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('review items did not arrive');
  };

  it('answers 401 to a wrong or missing token', async () => {
    expect((await api('/review', {}, null)).status).toBe(401);
    expect((await api('/review', {}, 'wrong-token-0123456789')).status).toBe(401);
    expect((await api('/reload', { method: 'POST' }, 'nope')).status).toBe(401);
    expect((await api('/review/1/reply', { method: 'POST', body: '{"text":"x"}' }, null)).status).toBe(401);
  });

  it('groups the same normalised question across channels and users, and ignore sticks', async () => {
    await askTelegram(1, 501, OFF_TOPIC);
    await askZalo('z1', 'm1', 'gia xang RON95 tuan nay la bao nhieu?  ');
    const [group] = await waitReview(2);
    expect(group).toMatchObject({ count: 2, status: 'new', channels: expect.arrayContaining(['telegram', 'zalo']) });
    expect((await api(`/review/${group!.id}/ignore`, { method: 'POST' })).status).toBe(200);
    await askTelegram(2, 502, OFF_TOPIC);
    const groups = await waitReview(3);
    expect(groups[0]).toMatchObject({ id: group!.id, count: 3, status: 'ignored' });
    expect(await (await api('/review?status=new')).json()).toEqual([]);
  });

  it('replies to every asker through their own channel', async () => {
    await askTelegram(3, 503, OFF_TOPIC);
    await askZalo('z2', 'm2', OFF_TOPIC);
    const [group] = await waitReview(2);
    const before = { tg: tg.sent().length };
    const res = await api(`/review/${group!.id}/reply`, { method: 'POST', body: JSON.stringify({ text: 'Công đoàn không có thông tin giá xăng.' }) });
    expect(await res.json()).toEqual({ sent: 2 });
    await tg.waitFor(() => tg.sent().length > before.tg);
    const calls = await zalo.waitFor((cs) => cs.some((c) => c.method === 'sendMessage' && String((c.body as { text: string }).text).includes('không có thông tin giá xăng')), 5000);
    const zaloReply = calls.find((c) => c.method === 'sendMessage' && String((c.body as { text: string }).text).includes('không có thông tin giá xăng'));
    expect(zaloReply?.body).toMatchObject({ chat_id: 'z2' });
    expect(String(tg.sent().at(-1)?.body.text)).toContain('Công đoàn không có thông tin giá xăng.');
    expect((await (await api('/review?status=answered')).json()) as unknown[]).toHaveLength(1);
  });

  it('saves a reply as knowledge; the same question then gets a bot answer', async () => {
    await askTelegram(4, 504, OFF_TOPIC);
    const [group] = await waitReview(1);
    const res = await api(`/review/${group!.id}/knowledge`, {
      method: 'POST',
      body: JSON.stringify({ answer: 'Công đoàn không theo dõi giá xăng RON95; bạn xem thông báo của Bộ Công Thương.', author: 'Chị Lan' }),
    });
    const { file } = (await res.json()) as { file: string };
    expect(file).toMatch(/^faq\/.+\.md$/);
    expect(readFileSync(path.join(kb.dir, file), 'utf8')).toMatch(/^---\ntitle: "Giá xăng/);
    await askTelegram(5, 505, OFF_TOPIC);
    const reply = await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '505'));
    expect(String(reply.body.text)).toContain('Công đoàn không theo dõi giá xăng RON95');
    expect(String(reply.body.text)).toMatch(/Nguồn: /);
  });

  it('hot-reloads a good new file, and keeps the old version of a file that breaks', async () => {
    const note = path.join(kb.dir, 'policies', 'xe-dua-don.md');
    writeFileSync(note, policyNote('Xe đưa đón công nhân ca đêm', 'Công đoàn cơ sở phối hợp doanh nghiệp bố trí xe đưa đón công nhân làm ca đêm về khu nhà trọ an toàn.'));
    const health = async () => (await (await fetch(`${app.url}/healthz`)).json()) as { knowledge: { files: number; problems: number } };
    const before = (await health()).knowledge.files;
    for (let i = 0; i < 100 && (await health()).knowledge.files === before; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await health()).knowledge.files).toBe(before + 1);

    writeFileSync(note, '---\ntitle: "Xe đưa đón"\ndate: "hôm nay"\n---\nHỏng.');
    for (let i = 0; i < 100 && (await health()).knowledge.problems === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const after = (await health()).knowledge;
    expect(after.files).toBe(before + 1);
    expect(after.problems).toBeGreaterThan(0);
    expect(app.logs.text()).toMatch(/policies\/xe-dua-don\.md/);
    await askTelegram(6, 506, 'xe đưa đón công nhân ca đêm');
    const reply = await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '506'));
    expect(String(reply.body.text)).toContain('xe đưa đón công nhân làm ca đêm');
  });

  it('lets Telegram admins list, answer and ignore pending questions', async () => {
    await askZalo('z3', 'm3', OFF_TOPIC);
    const [group] = await waitReview(1);
    await askTelegram(7, 900, '/pending');
    const list = await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '900'));
    expect(String(list.body.text)).toContain(`#${group!.id}`);
    await askTelegram(8, 900, `/reply ${group!.id} Chưa có thông tin ạ.`);
    await zalo.waitFor((calls) => calls.some((c) => c.method === 'sendMessage' && String((c.body as { text: string }).text).includes('Chưa có thông tin ạ.')), 5000);
    // A non-admin's /pending is just a question to the bot.
    await askTelegram(9, 901, '/pending');
    const other = await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '901'));
    expect(String(other.body.text)).not.toContain(`#${group!.id}`);
  });

  it('notifies opted-in Telegram admins of a newly declined question', async () => {
    await askTelegram(20, 900, '/notify on');
    await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '900'));
    await askZalo('z9', 'm9', OFF_TOPIC);
    const notice = await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '900' && String(c.body.text).includes(OFF_TOPIC)));
    expect(String(notice.body.text)).toMatch(/^🔔/);
    await askTelegram(21, 900, '/notify off');
    await tg.waitFor(() => tg.sent().filter((c) => c.body.chat_id === '900').length >= 3);
    await askZalo('z10', 'm10', 'Lịch chiếu phim rạp quốc gia tuần này?');
    await waitReview(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(tg.sent().filter((c) => c.body.chat_id === '900')).toHaveLength(3);
  });

  it('rejects a form post without the CSRF token', async () => {
    const login = await fetch(`${app.url}/admin/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(login.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
    await askTelegram(10, 510, OFF_TOPIC);
    const [group] = await waitReview(1);
    const bad = await fetch(`${app.url}/admin/review/${group!.id}/ignore`, { method: 'POST', headers: { cookie }, body: new URLSearchParams({ csrf: 'forged' }), redirect: 'manual' });
    expect(bad.status).toBe(403);
    const page = await (await fetch(`${app.url}/admin/review/${group!.id}`, { headers: { cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
    const good = await fetch(`${app.url}/admin/review/${group!.id}/ignore`, { method: 'POST', headers: { cookie }, body: new URLSearchParams({ csrf: csrf! }), redirect: 'manual' });
    expect(good.status).toBe(303);
    expect((await (await api('/review?status=ignored')).json()) as unknown[]).toHaveLength(1);
  });

  it('rate-limits repeated failed sign-ins', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await fetch(`${app.url}/admin/login`, { method: 'POST', body: new URLSearchParams({ token: `wrong-${i}` }) })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('stops reading an oversized admin body at the limit, signed in or not', async () => {
    const huge = new URLSearchParams({ token: 'x'.repeat(300 * 1024) });
    const login = await fetch(`${app.url}/admin/login`, { method: 'POST', body: huge });
    expect(login.status).toBe(413);
    expect(login.headers.get('connection')).toBe('close');
    expect(await login.text()).toBe(adminMsg.tooLarge);
    const viaApi = await fetch(`${app.url}/admin/api/reload`, { method: 'POST', body: 'x'.repeat(300 * 1024) });
    expect(viaApi.status).toBe(413);
  });
});
