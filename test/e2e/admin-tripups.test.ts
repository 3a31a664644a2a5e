import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { KNOWLEDGE_DIR } from '../support/knowledge.js';
import { startFakeTelegram, textUpdate, type FakeTelegram } from '../support/fake-telegram.js';
import { post, startTestApp, waitUntil, type TestApp } from '../support/app.js';

const TOKEN = 'admin-token-0123456789abcdef';
const TG_SECRET = 'tg-secret_0123456789';

describe('what a new admin tripped over', () => {
  let tg: FakeTelegram;
  let app: TestApp;
  beforeEach(async () => {
    tg = await startFakeTelegram();
    app = await startTestApp({ KNOWLEDGE_DIR, ADMIN_TOKEN: TOKEN, PUBLIC_URL: 'https://bot.example.org', TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: TG_SECRET, TIMEZONE: 'Asia/Ho_Chi_Minh' });
  });
  afterEach(async () => {
    await app.stop();
    await tg.close();
  });
  const ask = (id: number, chat: number, text: string) => post(`${app.url}/webhooks/telegram`, textUpdate(id, chat, text), { 'x-telegram-bot-api-secret-token': TG_SECRET });
  const page = async (p: string) => {
    const login = await fetch(`${app.url}/admin/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
    return (await fetch(`${app.url}${p}`, { headers: { cookie: login.headers.get('set-cookie')!.split(';')[0]! } })).text();
  };

  it('groups a question whatever its punctuation and spacing', async () => {
    await ask(1, 601, 'Giá xăng RON95 tuần này là bao nhiêu');
    await ask(2, 602, 'Giá xăng RON95 tuần này là bao nhiêu?');
    await ask(3, 603, 'Giá  xăng RON95, tuần này là bao nhiêu ?');
    await waitUntil(async () => (await app.store.listReview({})).reduce((n, g) => n + g.count, 0) >= 3);
    const groups = await app.store.listReview({});
    expect(groups.map((g) => g.count)).toEqual([3]);
  });

  it('opens the queue on new items, shows times in the union’s time zone, explains the stats, asks before ignoring', async () => {
    await ask(4, 604, 'Giá xăng RON95 tuần này là bao nhiêu?');
    await waitUntil(async () => (await app.store.listReview({})).length === 1);
    const [g] = await app.store.listReview({});
    await app.store.setReviewStatus(g!.id, 'ignored');
    expect(await page('/admin')).not.toContain('Giá xăng RON95');
    expect(await page('/admin?status=')).toContain('Giá xăng RON95');
    const queue = await page('/admin?status=');
    expect(queue).toContain('Giờ hiển thị theo múi giờ Asia/Ho_Chi_Minh.');
    expect(queue).toMatch(/số câu hỏi gõ chữ \/ số câu bot trả lời được ngay/);
    expect((queue.match(/<tr><td>\d{4}-\d{2}-\d{2}<\/td>/g) ?? []).length).toBe(1);
    const item = await page(`/admin/review/${g!.id}`);
    const hanoi = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(g!.lastSeen));
    expect(item).toContain(hanoi);
    expect(item).toMatch(/action="\/admin\/review\/\d+\/ignore" data-confirm="Bỏ qua câu hỏi này\?/);
    const js = await (await fetch(`${app.url}/admin/assets/admin.js`)).text();
    expect(js).toContain('window.confirm');
  });

  it('serves /favicon.ico, and refuses a TIMEZONE that does not exist', async () => {
    const icon = await fetch(`${app.url}/favicon.ico`);
    expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect(() => parseConfig({ TIMEZONE: 'Asia/Hanoi_City' })).toThrow(/TIMEZONE/);
    expect(parseConfig({}).timeZone).toBe('Asia/Ho_Chi_Minh');
  });
});
