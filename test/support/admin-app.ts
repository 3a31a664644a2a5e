import { KNOWLEDGE_DIR } from './knowledge.js';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram.js';
import { post, startTestApp, type TestApp } from './app.js';
import { tempCopy } from './tmp.js';

export const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
export const TG_SECRET = 'tg-secret_0123456789';

/** A bot in Telegram webhook mode (fake Telegram) on a temp copy of the knowledge, with a known admin token. */
export interface AdminTelegramApp {
  tg: FakeTelegram;
  app: TestApp;
  kb: { dir: string; cleanup(): void };
  /** The admin JSON API with the Bearer token: GET without a body, POST with one. */
  api(p: string, body?: unknown): Promise<Response>;
  /** Delivers a Telegram update to the webhook with the right secret. */
  hook(update: Record<string, unknown>): Promise<Response>;
  stop(): Promise<void>;
}

export async function startAdminTelegramApp(): Promise<AdminTelegramApp> {
  const tg = await startFakeTelegram();
  const kb = tempCopy(KNOWLEDGE_DIR);
  const app = await startTestApp({ KNOWLEDGE_DIR: kb.dir, ADMIN_TOKEN, PUBLIC_URL: 'https://bot.example.org', TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: TG_SECRET });
  return {
    tg,
    app,
    kb,
    api: (p, body) =>
      fetch(`${app.url}/admin/api${p}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
    hook: (update) => post(`${app.url}/webhooks/telegram`, update, { 'x-telegram-bot-api-secret-token': TG_SECRET }),
    async stop() {
      await app.stop();
      await tg.close();
      kb.cleanup();
    },
  };
}
