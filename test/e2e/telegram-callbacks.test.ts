/**
 * Button presses and hostile characters through the real webhook, on SQLite and (with DATABASE_URL) PostgreSQL:
 * PostgreSQL used to answer every button press with 500 (the callback id was joined to the data with NUL).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callbackUpdate, startFakeTelegram, textUpdate, type FakeTelegram } from '../support/fake-telegram.js';
import { post, startTestApp, waitUntil, type TestApp } from '../support/app.js';
import { DATABASE_URL, freshSchema, type TestSchema } from '../support/postgres.js';

const SECRET = 'tg-secret_0123456789';
const HEADER = 'x-telegram-bot-api-secret-token';

const stores: { name: string; schema: () => Promise<TestSchema | undefined> }[] = [
  { name: 'SQLite', schema: async () => undefined },
  ...(DATABASE_URL ? [{ name: 'PostgreSQL', schema: () => freshSchema('tgcb') }] : []),
];

for (const { name, schema: makeSchema } of stores) {
  describe(`Telegram callbacks and control characters (${name})`, () => {
    let tg: FakeTelegram;
    let app: TestApp;
    let schema: TestSchema | undefined;
    beforeEach(async () => {
      tg = await startFakeTelegram();
      schema = await makeSchema();
      app = await startTestApp({
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.url,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        PUBLIC_URL: 'https://bot.example.org',
        DATABASE_URL: schema?.url,
      });
    });
    afterEach(async () => {
      await app.stop();
      await schema?.drop();
      await tg.close();
    });
    const hook = (body: unknown) => post(`${app.url}/webhooks/telegram`, body, { [HEADER]: SECRET });
    const answered = (id: string) => tg.sent('answerCallbackQuery').filter((c) => c.body.callback_query_id === id);

    it('acknowledges a button press and answers its callback query', async () => {
      expect((await hook(callbackUpdate(11, 601, 't:vay-von'))).status).toBe(200);
      await tg.waitFor(() => answered('cb11').length === 1);
      await tg.waitFor(() => tg.sent().some((c) => c.body.chat_id === '601'));
    });

    it('answers the real callback query id when the data carries a NUL and a forged id', async () => {
      expect((await hook(callbackUpdate(12, 602, 'f:down:1\u0000forged'))).status).toBe(200);
      await tg.waitFor(() => answered('cb12').length === 1);
      expect(tg.sent('answerCallbackQuery').map((c) => c.body.callback_query_id)).not.toContain('forged');
    });

    it('answers a callback with empty data (the spinner stops) with the menu', async () => {
      expect((await hook(callbackUpdate(13, 603, ''))).status).toBe(200);
      await tg.waitFor(() => answered('cb13').length === 1);
      await tg.waitFor(() => tg.sent().some((c) => c.body.chat_id === '603'));
    });

    it('stores and answers text and names containing U+0000', async () => {
      const update = textUpdate(14, 604, 'vay\u0000 vốn công đoàn');
      (update.message as { from: { first_name: string } }).from.first_name = 'Lan\u0000';
      expect((await hook(update)).status).toBe(200);
      await waitUntil(() => tg.sent().some((c) => c.body.chat_id === '604'));
    });
  });
}
