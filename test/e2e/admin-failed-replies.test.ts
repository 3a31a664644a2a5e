/** Given-up replies on the admin page and API: listed with the reason, sent again with "gửi lại". */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryMsg } from '../../src/messages.js';
import { startFakeTelegram, textUpdate, type FakeTelegram } from '../support/fake-telegram.js';
import { post, startTestApp, waitUntil, type TestApp } from '../support/app.js';

const TOKEN = 'admin-token-0123456789abcdef';
const TG_SECRET = 'tg-secret_0123456789';

describe('admin: replies the bot gave up sending', () => {
  let tg: FakeTelegram;
  let app: TestApp;
  beforeEach(async () => {
    tg = await startFakeTelegram();
    app = await startTestApp({ ADMIN_TOKEN: TOKEN, PUBLIC_URL: 'https://bot.example.org', TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: TG_SECRET });
  });
  afterEach(async () => {
    await app.stop();
    await tg.close();
  });
  const api = (p: string, init: RequestInit = {}) => fetch(`${app.url}/admin/api${p}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } });

  it('shows a reply refused because the bot was blocked, with the reason, and sends it again on request', async () => {
    tg.fail('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' }, { rate: 1 });
    await post(`${app.url}/webhooks/telegram`, textUpdate(1, 950, 'vay vốn công đoàn'), { 'x-telegram-bot-api-secret-token': TG_SECRET });
    let failed: { id: number; chatId: string; lastError: string }[] = [];
    await waitUntil(async () => (failed = (await (await api('/outbox/failed')).json()) as typeof failed).length === 1);
    expect(failed[0]).toMatchObject({ chatId: '950', lastError: expect.stringMatching(/^permanent: .*blocked/) });
    expect(app.logs.text()).toContain('send given up');

    const login = await fetch(`${app.url}/admin/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await fetch(`${app.url}/admin`, { headers: { cookie } })).text();
    expect(page).toContain(deliveryMsg.failedTitle);
    expect(page).toContain(deliveryMsg.reasons.permanent!);
    expect(page).toContain(`/admin/outbox/${failed[0]!.id}/resend`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];

    const forged = await fetch(`${app.url}/admin/outbox/${failed[0]!.id}/resend`, { method: 'POST', headers: { cookie }, body: new URLSearchParams({ csrf: 'forged' }), redirect: 'manual' });
    expect(forged.status).toBe(403);

    tg.recover();
    const from = tg.calls.length;
    const resend = await fetch(`${app.url}/admin/outbox/${failed[0]!.id}/resend`, { method: 'POST', headers: { cookie }, body: new URLSearchParams({ csrf: csrf! }), redirect: 'manual' });
    expect(resend.status).toBe(303);
    await waitUntil(() => tg.calls.slice(from).some((c) => c.method === 'sendMessage' && c.body.chat_id === '950'));
    expect((await (await api('/outbox/failed')).json()) as unknown[]).toEqual([]);
    expect((await api(`/outbox/${failed[0]!.id}/resend`, { method: 'POST' })).status).toBe(404);
    const health = (await (await fetch(`${app.url}/healthz`)).json()) as { outbox?: { failed: number } };
    expect(health.outbox?.failed).toBe(0);
  });
});
