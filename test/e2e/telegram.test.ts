import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callbackUpdate, startFakeTelegram, textUpdate, type FakeTelegram } from '../support/fake-telegram.js';
import { post, startTestApp, waitUntil, type TestApp } from '../support/app.js';

const SECRET = 'tg-secret_0123456789';
const HEADER = 'x-telegram-bot-api-secret-token';

describe('Telegram webhook mode', () => {
  let tg: FakeTelegram;
  let app: TestApp;
  beforeEach(async () => {
    tg = await startFakeTelegram();
    app = await startTestApp({
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://bot.example.org',
    });
  });
  afterEach(async () => {
    await app.stop();
    await tg.close();
  });
  const hook = (body: unknown, secret: string | null = SECRET) => post(`${app.url}/webhooks/telegram`, body, secret ? { [HEADER]: secret } : {});

  it('registers the webhook with the secret token', () => {
    expect(tg.webhook()).toEqual({ url: 'https://bot.example.org/webhooks/telegram', secret: SECRET });
  });

  it('answers a question with the source and 👍/👎 buttons', async () => {
    const res = await hook(textUpdate(1, 501, '6 tháng đầu năm 2024 Quỹ Trợ vốn giải ngân bao nhiêu tiền?'));
    expect(res.status).toBe(200);
    const [call] = await tg.waitFor(() => tg.sent().length >= 1 && tg.sent());
    expect(call?.body.chat_id).toBe('501');
    expect(String(call?.body.text)).toMatch(/Nguồn: /);
    expect(call?.body.parse_mode).toBe('HTML');
    const markup = call?.body.reply_markup as { inline_keyboard: { callback_data: string }[][] };
    expect(markup.inline_keyboard[0]?.map((b) => b.callback_data.replace(/\d+$/, 'N'))).toEqual(['f:up:N', 'f:down:N']);
  });

  it('rejects a wrong or missing secret with 401 and sends nothing', async () => {
    expect((await hook(textUpdate(2, 502, 'vay vốn'), 'wrong-secret-0000000')).status).toBe(401);
    expect((await hook(textUpdate(3, 502, 'vay vốn'), null)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(tg.sent()).toHaveLength(0);
  });

  it('rejects malformed JSON and non-updates with 400', async () => {
    expect((await hook('{"update_id": 4, ')).status).toBe(400);
    expect((await hook({ hello: 'world' })).status).toBe(400);
    expect((await post(`${app.url}/healthz`, {})).status).toBe(404);
  });

  it('acknowledges group messages and button presses in groups without answering them; private chats only', async () => {
    const group = (update: Record<string, unknown>, type: string) => {
      const m = update.message as { chat: Record<string, unknown> } | undefined;
      if (m) m.chat = { id: -1001, type, title: 'Tổ công đoàn' };
      const cb = update.callback_query as { message: { chat: Record<string, unknown> } } | undefined;
      if (cb) cb.message.chat = { id: -1001, type, title: 'Tổ công đoàn' };
      return update;
    };
    expect((await hook(group(textUpdate(20, 520, 'khám sức khỏe miễn phí'), 'group'))).status).toBe(200);
    expect((await hook(group(textUpdate(21, 521, 'khám sức khỏe miễn phí'), 'supergroup'))).status).toBe(200);
    expect((await hook(group(callbackUpdate(22, 522, 't:vay-von'), 'group'))).status).toBe(200);
    // A private message sent after them is answered; by then the group ones would have been too.
    expect((await hook(textUpdate(23, 523, 'khám sức khỏe miễn phí'))).status).toBe(200);
    await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '523'));
    expect(tg.sent().filter((c) => c.body.chat_id === '-1001')).toHaveLength(0);
    expect(tg.sent('answerCallbackQuery')).toHaveLength(0);
  });

  it('answers a duplicate delivery once', async () => {
    const update = textUpdate(5, 505, 'khám sức khỏe miễn phí');
    expect((await hook(update)).status).toBe(200);
    expect((await hook(update)).status).toBe(200);
    await tg.waitFor(() => tg.sent().length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(tg.sent().filter((c) => c.body.chat_id === '505')).toHaveLength(1);
  });

  it('welcomes /start with topic buttons; a topic button answers that topic', async () => {
    await hook(textUpdate(6, 506, '/start'));
    const [welcome] = await tg.waitFor(() => tg.sent().length >= 1 && tg.sent());
    const rows = (welcome?.body.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard;
    expect(rows.flat().map((b) => b.callback_data)).toContain('t:vay-von');
    await hook(callbackUpdate(7, 506, 't:vay-von'));
    await tg.waitFor(() => tg.sent().length >= 2);
    expect(String(tg.sent()[1]?.body.text)).toMatch(/vay|Vay/);
    expect(tg.sent('answerCallbackQuery')).toHaveLength(1);
  });

  it('stores 👎 feedback and puts the question in the review queue', async () => {
    await hook(textUpdate(8, 508, '6 tháng đầu năm 2024 Quỹ Trợ vốn giải ngân bao nhiêu tiền?'));
    const [answer] = await tg.waitFor(() => tg.sent().length >= 1 && tg.sent());
    const data = (answer?.body.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]?.[1]?.callback_data;
    await hook(callbackUpdate(9, 508, String(data)));
    await tg.waitFor(() => tg.sent('answerCallbackQuery').length >= 1);
    const review = await app.store.listReview({});
    expect(review).toEqual([expect.objectContaining({ question: '6 tháng đầu năm 2024 Quỹ Trợ vốn giải ngân bao nhiêu tiền?', reasons: ['feedback'] })]);
  });

  it('hints non-text messages and splits nothing short', async () => {
    await hook({ update_id: 10, message: { message_id: 1, date: 1, chat: { id: 510, type: 'private' }, from: { id: 510, is_bot: false, first_name: 'A' }, sticker: { file_id: 'x' } } });
    const [hint] = await tg.waitFor(() => tg.sent().length >= 1 && tg.sent());
    expect(String(hint?.body.text)).toMatch(/chữ/);
  });

  it('waits out a 429 retry_after and delivers', async () => {
    tg.fail('sendMessage', { status: 429, retryAfter: 1 }, { times: 1 });
    await hook(textUpdate(12, 512, 'khám sức khỏe miễn phí'));
    await tg.waitFor(() => tg.sent().filter((c) => c.body.chat_id === '512').length >= 2, 15_000);
    await waitUntil(async () => (await app.store.dueOutbox(Date.now() + 10 ** 9, 10)).length === 0);
  });

  it('retries a failed send (HTTP 500) until it goes through, and logs it', async () => {
    tg.fail('sendMessage', { status: 500 }, { times: 4 });
    await hook(textUpdate(11, 511, 'khám sức khỏe miễn phí'));
    await tg.waitFor(() => tg.sent().filter((c) => c.body.chat_id === '511').length >= 5, 15_000);
    await waitUntil(async () => (await app.store.dueOutbox(Date.now() + 10 ** 9, 10)).length === 0);
    expect(app.logs.text()).toMatch(/send failed, will retry/);
    expect(app.logs.text()).not.toContain(tg.token);
  });
});

describe('Telegram polling mode', () => {
  it('deletes the webhook, polls, and answers', async () => {
    const tg = await startFakeTelegram();
    const app = await startTestApp({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url });
    try {
      tg.queueUpdate(textUpdate(100, 600, 'xe đưa công nhân về quê ăn Tết'));
      const [call] = await tg.waitFor(() => tg.sent().length >= 1 && tg.sent());
      expect(call?.body.chat_id).toBe('600');
      expect(tg.sent('deleteWebhook').length).toBeGreaterThanOrEqual(1);
      const health = (await (await fetch(`${app.url}/healthz`)).json()) as { channels: Record<string, unknown> };
      expect(health.channels).toEqual({ telegram: { mode: 'polling', state: 'ok' }, zalo: { mode: 'off' } });
    } finally {
      await app.stop();
      await tg.close();
    }
  });
});
