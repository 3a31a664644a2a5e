/**
 * Flood: one chat sending far faster than anyone types gets one polite "slow down" and no more than the
 * flood guard's quota of answers; other chats sending at the same time get every answer.
 * Relies on the dispatcher's flood guard with its defaults (src/inbox/flood.ts, FLOOD_DEFAULTS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOOD_DEFAULTS } from '../../src/inbox/flood.js';
import { msg } from '../../src/messages.js';
import { post, startTestApp, waitUntil, type TestApp } from '../support/app.js';
import { textUpdate } from '../support/fake-telegram.js';
import { startTelegramLedger, type TelegramLedger } from '../support/telegram-ledger.js';

const SECRET = 'flood-secret_0123456789';
const HEADER = 'x-telegram-bot-api-secret-token';
const FLOODER = '777001';
const FLOOD_MESSAGES = 30;
const OTHERS = Array.from({ length: 10 }, (_, i) => String(777_100 + i));
const PER_OTHER = 3;
const QUESTIONS = ['khám sức khỏe miễn phí', 'vay vốn quỹ trợ vốn', 'tết sum vầy', 'tư vấn pháp luật'];

describe('flood: one chat far faster than a person can type', () => {
  let tg: TelegramLedger;
  let app: TestApp;
  beforeAll(async () => {
    tg = await startTelegramLedger();
    app = await startTestApp({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://bot.example.org' });
  });
  afterAll(async () => {
    await app?.stop();
    await tg?.close();
  });

  it('warns the flooder once, throttles it, and answers every other chat', async () => {
    let updateId = 1;
    const hook = (chatId: string, text: string) => post(`${app.url}/webhooks/telegram`, textUpdate(updateId++, Number(chatId), text), { [HEADER]: SECRET });
    const flooder = (async () => {
      for (let i = 0; i < FLOOD_MESSAGES; i++) expect((await hook(FLOODER, QUESTIONS[i % QUESTIONS.length] ?? 'vay')).status).toBe(200);
    })();
    const others = OTHERS.map(async (chat, k) => {
      for (let i = 0; i < PER_OTHER; i++) expect((await hook(chat, QUESTIONS[(i + k) % QUESTIONS.length] ?? 'vay')).status).toBe(200);
    });
    await Promise.all([flooder, ...others]);

    const quota = FLOOD_DEFAULTS.maxPerWindow;
    await waitUntil(() => OTHERS.every((c) => tg.delivered(c).length >= PER_OTHER) && tg.delivered(FLOODER).length >= quota + 1, 20_000);
    // Nothing is left pending: the flooder's extra messages are stored and marked handled, not lost or queued.
    await waitUntil(async () => (await app.store.pendingInbound(1)).length === 0 && (await app.store.dueOutbox(Date.now() + 10 ** 9, 1)).length === 0, 10_000);
    await new Promise((r) => setTimeout(r, 200));

    const toFlooder = tg.delivered(FLOODER);
    console.log(`flood: ${FLOOD_MESSAGES} messages from one chat → ${toFlooder.length} replies (${toFlooder.filter((t) => t === msg.slowDown).length} "slow down"); ${OTHERS.length} other chats × ${PER_OTHER} → ${OTHERS.map((c) => tg.delivered(c).length).join(',')} replies`);
    expect(toFlooder.filter((t) => t === msg.slowDown)).toHaveLength(1);
    expect(toFlooder).toHaveLength(quota + 1);
    expect(toFlooder[quota]).toBe(msg.slowDown); // after the quota's answers, in order
    for (const c of OTHERS) {
      expect(tg.delivered(c)).toHaveLength(PER_OTHER);
      expect(tg.delivered(c)).not.toContain(msg.slowDown);
    }
  });
});
