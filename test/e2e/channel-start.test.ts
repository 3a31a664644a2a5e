import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startRetryDelayMs } from '../../src/channels/supervisor.js';
import { startFakeTelegram, textUpdate, type FakeTelegram } from '../support/fake-telegram.js';
import { startFakeZalo, zaloTextUpdate, type FakeZalo } from '../support/fake-zalo.js';
import { post, startTestApp, waitUntil, type TestApp } from '../support/app.js';

const TG_SECRET = 'tg-secret_0123456789';
const ZALO_SECRET = 'zalo-secret_0123456789';

interface Health {
  status: string;
  channels: Record<string, { mode: string; state?: string; error?: string; failures?: number; nextAttemptAt?: string }>;
}

describe('start backoff', () => {
  it('waits 1 s, doubling, capped at 5 minutes', () => {
    expect([1, 2, 3, 4].map((n) => startRetryDelayMs(n))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(startRetryDelayMs(9)).toBe(256_000);
    expect(startRetryDelayMs(10)).toBe(300_000);
    expect(startRetryDelayMs(1_000)).toBe(300_000);
  });
});

describe('a channel that fails to start', () => {
  let tg: FakeTelegram | undefined;
  let zalo: FakeZalo | undefined;
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.stop();
    tg?.recover();
    await tg?.close();
    await zalo?.close();
    app = tg = zalo = undefined;
  });
  const health = async (a: TestApp) => (await (await fetch(`${a.url}/healthz`)).json()) as Health;

  it('webhooks: Telegram setWebhook answering 500 leaves Zalo answering, shows on /healthz, and is retried until it works', async () => {
    tg = await startFakeTelegram();
    zalo = await startFakeZalo();
    tg.fail('setWebhook', { status: 500 }, { rate: 1 });
    app = await startTestApp({
      PUBLIC_URL: 'https://bot.example.org',
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zalo.url,
      ZALO_WEBHOOK_SECRET: ZALO_SECRET,
    });
    const a = app;

    // Zalo started and answers.
    expect(zalo.webhook?.url).toBe('https://bot.example.org/webhooks/zalo');
    await post(`${a.url}/webhooks/zalo`, zaloTextUpdate('kham suc khoe mien phi', { chatId: 'z1', messageId: 'm1' }), { 'x-bot-api-secret-token': ZALO_SECRET });
    await zalo.waitFor((calls) => calls.some((c) => c.method === 'sendMessage'), 10_000);

    // Telegram is shown as not started, with the reason and no secret, and it is being tried again.
    await waitUntil(() => tg!.sent('setWebhook').length >= 3);
    const down = await health(a);
    expect(down.status).toBe('degraded');
    expect(down.channels.zalo).toMatchObject({ mode: 'webhook', state: 'ok' });
    expect(down.channels.telegram).toMatchObject({ mode: 'webhook', state: 'retrying' });
    expect(down.channels.telegram?.error).toMatch(/setWebhook.*500/);
    expect(down.channels.telegram?.failures).toBeGreaterThanOrEqual(1);
    expect(Date.parse(down.channels.telegram?.nextAttemptAt ?? '')).not.toBeNaN();
    const text = JSON.stringify(down);
    for (const secret of [tg.token, TG_SECRET, zalo.token, ZALO_SECRET]) expect(text).not.toContain(secret);

    // Telegram recovers: the next attempt registers the webhook, /healthz says ok, and it answers.
    tg.recover('setWebhook');
    await waitUntil(async () => (await health(a)).channels.telegram?.state === 'ok');
    expect(tg.webhook()).toMatchObject({ url: 'https://bot.example.org/webhooks/telegram', secret: TG_SECRET });
    expect(await health(a)).toMatchObject({ status: 'ok', channels: { telegram: { mode: 'webhook', state: 'ok' }, zalo: { state: 'ok' } } });
    await post(`${a.url}/webhooks/telegram`, textUpdate(1, 701, 'khám sức khỏe miễn phí'), { 'x-telegram-bot-api-secret-token': TG_SECRET });
    await tg.waitFor(() => tg!.sent().find((c) => c.body.chat_id === '701'), 10_000);
    expect(a.logs.text()).toMatch(/telegram failed to start; trying again later/);
  });

  it('polling: Zalo getMe answering 500 and Telegram getMe failing at first do not stop the bot; both start once their API recovers', async () => {
    tg = await startFakeTelegram();
    zalo = await startFakeZalo();
    tg.fail('getMe', { status: 500 }, { times: 2 });
    zalo.failNext('getMe', 'http-500', 1_000);
    app = await startTestApp({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: zalo.url });
    const a = app;

    // Telegram starts after its two failures and answers; Zalo is still failing and shown so.
    await waitUntil(async () => (await health(a)).channels.telegram?.state === 'ok');
    tg.queueUpdate(textUpdate(10, 702, 'khám sức khỏe miễn phí'));
    await tg.waitFor(() => tg!.sent().find((c) => c.body.chat_id === '702'), 10_000);
    const down = await health(a);
    expect(down.channels.zalo).toMatchObject({ mode: 'polling', state: 'retrying' });
    expect(down.channels.zalo?.error).toMatch(/getMe/);
    expect(JSON.stringify(down)).not.toContain(zalo.token);

    zalo.clearFailures('getMe');
    await waitUntil(async () => (await health(a)).channels.zalo?.state === 'ok');
    zalo.queueUpdate(zaloTextUpdate('kham suc khoe mien phi', { chatId: 'z2', messageId: 'm2' }));
    await zalo.waitFor((calls) => calls.some((c) => c.method === 'sendMessage' && (c.body as { chat_id?: string }).chat_id === 'z2'), 10_000);
    expect((await health(a)).status).toBe('ok');
  });

  it('an unreachable API is shown with the reason, and the bot serves meanwhile', async () => {
    // A port nothing listens on any more.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    app = await startTestApp({ TELEGRAM_BOT_TOKEN: '123456:TEST-token_abcdefghij', TELEGRAM_API_ROOT: `http://127.0.0.1:${port}` });
    const a = app;
    await waitUntil(async () => ((await health(a)).channels.telegram?.failures ?? 0) >= 2);
    const down = await health(a);
    expect(down).toMatchObject({ status: 'degraded', channels: { telegram: { mode: 'polling', state: 'retrying' }, zalo: { mode: 'off' } } });
    expect(down.channels.telegram?.error).toMatch(/getMe/);
    expect(JSON.stringify(down)).not.toContain('TEST-token_abcdefghij');
  });

  it('polling that the API ends (409: a webhook was set elsewhere) is started again', async () => {
    tg = await startFakeTelegram();
    app = await startTestApp({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url });
    const a = app;
    await waitUntil(async () => (await health(a)).channels.telegram?.state === 'ok');
    // Someone sets a webhook: getUpdates answers 409 and grammY's polling ends.
    await post(`${tg.url}/bot${tg.token}/setWebhook`, { url: 'https://elsewhere.example.org/hook' });
    await waitUntil(() => a.logs.text().includes('telegram stopped; trying again later'));
    // The restart deletes the webhook and polls again.
    await waitUntil(async () => (await health(a)).channels.telegram?.state === 'ok' && !tg!.webhook().url);
    tg.queueUpdate(textUpdate(30, 703, 'khám sức khỏe miễn phí'));
    await tg.waitFor(() => tg!.sent().find((c) => c.body.chat_id === '703'), 10_000);
  });
});
